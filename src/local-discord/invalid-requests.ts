/**
 * Discord's "Invalid Request Limit aka Cloudflare bans" (topics/rate-limits): a client whose responses
 * include too many 401, 403 and 429 (429s with `X-RateLimit-Scope: shared` excepted) in a window is
 * refused everything for a while, before the request reaches the API.
 */
export interface InvalidRequestConfig {
  /** Invalid responses allowed in a window (Discord: 10,000). */
  limit: number;
  /** Discord: 10 minutes. */
  windowMs: number;
  /** How long the ban lasts (Discord says "temporarily"; reported bans last about an hour). */
  banMs: number;
}

export const DEFAULT_INVALID_REQUESTS: InvalidRequestConfig = { limit: 10_000, windowMs: 10 * 60_000, banMs: 60 * 60_000 };

/**
 * What Discord's edge answers while a client is banned: a static 429 with this body and no rate-limit
 * headers, not even Retry-After (discord-api-docs issue 5810), so a client cannot tell how long to wait.
 */
export const BLOCKED_BODY = {
  message:
    'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently. Please read our docs at https://discord.com/developers/docs/topics/rate-limits to prevent this moving forward.',
  code: 0,
};

/** Statuses that count, unless a 429 was for a limit the resource shares with other apps. */
export function isInvalidResponse(status: number, scope: string | undefined): boolean {
  if (status === 429) return scope !== 'shared';
  return status === 401 || status === 403;
}

/** A sliding window of invalid responses, and the ban it leads to. */
export class InvalidRequestLimiter {
  private readonly times: number[] = [];
  private first = 0;
  private bannedUntil = 0;

  constructor(private readonly config: InvalidRequestConfig) {}

  /** Whether a request arriving now is refused before it reaches the API. */
  blocked(now: number): boolean {
    return now < this.bannedUntil;
  }

  /** Invalid responses in the window ending now. */
  count(now: number): number {
    this.expire(now);
    return this.times.length - this.first;
  }

  /** Records one invalid response; true when it started a ban. */
  record(now: number): boolean {
    this.expire(now);
    this.times.push(now);
    if (this.times.length - this.first < this.config.limit) return false;
    this.bannedUntil = now + this.config.banMs;
    this.times.length = 0;
    this.first = 0;
    return true;
  }

  private expire(now: number): void {
    const oldest = now - this.config.windowMs;
    while (this.first < this.times.length && (this.times[this.first] ?? 0) <= oldest) this.first += 1;
    // Compact now and then rather than shifting on every expiry.
    if (this.first > 4_096 && this.first * 2 > this.times.length) {
      this.times.splice(0, this.first);
      this.first = 0;
    }
  }
}
