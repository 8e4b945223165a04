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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const envSchema = z
  .object({
    DISCORD_TOKEN: optional(token),
    DISCORD_APPLICATION_ID: optional(snowflake),
    DISCORD_GUILD_ID: optional(snowflake),
    DATABASE_PATH: optional(z.string().min(1)).transform((value) => value ?? 'data/cto-mentor.db'),
    LOG_LEVEL: optional(z.enum(LOG_LEVELS)).transform((value) => value ?? 'info'),
    HEALTH_PORT: optional(port),
    DISCORD_API_URL: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:8787/api' })),
    SHARD_COUNT: optional(shardCount).transform((value) => value ?? 1),
    // The community site (issue 18): off unless a port is set; WEB_BASE_URL is its public address (a domain or a subpath).
    WEB_PORT: optional(port),
    WEB_BASE_URL: optional(z.url({ protocol: /^https?$/, error: 'expected the public http(s) address of the site, such as https://example.org/community' })),
    REST_GLOBAL_REQUESTS_PER_SECOND: optional(z.coerce.number({ error: 'expected a whole number of requests per second' }).int().min(1).max(100_000)).transform((value) => value ?? 50),
  });
