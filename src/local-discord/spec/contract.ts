import * as z from 'zod/mini';
import type { RouteDef } from '../rest/types.js';
import { formatPath, toFieldIssues } from '../validation/zod-issues.js';
import type { FieldIssue } from '../validation/zod-issues.js';
import { SPEC_OPERATIONS } from './operations.generated.js';
import { pickOperation, specOperationsByRoute } from './route-table.js';
import { describeType } from './schemas.js';
import type { SpecSchemas } from './schemas.js';
import type { SpecType } from './spec-types.js';

/** `enforce`: requests off the spec are refused (400 50035), responses off the spec become 500s and are counted. */
export type SpecCheckMode = 'enforce' | 'off';

export interface SpecViolation {
  side: 'request' | 'response';
  /** The spec operation, e.g. `POST /channels/{channel_id}/messages`. */
  operation: string;
  /** The spec's type for the body, e.g. `MessageCreateRequest`. */
  type: string;
  status: number | null;
  issues: FieldIssue[];
}

/** One line: the operation, the type, and per field path what the spec expects. */
export function describeViolation(violation: SpecViolation): string {
  const at = violation.status === null ? violation.operation : `${violation.operation} → ${violation.status}`;
  const fields = violation.issues.map((issue) => `${formatPath(issue.path)} should be ${issue.expected}`).join('; ');
  return `${at} (${violation.type}): ${fields}`;
}

/** Statuses the spec groups: `4XX` stands for every client error it does not list one by one. */
function responseType(responses: Readonly<Record<string, SpecType>>, status: number): SpecType | undefined {
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`];
}

/** Checks the emulator's requests and responses against the operations of Discord's OpenAPI spec. */
export class SpecContract {
  private readonly operations: ReadonlyMap<string, string[]>;

  constructor(
    private readonly schemas: SpecSchemas,
    routes: readonly RouteDef[],
  ) {
    this.operations = specOperationsByRoute(routes);
  }

  /** The spec operation a request to `routeKey` at `path` is, if the spec describes it. */
  operationFor(routeKey: string, path: string): string | undefined {
    const candidates = this.operations.get(routeKey);
    return candidates ? pickOperation(candidates, path) : undefined;
  }

  checkRequest(routeKey: string, path: string, body: unknown): SpecViolation | null {
    const operation = this.operationFor(routeKey, path);
    const spec = operation ? SPEC_OPERATIONS[operation] : undefined;
    if (!operation || !spec || body === undefined) return null;
    if (!spec.body) return { side: 'request', operation, type: 'no body', status: null, issues: [{ path: [], code: 'BASE_TYPE_INVALID', message: 'This request takes no body.', expected: 'absent (the spec takes no body here)' }] };
    return this.check('request', operation, spec.body, null, body);
  }

  checkResponse(routeKey: string, path: string, status: number, body: unknown): SpecViolation | null {
    const operation = this.operationFor(routeKey, path);
    const spec = operation ? SPEC_OPERATIONS[operation] : undefined;
    if (!operation || !spec) return null;
    const type = responseType(spec.responses, status);
    if (!type) {
      const listed = Object.keys(spec.responses).join(', ');
      return { side: 'response', operation, type: 'no such status', status, issues: [{ path: [], code: 'STATUS', message: `The spec lists ${listed}.`, expected: `answered with one of ${listed}` }] };
    }
    if ('unknown' in type) {
      if (body === undefined) return null;
      return { side: 'response', operation, type: 'empty', status, issues: [{ path: [], code: 'BODY', message: 'A 204 has no body.', expected: 'empty' }] };
    }
    return this.check('response', operation, type, status, body);
  }

  private check(side: SpecViolation['side'], operation: string, type: SpecType, status: number | null, body: unknown): SpecViolation | null {
    const schema = this.schemas.schemaFor(type);
    if (!schema) return null;
    const result = z.safeParse(schema, body);
    if (result.success) return null;
    return { side, operation, type: describeType(type), status, issues: toFieldIssues(result.error.issues, body) };
  }
}
