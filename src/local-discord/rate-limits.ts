import { createHash } from 'node:crypto';

export interface RouteLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitConfig {
  /** Requests per second per bot token across all routes (interaction callbacks and interaction webhooks are exempt). */
  globalPerSecond: number;
  /**
   * Slack for the global window: a request arriving this close before the window ends counts in the next one.
   * discord.js starts its 1 s window when it sends, we start ours when we receive; network jitter must not read as abuse.
   * Windows still start 1 s apart at the least, so over time no client gets more than the limit.
   */
  globalGraceMs: number;
  /** Limit of every route+major parameter without its own entry. */
  default: RouteLimit;
  /** Per route, keyed `METHOD /route/:template` as in `LocalDiscord.requests()`. */
  routes: Record<string, RouteLimit>;
}

/** Discord-like defaults (documented in the report / README). */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  globalPerSecond: 50,
  globalGraceMs: 50,
  default: { limit: 50, windowMs: 1_000 },
  routes: {
    'POST /channels/:channelId/messages': { limit: 5, windowMs: 5_000 },
    'PATCH /channels/:channelId/messages/:messageId': { limit: 5, windowMs: 5_000 },
    'DELETE /channels/:channelId/messages/:messageId': { limit: 5, windowMs: 1_000 },
    'POST /channels/:channelId/messages/:messageId/crosspost': { limit: 10, windowMs: 3_600_000 },
    'POST /channels/:channelId/messages/:messageId/threads': { limit: 10, windowMs: 10_000 },
    'POST /channels/:channelId/threads': { limit: 10, windowMs: 10_000 },
    'POST /users/@me/channels': { limit: 10, windowMs: 10_000 },
    'POST /webhooks/:webhookId/:token': { limit: 5, windowMs: 2_000 },
    'PUT /applications/:applicationId/commands': { limit: 10, windowMs: 10_000 },
    'PUT /applications/:applicationId/guilds/:guildId/commands': { limit: 10, windowMs: 10_000 },
  },
};

export type ViolationKind = 'route' | 'global';

export interface RateLimitVerdict {
  headers: Record<string, string>;
  /** Set when the request broke a limit and must be answered 429. */
  violation?: { kind: ViolationKind; retryAfterSec: number; body: { message: string; retry_after: number; global: boolean; code?: number } };
}

interface Window {
  start: number;
  count: number;
  windowMs: number;
}

const seconds = (ms: number): number => Math.max(0, Math.round(ms) / 1000);

/** Fixed-window buckets per route + major parameter, plus a global per-token window, as Discord exposes them. */
export class RateLimiter {
  private readonly buckets = new Map<string, Window>();
  private readonly hashes = new Map<string, string>();
  private global: Window = { start: 0, count: 0, windowMs: 1_000 };
  private sweepAt = 0;

  constructor(private config: RateLimitConfig) {}

  setConfig(config: RateLimitConfig): void {
    this.config = config;
    this.buckets.clear();
  }

  getConfig(): RateLimitConfig {
    return this.config;
  }

  check(routeKey: string, major: string, options: { globalExempt: boolean; routeLimited: boolean }, now: number): RateLimitVerdict {
    this.sweep(now);
    if (!options.globalExempt) {
      const g = this.global;
      if (now >= g.start + g.windowMs - this.config.globalGraceMs) {
        // A window opened early by the grace still starts where the last one ends: otherwise windows of
        // 950 ms would let a client that sends at the edge of each through at 5% over the limit.
        this.global = { start: Math.max(now, g.start + g.windowMs), count: 0, windowMs: 1_000 };
      }
      this.global.count += 1;
      if (this.global.count > this.config.globalPerSecond) {
        const retryAfterSec = seconds(this.global.start + this.global.windowMs - now);
        return {
          headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global', 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSec))) },
          violation: { kind: 'global', retryAfterSec, body: { message: 'You are being rate limited.', retry_after: retryAfterSec, global: true } },
        };
      }
    }
    if (!options.routeLimited) return { headers: {} };
    const rule = this.config.routes[routeKey] ?? this.config.default;
    const key = `${routeKey}\u0000${major}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.start + bucket.windowMs) {
      bucket = { start: now, count: 0, windowMs: rule.windowMs };
      this.buckets.set(key, bucket);
    }
    bucket.count += 1;
    const resetAt = bucket.start + bucket.windowMs;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(Math.max(0, rule.limit - bucket.count)),
      'X-RateLimit-Reset': (resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': seconds(resetAt - now).toFixed(3),
      'X-RateLimit-Bucket': this.bucketHash(routeKey),
    };
    if (bucket.count <= rule.limit) return { headers };
    // A rejected request does not consume the bucket.
    bucket.count = rule.limit;
    headers['X-RateLimit-Remaining'] = '0';
    const retryAfterSec = seconds(resetAt - now);
    headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSec)));
    headers['X-RateLimit-Scope'] = 'user';
    return {
      headers,
      violation: { kind: 'route', retryAfterSec, body: { message: 'You are being rate limited.', retry_after: retryAfterSec, global: false } },
    };
  }

  /** Opaque per-route hash like Discord's `X-RateLimit-Bucket`. */
  private bucketHash(routeKey: string): string {
    let hash = this.hashes.get(routeKey);
    if (!hash) {
      hash = createHash('sha1').update(routeKey).digest('hex').slice(0, 32);
      this.hashes.set(routeKey, hash);
    }
    return hash;
  }

  /** Drop expired windows now and then so per-token webhook buckets do not pile up. */
  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    this.sweepAt = now + 10_000;
    for (const [key, bucket] of this.buckets) {
      if (now >= bucket.start + bucket.windowMs) this.buckets.delete(key);
    }
  }
}
