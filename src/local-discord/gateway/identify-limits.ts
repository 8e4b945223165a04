/** Discord lets `max_concurrency` shards identify per this window, keyed `shard_id % max_concurrency`. */
export const IDENTIFY_WINDOW_MS = 5_000;

export interface IdentifyLimitConfig {
  /** `session_start_limit.total`. */
  sessionStartLimit: number;
  sessionStartResetMs: number;
  maxConcurrency: number;
}

/** What GET /gateway/bot reports. */
export interface SessionStartLimit {
  total: number;
  remaining: number;
  reset_after: number;
  max_concurrency: number;
}

export type IdentifyVerdict = 'ok' | 'too-fast' | 'exhausted';

/**
 * The two limits on IDENTIFY (events/gateway, "Identifying"): a daily budget of session starts, whose
 * period begins with its first identify, and `max_concurrency` identifies per 5 s per rate-limit key.
 * An identify refused for speed still spent one session start: where Discord is silent, the stricter.
 */
export class IdentifyLimits {
  private used = 0;
  private periodStart: number | null = null;
  private readonly lastByKey = new Map<number, number>();

  constructor(private readonly config: IdentifyLimitConfig) {}

  sessionStartLimit(now: number): SessionStartLimit {
    this.roll(now);
    const { sessionStartLimit: total, sessionStartResetMs, maxConcurrency } = this.config;
    return {
      total,
      remaining: Math.max(0, total - this.used),
      reset_after: this.periodStart === null ? sessionStartResetMs : Math.max(0, this.periodStart + sessionStartResetMs - now),
      max_concurrency: maxConcurrency,
    };
  }

  /** Judges one identify of `shardId`, spending a session start unless the budget is already gone. */
  take(shardId: number, now: number): IdentifyVerdict {
    this.roll(now);
    if (this.used >= this.config.sessionStartLimit) return 'exhausted';
    this.used += 1;
    this.periodStart ??= now;
    const key = shardId % Math.max(1, this.config.maxConcurrency);
    const last = this.lastByKey.get(key);
    if (last !== undefined && now - last < IDENTIFY_WINDOW_MS) return 'too-fast';
    this.lastByKey.set(key, now);
    return 'ok';
  }

  private roll(now: number): void {
    if (this.periodStart !== null && now >= this.periodStart + this.config.sessionStartResetMs) {
      this.used = 0;
      this.periodStart = null;
    }
  }
}
