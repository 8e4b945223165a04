import type { IncomingHttpHeaders } from 'node:http';
import type { Core } from '../core.js';
import type { UploadedFile } from '../services/messages.js';

export interface RestRequest {
  method: string;
  /** Path after `/api/v10`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  files: UploadedFile[];
}

export interface RestResult {
  status: number;
  /** Omitted for 204. */
  body?: unknown;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: Method;
  /** e.g. `/channels/:channelId/messages`; `:name` segments become params. */
  pattern: string;
  handle: (core: Core, request: RestRequest) => RestResult | Promise<RestResult>;
  /** Needs `Authorization: Bot <token>` (default true; interaction callbacks and webhooks with a token do not). */
  auth?: boolean;
  /** Not counted against the global limit (interaction callbacks and interaction webhooks, as on Discord). */
  globalExempt?: boolean;
  /** Has a per-route bucket (default true). */
  routeLimited?: boolean;
  /** Counts in the bucket (and takes the limit) of this other route key, per major parameter, instead of its own. */
  bucketOf?: string;
  /**
   * The route's own body rules, without side effects (the handler applies them again). Asked only when a body
   * is off Discord's spec: where both refuse, Discord's own codes and wording come from these rules.
   */
  rules?: (request: RestRequest) => void;
}

export const ok = (body: unknown): RestResult => ({ status: 200, body });
export const created = (body: unknown): RestResult => ({ status: 201, body });
export const noContent = (): RestResult => ({ status: 204 });

export const param = (request: RestRequest, name: string): string => {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
};
