import type { z } from 'zod';
import { envSchema, proxyEnvSchema, type LOG_LEVELS } from './schema.js';

export interface Config {
  /** Absent means: run the offline sandbox instead of connecting to Discord. */
  readonly token: string | undefined;
  readonly applicationId: string | undefined;
  readonly devGuildId: string | undefined;
  readonly databasePath: string;
  /** PostgreSQL (`postgres://…`) instead of the SQLite file; undefined: SQLite, as always. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly healthPort: number | undefined;
  readonly discordApiUrl: string | undefined;
  readonly shardCount: number | 'auto';
  /** The shards this host runs (several hosts); undefined: every shard of shardCount. */
  readonly shardIds: readonly number[] | undefined;
  /** discordApiUrl is a REST proxy shared by every host, which keeps the bot under the global limit. */
  readonly restProxy: boolean;
  readonly restGlobalRequestsPerSecond: number;
  /** This host's name on the posts it claims; undefined: the machine's host name. */
  readonly hostId: string | undefined;
  /** The community site's port; undefined: no site. */
  readonly webPort: number | undefined;
  /** The site's public address (canonical URLs, sitemaps); undefined: its local address. */
  readonly webBaseUrl: string | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment once into a frozen Config; every bad variable is named in one error. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = envSchema.safeParse(env);
  const problems = [...(result.success ? [] : describeIssues(result.error)), ...crossFieldProblems(env)];
  if (!result.success || problems.length > 0) {
    throw new ConfigError(problems);
  }
  const parsed = result.data;
  return Object.freeze({
    token: parsed.DISCORD_TOKEN,
    applicationId: parsed.DISCORD_APPLICATION_ID,
    devGuildId: parsed.DISCORD_GUILD_ID,
    databasePath: parsed.DATABASE_PATH,
    databaseUrl: parsed.DATABASE_URL,
    logLevel: parsed.LOG_LEVEL,
    healthPort: parsed.HEALTH_PORT,
    discordApiUrl: parsed.DISCORD_API_URL,
    shardCount: parsed.SHARD_COUNT,
    shardIds: parsed.SHARD_IDS ? Object.freeze(parsed.SHARD_IDS) : undefined,
    restProxy: parsed.DISCORD_REST_PROXY,
    restGlobalRequestsPerSecond: parsed.REST_GLOBAL_REQUESTS_PER_SECOND,
    hostId: parsed.HOST_ID,
    webPort: parsed.WEB_PORT,
    webBaseUrl: parsed.WEB_BASE_URL,
  });
}

export interface ProxyConfig {
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly port: number;
  readonly host: string;
  /** The API requests are relayed to: Discord's, or the local Discord's in tests and the sandbox. */
  readonly upstreamApiUrl: string;
  readonly globalRequestsPerSecond: number;
}

/** The REST proxy's environment, parsed like the bot's: every bad variable named in one error. */
export function parseProxyConfig(env: Readonly<Record<string, string | undefined>>): ProxyConfig {
  const result = proxyEnvSchema.safeParse(env);
  if (!result.success) throw new ConfigError(describeIssues(result.error));
  const parsed = result.data;
  return Object.freeze({
    logLevel: parsed.LOG_LEVEL,
    port: parsed.PROXY_PORT,
    host: parsed.PROXY_HOST,
    upstreamApiUrl: parsed.PROXY_UPSTREAM_API_URL,
    globalRequestsPerSecond: parsed.REST_GLOBAL_REQUESTS_PER_SECOND,
  });
}

function crossFieldProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
    return ['DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set (Developer Portal → General Information → Application ID)'];
  }
  return [];
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${describeIssue(issue)}`;
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
}
