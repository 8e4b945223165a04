import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Core } from './core.js';
import type { LocalDiscord } from './driver/local-discord.js';
import type { EmulatorInfo } from './driver/types.js';

const id = z.string();
const bits = z.union([z.string(), z.number().int()]).transform((v) => String(v));
const overwrite = z.object({ id, type: z.union([z.literal('role'), z.literal('member'), z.literal(0), z.literal(1)]), allow: bits.optional(), deny: bits.optional() });
const context = z.object({ guildId: id.optional(), channelId: id.optional(), userId: id.optional(), unchecked: z.boolean().optional(), settleTimeoutMs: z.number().optional(), quietMs: z.number().min(0).optional() });
const messageRef = z.object({ id, channel_id: id }).loose();
const optionValue = z.union([z.string(), z.number(), z.boolean(), z.object({ filename: z.string(), data: z.string(), contentType: z.string().optional(), encoding: z.enum(['utf8', 'base64']).optional() })]);

const guildInput = z.object({ name: z.string(), id: id.optional(), ownerId: id.optional(), locale: z.string().optional(), botPermissions: bits.optional(), everyonePermissions: bits.optional() });
const channelInput = z.object({
  name: z.string(),
  type: z.enum(['text', 'announcement', 'forum', 'voice', 'category']).optional(),
  id: id.optional(),
  parentId: id.optional(),
  topic: z.string().optional(),
  nsfw: z.boolean().optional(),
  permissionOverwrites: z.array(overwrite).optional(),
});
const faults = z.object({
  serverErrors: z
    .object({
      rate: z.number().min(0).max(1).optional(),
      next: z.number().int().min(0).optional(),
      statuses: z.array(z.number().int().min(500).max(599)).optional(),
      routes: z.array(z.string()).optional(),
      mode: z.enum(['reject', 'apply-then-fail']).optional(),
    })
    .optional(),
  latencyMs: z.number().min(0).optional(),
  jitterMs: z.number().min(0).optional(),
  spikes: z.object({ rate: z.number().min(0).max(1), ms: z.number().min(0) }).optional(),
});
const routeLimit = z.object({ limit: z.number().int().min(1), windowMs: z.number().int().min(1) });
const rateLimits = z.object({ globalPerSecond: z.number().int().min(1).optional(), globalGraceMs: z.number().min(0).optional(), default: routeLimit.optional(), routes: z.record(z.string(), routeLimit).optional() });
const roleInput = z.object({ name: z.string(), id: id.optional(), permissions: bits.optional(), mentionable: z.boolean().optional(), color: z.number().optional(), hoist: z.boolean().optional() });

/**
 * The driver over HTTP: `POST /_local/rpc/<method>` with `{ "args": [...] }` answers `{ "result": ... }`
 * (errors: 400 `{ "error": message }`). Predicates cannot travel, so waiting is done client-side with
 * `GET /_local/wait?since=<version>&timeoutMs=` (long-poll until the emulator's state changes).
 */
