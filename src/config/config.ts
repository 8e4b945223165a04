import type { z } from 'zod';
import { envSchema, type LOG_LEVELS } from './schema.js';

export interface Config {
  /** Absent means: run the offline sandbox instead of connecting to Discord. */
  readonly token: string | undefined;
  readonly applicationId: string | undefined;
  readonly devGuildId: string | undefined;
  readonly databasePath: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly healthPort: number | undefined;
  readonly discordApiUrl: string | undefined;
  readonly shardCount: number | 'auto';
  readonly restGlobalRequestsPerSecond: number;
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
    logLevel: parsed.LOG_LEVEL,
    healthPort: parsed.HEALTH_PORT,
    discordApiUrl: parsed.DISCORD_API_URL,
    shardCount: parsed.SHARD_COUNT,
    restGlobalRequestsPerSecond: parsed.REST_GLOBAL_REQUESTS_PER_SECOND,
    webPort: parsed.WEB_PORT,
    webBaseUrl: parsed.WEB_BASE_URL,
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
