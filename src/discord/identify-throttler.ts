import { setTimeout as sleep } from 'node:timers/promises';
import type { IIdentifyThrottler } from 'discord.js';
import type { IdentifyLedger, SessionStartLimit } from './identify-budget.js';
import type { Logger } from '../core/logger.js';

interface IdentifyThrottlerOptions {
  /** A fresh GET /gateway/bot (discord.js caches it for up to a day otherwise). */
  readonly sessionStartLimit: () => Promise<SessionStartLimit>;
  readonly ledger: IdentifyLedger;
  readonly shardCount: number;
  readonly logger: Logger;
  /** Real time: Discord counts identifies on its clock, whatever the bot's business clock says. */
  readonly now?: () => number;
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** When GET /gateway/bot fails, ask again after this long rather than identify blind. */
const RETRY_CHECK_MS = 5_000;

/**
 * Runs before every IDENTIFY, the first and every re-identify after an invalid session: asks Discord
 * how many session starts are left and holds the identify back (rather than crash-looping through the
 * daily budget, whose overrun resets the token) while the budget is low, the bot identified too often
 * lately, or any host identified on the same rate-limit key within 5 s. The shared ledger decides and
 * records in one step, so it also spaces this process's own shards (discord.js's in-process throttler
 * would only see these).
 */
export class BudgetedIdentifyThrottler implements IIdentifyThrottler {
  readonly #now: () => number;
  readonly #wait: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: IdentifyThrottlerOptions) {
    this.#now = options.now ?? Date.now;
    this.#wait = options.wait ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  }

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const { ledger, shardCount, logger } = this.options;
    for (;;) {
      signal.throwIfAborted();
      let limit: SessionStartLimit;
      try {
        limit = await this.options.sessionStartLimit();
      } catch (error) {
        logger.warn({ err: error, shardId }, 'could not read the session start limit; identify held back');
        await this.#wait(RETRY_CHECK_MS, signal);
        continue;
      }
      const verdict = await ledger.take({ now: this.#now(), shardId, shardCount, limit });
      if (verdict.reason === null) return;
      // Spacing behind another shard is routine; the budget and the pace are worth a warning.
      const level = verdict.reason === 'concurrency' ? 'debug' : 'warn';
      logger[level]({ shardId, waitMs: verdict.waitMs, reason: verdict.reason, remaining: limit.remaining, total: limit.total }, 'identify held back');
      await this.#wait(verdict.waitMs, signal);
    }
  }
}
