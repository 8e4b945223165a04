import { randomBytes } from 'node:crypto';
import type { FaultConfig } from './faults.js';
import { DEFAULT_INVALID_REQUESTS } from './invalid-requests.js';
import type { InvalidRequestConfig } from './invalid-requests.js';
import type { RateLimitConfig } from './rate-limits.js';
import { DEFAULT_RATE_LIMITS } from './rate-limits.js';
import { nextSnowflake } from './snowflake.js';
import type { SpecCheckMode } from './spec/contract.js';

/**
 * The world's time: message timestamps, the nonce window, interaction tokens' lifetime and thread
 * archiving follow it. Tests pass the bot's own clock, so moving one moves both ("one clock for the
 * world"); rate limits, the 3-second interaction deadline and gateway timers stay on real time, as
 * they measure the connection, not the calendar.
 */
export interface WorldClock {
  now(): Date;
  /** Moves time forward (the driver's advanceClock); clocks without it cannot be moved by the emulator. */
  advance?(ms: number): void;
}

/** Real time plus an offset the driver can move: the emulator's own clock when none is given. */
export class OffsetWorldClock implements WorldClock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}

export interface LocalDiscordOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  token?: string;
  applicationId?: string;
  botUsername?: string;
  /** `shards` reported by GET /gateway/bot. */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency`: shards that may IDENTIFY in the same 5 s window (Discord: 1 for small bots). */
  maxConcurrency?: number;
  /** `session_start_limit.total`: identifies allowed per period; one more resets the token and ends every session (Discord's documented penalty). */
  sessionStartLimit?: number;
  /** How long until `session_start_limit` is full again, from the first identify of a period (Discord: 24 h). */
  sessionStartResetMs?: number;
  /** Guilds one shard may hold; more closes the connection with 4011 Sharding required (Discord: 2,500). */
  maxGuildsPerShard?: number;
  /** The invalid-request limit (Discord: 10,000 responses of 401/403/429 in 10 min, then a ban). */
  invalidRequests?: Partial<InvalidRequestConfig>;
  heartbeatIntervalMs?: number;
  /** How long a disconnected session stays resumable. */
  resumeWindowMs?: number;
  /** Dispatches kept per session for RESUME replay. */
  replayBufferSize?: number;
  /** The first interaction callback must arrive within this (Discord: 3 s). */
  interactionDeadlineMs?: number;
  /** How long an interaction token works for webhooks (Discord: 15 min). */
  interactionTokenTtlMs?: number;
  /**
   * The driver's invoke/click/select/submitModal settle once the bot has left the interaction's token (and, for up
   * to 1 s, the whole API) alone this long after its last call (default 50 ms; a deferred reply or update must be
   * edited first).
   */
  interactionQuietMs?: number;
  /** enforce_nonce dedupe window on the world clock (Discord: "the past few minutes"; default a conservative 2 min). */
  nonceWindowMs?: number;
  /** The world clock (default: real time, movable with advanceClock). */
  clock?: WorldClock;
  rateLimits?: Partial<RateLimitConfig>;
  faults?: FaultConfig;
  /** Privileged intents the application is allowed (bitfield); default: all of them. */
  allowedPrivilegedIntents?: number;
  maxMessagesPerChannel?: number;
  maxInteractions?: number;
  requestLogSize?: number;
  /** Seed for fault randomness so a run can be repeated. */
  seed?: number;
  /**
   * Check every request and response against Discord's OpenAPI spec (default 'enforce'): a request off the
   * spec is refused with 400 50035, a response off the spec (an emulator bug) becomes a 500 and is counted
   * in stats().spec. Needs the dev dependency discord-api-spec.
   */
  specChecks?: SpecCheckMode;
  log?: (line: string) => void;
}

export interface ResolvedConfig {
  port: number;
  host: string;
  token: string;
  applicationId: string;
  botUserId: string;
  botUsername: string;
  recommendedShards: number;
  maxConcurrency: number;
  sessionStartLimit: number;
  sessionStartResetMs: number;
  maxGuildsPerShard: number;
  invalidRequests: InvalidRequestConfig;
  heartbeatIntervalMs: number;
  resumeWindowMs: number;
  replayBufferSize: number;
  interactionDeadlineMs: number;
  interactionTokenTtlMs: number;
  interactionQuietMs: number;
  nonceWindowMs: number;
  clock: WorldClock;
  rateLimits: RateLimitConfig;
  faults: FaultConfig;
  allowedPrivilegedIntents: number;
  maxMessagesPerChannel: number;
  maxInteractions: number;
  requestLogSize: number;
  seed: number;
  specChecks: SpecCheckMode;
  log: (line: string) => void;
}

/** GuildMembers | GuildPresences | MessageContent. */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

export function makeToken(botUserId: string): string {
  // Same shape as a real bot token: base64(user id).timestamp.hmac — discord.js only checks it is a string.
  const head = Buffer.from(botUserId).toString('base64url');
  return `${head}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}

export function resolveConfig(options: LocalDiscordOptions = {}): ResolvedConfig {
  // Discord uses the same snowflake for a bot's application and its user.
  const applicationId = options.applicationId ?? nextSnowflake();
  const botUserId = applicationId;
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    token: options.token ?? makeToken(botUserId),
    applicationId,
    botUserId,
    botUsername: options.botUsername ?? 'CTO Mentor',
    recommendedShards: options.recommendedShards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    sessionStartLimit: options.sessionStartLimit ?? 1000,
    sessionStartResetMs: options.sessionStartResetMs ?? 24 * 60 * 60_000,
    maxGuildsPerShard: options.maxGuildsPerShard ?? 2_500,
    invalidRequests: { ...DEFAULT_INVALID_REQUESTS, ...options.invalidRequests },
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    resumeWindowMs: options.resumeWindowMs ?? 120_000,
    replayBufferSize: options.replayBufferSize ?? 2_000,
    interactionDeadlineMs: options.interactionDeadlineMs ?? 3_000,
    interactionTokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60_000,
    interactionQuietMs: options.interactionQuietMs ?? 50,
    nonceWindowMs: options.nonceWindowMs ?? 2 * 60_000,
    clock: options.clock ?? new OffsetWorldClock(),
    rateLimits: {
      ...DEFAULT_RATE_LIMITS,
      ...options.rateLimits,
      routes: { ...DEFAULT_RATE_LIMITS.routes, ...options.rateLimits?.routes },
    },
    faults: options.faults ?? {},
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
    maxMessagesPerChannel: options.maxMessagesPerChannel ?? 1_000,
    maxInteractions: options.maxInteractions ?? 50_000,
    requestLogSize: options.requestLogSize ?? 2_000,
    seed: options.seed ?? 0x5eed,
    specChecks: options.specChecks ?? 'enforce',
    log: options.log ?? (() => {}),
  };
}