const methods = {
  createGuild: z.tuple([guildInput]),
  createChannel: z.tuple([id, channelInput]),
  createRole: z.tuple([id, roleInput]),
  createUser: z.tuple([z.object({ username: z.string(), id: id.optional(), globalName: z.string().optional(), bot: z.boolean().optional(), dmsBlocked: z.boolean().optional() })]),
  createMember: z.tuple([id, z.object({ userId: id.optional(), username: z.string().optional(), roles: z.array(id).optional(), nick: z.string().nullable().optional() })]),
  updateMember: z.tuple([id, id, z.object({ roles: z.array(id).optional(), nick: z.string().nullable().optional() })]),
  removeMember: z.tuple([id, id]),
  updateRole: z.tuple([id, id, roleInput.omit({ id: true }).partial()]),
  setPermissionOverwrites: z.tuple([id, z.array(overwrite)]),
  deleteChannel: z.tuple([id]),
  updateGuild: z.tuple([id, z.object({ name: z.string().optional(), systemChannelId: id.nullable().optional() })]),
  updateThread: z.tuple([id, z.object({ archived: z.boolean().optional(), locked: z.boolean().optional(), autoArchiveDuration: z.number().int().optional() })]),
  updateForum: z.tuple([
    id,
    z.object({
      availableTags: z.array(z.object({ id: id.optional(), name: z.string(), moderated: z.boolean().optional(), emojiName: z.string().nullable().optional() })).optional(),
      requireTag: z.boolean().optional(),
    }),
  ]),
  removeBot: z.tuple([id]),
  postMessage: z.tuple([id, z.object({ userId: id, content: z.string(), replyTo: id.optional(), mentionRepliedUser: z.boolean().optional() })]),
  deleteMessage: z.tuple([messageRef, z.object({ userId: id })]),
  invokeMessageCommand: z.tuple([z.string(), messageRef, context.optional()]),
  invokeUserCommand: z.tuple([z.string(), id, context.optional()]),
  invoke: z.tuple([z.string(), z.record(z.string(), optionValue).optional(), context.optional()]),
  autocomplete: z.tuple([z.string(), z.record(z.string(), optionValue), z.string(), context.optional()]),
  click: z.tuple([messageRef, z.union([z.string(), z.number()]), context.optional()]),
  select: z.tuple([messageRef, z.union([z.string(), z.number()]), z.array(z.string()), context.optional()]),
  submitModal: z.tuple([z.union([z.string(), z.object({ interactionId: id }).loose()]), z.record(z.string(), z.union([z.string(), z.array(z.string())])), z.object({ settleTimeoutMs: z.number().optional(), quietMs: z.number().min(0).optional() }).optional()]),
  craft: z.tuple([
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('button'), customId: z.string(), message: messageRef }),
      z.object({ kind: z.literal('select'), customId: z.string(), values: z.array(z.string()), message: messageRef }),
      z.object({ kind: z.literal('modal'), customId: z.string(), fields: z.record(z.string(), z.string()), message: messageRef.optional() }),
    ]),
    context.optional(),
  ]),
  interaction: z.tuple([id]),
  channels: z.tuple([id]),
  messages: z.tuple([id]),
  dms: z.tuple([id]),
  attachment: z.tuple([id]),
  commands: z.tuple([id.optional()]),
  requests: z.tuple([]),
  stats: z.tuple([]),
  setFaults: z.tuple([faults]),
  setRateLimits: z.tuple([rateLimits]),
  advanceClock: z.tuple([z.number().min(0)]),
  now: z.tuple([]),
  dropGateway: z.tuple([z.object({ shardId: z.number().optional(), afterDispatches: z.number().optional(), how: z.enum(['close', 'terminate']).optional(), code: z.number().optional() }).optional()]),
} as const;

export type RemoteMethod = keyof typeof methods;

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text).toString() });
  response.end(text);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function waitForChange(core: Core, since: number, timeoutMs: number): Promise<number> {
  if (core.state.version > since) return Promise.resolve(core.state.version);
  return new Promise((resolve) => {
    const onChange = (): void => {
      clearTimeout(timer);
      resolve(core.state.version);
    };
    const timer = setTimeout(() => {
      core.state.changes.off('change', onChange);
      resolve(core.state.version);
    }, timeoutMs);
    core.state.changes.once('change', onChange);
  });
}

export function createControlHandler(driver: LocalDiscord, core: Core) {
  return async (request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<void> => {
    try {
      if (request.method === 'GET' && path === '/_local/info') {
        const info: EmulatorInfo = { apiUrl: driver.apiUrl, gatewayUrl: driver.gatewayUrl, controlUrl: driver.controlUrl, token: driver.token, applicationId: driver.applicationId, botUserId: driver.botUserId };
        reply(response, 200, info);
        return;
      }
      if (request.method === 'GET' && path === '/_local/wait') {
        const since = Number(query.get('since') ?? -1);
        const timeoutMs = Math.min(60_000, Math.max(0, Number(query.get('timeoutMs') ?? 25_000)));
        reply(response, 200, { version: await waitForChange(core, since, timeoutMs) });
        return;
      }
      const name = /^\/_local\/rpc\/(\w+)$/.exec(path)?.[1];
      if (request.method !== 'POST' || !name || !(name in methods)) {
        reply(response, 404, { error: `no control endpoint ${request.method ?? ''} ${path}` });
        return;
      }
      const body = (await readJson(request)) as { args?: unknown };
      const parsed = methods[name as RemoteMethod].safeParse(body.args ?? []);
      if (!parsed.success) {
        reply(response, 400, { error: `bad arguments for ${name}: ${parsed.error.message}` });
        return;
      }
      const fn = driver[name as RemoteMethod] as (...args: unknown[]) => Promise<unknown>;
      let result = await fn.apply(driver, parsed.data as unknown[]);
      if (name === 'attachment') {
        const attachment = result as { data: Buffer };
        result = { ...attachment, data: attachment.data.toString('base64') };
      }
      reply(response, 200, { result: result ?? null });
    } catch (error) {
      reply(response, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}
