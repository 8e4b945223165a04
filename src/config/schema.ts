import { z } from 'zod';

/** Treats `VAR=` (common in copied .env files) the same as an unset variable. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits)');

// A bot token is three dot-separated base64url segments. The value is never echoed in messages.
const token = z.string().regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'expected a bot token (three dot-separated parts, from the Developer Portal → Bot → Reset Token)');

// 0 asks the OS for a free port (the bot logs which one): handy for tests and side-by-side runs.
const port = z.coerce.number({ error: 'expected a port number from 0 to 65535' }).int().min(0).max(65_535, 'expected a port number from 0 to 65535');

const shardCount = z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)], {
  error: "expected 'auto' or a whole number of shards from 1",
});

/**
 * The shards one host runs, of SHARD_COUNT: `0-3`, `4,5`, `0-1,6`. Ids are checked against SHARD_COUNT
 * below; hosts with disjoint ranges and the same SHARD_COUNT together run every shard.
 */
const shardIds = z
  .string()
  .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, 'expected shard ids such as 0-3, 4,5 or 0-1,6')
  .transform((value, context) => {
    const ids = new Set<number>();
    for (const part of value.split(',')) {
      const [from = 0, to = from] = part.split('-').map((bound) => Number(bound.trim()));
      if (to < from) context.addIssue({ code: 'custom', message: `${part.trim()}: a range goes from the lower id to the higher` });
      for (let id = from; id <= to && ids.size <= 10_000; id += 1) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  });

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const globalRequestsPerSecond = optional(z.coerce.number({ error: 'expected a whole number of requests per second' }).int().min(1).max(100_000)).transform(
  (value) => value ?? 50,
);

export const envSchema = z
  .object({
    DISCORD_TOKEN: optional(token),
    DISCORD_APPLICATION_ID: optional(snowflake),
    DISCORD_GUILD_ID: optional(snowflake),
    DATABASE_PATH: optional(z.string().min(1)).transform((value) => value ?? 'data/cto-mentor.db'),
    // PostgreSQL instead of the SQLite file (docs/postgres.md). The message never repeats the value: it may hold a password.
    DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: 'expected a PostgreSQL URL such as postgres://user:password@host:5432/cto_mentor' })),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS)).transform((value) => value ?? 'info'),
    HEALTH_PORT: optional(port),
    DISCORD_API_URL: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:8787/api' })),
    SHARD_COUNT: optional(shardCount).transform((value) => value ?? 1),
    // Several hosts: each runs only these shards of SHARD_COUNT (docs/operations.md, "Several hosts").
    SHARD_IDS: optional(shardIds),
    // DISCORD_API_URL is the REST proxy every host shares (`npm run proxy`): it keeps the bot under the global
    // limit, so each process may use all of it instead of its shard's share.
    DISCORD_REST_PROXY: optional(flag).transform((value) => value ?? false),
    // The community site (issue 18): off unless a port is set; WEB_BASE_URL is its public address (a domain or a subpath).
    WEB_PORT: optional(port),
    WEB_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'expected the public http(s) address of the site, such as https://example.org/community' })),
    REST_GLOBAL_REQUESTS_PER_SECOND: globalRequestsPerSecond,
    // Several hosts: this host's name on the posts it claims (default: the machine's host name); two instances on one machine need their own.
    HOST_ID: optional(z.string().trim().min(1).max(100)),
  })
  .superRefine((env, context) => {
    // Refinements run even when a field failed: SHARD_IDS may still be the raw string then.
    if (Array.isArray(env.SHARD_IDS)) {
      if (typeof env.SHARD_COUNT !== 'number' || env.SHARD_COUNT < 2) {
        context.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: 'needs SHARD_COUNT set to the number of shards over all hosts (2 or more; not auto, so every host agrees)' });
      } else {
        const outside = env.SHARD_IDS.filter((id) => id >= Number(env.SHARD_COUNT));
        if (outside.length > 0) context.addIssue({ code: 'custom', path: ['SHARD_IDS'], message: `shard ids run from 0 to SHARD_COUNT - 1 (${env.SHARD_COUNT - 1}); got ${outside.slice(0, 3).join(', ')}` });
      }
    }
    if (env.DISCORD_REST_PROXY && !env.DISCORD_API_URL) {
      context.addIssue({ code: 'custom', path: ['DISCORD_REST_PROXY'], message: "needs DISCORD_API_URL set to the proxy's address, such as http://rest-proxy:8080/api" });
    }
  });

/** The REST proxy's environment (`npm run proxy`): where it listens, and which API it relays to. */
export const proxyEnvSchema = z.object({
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)).transform((value) => value ?? 'info'),
  PROXY_PORT: optional(port).transform((value) => value ?? 8080),
  // Loopback unless told: a container sets 0.0.0.0 so the bot hosts reach it, and nothing else should.
  PROXY_HOST: optional(z.string().min(1)).transform((value) => value ?? '127.0.0.1'),
  PROXY_UPSTREAM_API_URL: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://discord.com/api' })).transform(
    (value) => value ?? 'https://discord.com/api',
  ),
  REST_GLOBAL_REQUESTS_PER_SECOND: globalRequestsPerSecond,
});
