import { createHash } from 'node:crypto';
import type { RESTOptions, ResponseLike } from 'discord.js';
import type { Logger } from '../core/logger.js';

/** A request the guard refused to send: Discord would only have counted it as one more invalid request. */
export class RestGuardError extends Error {
  constructor(
    readonly reason: 'token-rejected' | 'blocked',
    message: string,
    /** For 'blocked': when the ban should be over (ms since the epoch). */
    readonly until?: number,
  ) {
    super(message);
    this.name = 'RestGuardError';
  }
}

interface RestGuardOptions {
  readonly logger: Logger;
  /** Called once when Discord answers 401 to the bot's token. */
  readonly onTokenRejected?: () => void;
  readonly now?: () => number;
  /** How long to stay off the API after a ban that says nothing of its length (reported bans last about an hour). */
  readonly blockCooldownMs?: number;
  /**
   * A REST proxy relays every host's token: it leaves a 401 to the hosts (each one's guard stops its
   * own token) and guards only against the ban, which falls on the proxy's address.
   */
  readonly relaysTokens?: boolean;
}

type MakeRequest = RESTOptions['makeRequest'];

const DEFAULT_BLOCK_COOLDOWN_MS = 15 * 60_000;

function hasAuthorization(headers: unknown): boolean {
  if (!headers || typeof headers !== 'object') return false;
  if (headers instanceof Headers) return headers.has('authorization');
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

/**
 * Wraps @discordjs/rest's transport against the two ways a bot burns through Discord's invalid-request
 * limit (10,000 responses of 401/403/429 in 10 minutes, then an IP ban): a token Discord no longer
 * accepts (docs: stop "further requests after a token becomes invalid"), and the ban itself, a 429 with no
 * rate-limit headers at all, on which @discordjs/rest would retry at once, forever. After the first 401
 * every authenticated request fails here; during a ban every request does, until it should be over.
 */
export function guardRestTransport(makeRequest: MakeRequest, options: RestGuardOptions): MakeRequest {
  const now = options.now ?? Date.now;
  let tokenRejected = false;
  let blockedUntil = 0;
  return async (url, init) => {
    const authenticated = !options.relaysTokens && hasAuthorization(init.headers);
    if (authenticated && tokenRejected) throw new RestGuardError('token-rejected', 'Discord rejected the bot token (401); no request is sent with it any more');
    if (now() < blockedUntil) throw new RestGuardError('blocked', `Discord's edge is refusing this client until ${new Date(blockedUntil).toISOString()}`, blockedUntil);
    const response: ResponseLike = await makeRequest(url, init);
    if (response.status === 401 && authenticated && !tokenRejected) {
      tokenRejected = true;
      options.logger.fatal('Discord rejected the bot token (401): no more requests are sent with it; set a new DISCORD_TOKEN and restart');
      options.onTokenRejected?.();
    }
    // Discord's own 429s always name their scope; one without is the edge's ban.
    if (response.status === 429 && !response.headers.has('x-ratelimit-scope')) {
      const retryAfterSec = Number(response.headers.get('retry-after'));
      blockedUntil = now() + (retryAfterSec > 0 ? retryAfterSec * 1_000 : (options.blockCooldownMs ?? DEFAULT_BLOCK_COOLDOWN_MS));
      options.logger.error({ until: new Date(blockedUntil).toISOString() }, 'Discord is refusing this client (too many invalid requests): no request is sent until then');
      throw new RestGuardError('blocked', 'Discord is refusing this client for too many invalid requests', blockedUntil);
    }
    return response;
  };
}

/** Only a hash of a rejected token is kept, so the next start can refuse it without asking Discord. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
