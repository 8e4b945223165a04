import { forEachConcurrently } from '../../src/core/concurrency.js';
import { connectLocalDiscord, type LocalDiscordStats } from '../../src/local-discord/index.js';
import type { FanoutRun } from '../report/results.js';

export interface FanoutCheck extends Omit<FanoutRun, 'rate' | 'wallMs'> {
  /** First and last message timestamps (Discord's own clock: the emulator's), ms since epoch. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
}

/** The emulator's counters now, to tell one run's rate-limit violations from another's. */
export async function emulatorStats(controlUrl: string): Promise<LocalDiscordStats> {
  return (await connectLocalDiscord(controlUrl)).stats();
}

/** Reads every channel's log from the emulator: one message each, or duplicates and gaps; violations since `before`. */
export async function checkFanout(controlUrl: string, botUserId: string, channelIds: readonly string[], before: LocalDiscordStats): Promise<FanoutCheck> {
  const discord = await connectLocalDiscord(controlUrl);
  let posted = 0;
  let duplicates = 0;
  let missing = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;
  await forEachConcurrently(channelIds, 16, async (channelId) => {
    const messages = (await discord.messages(channelId)).filter((message) => message.author.id === botUserId && !message.deleted);
    if (messages.length === 0) missing += 1;
    else posted += 1;
    duplicates += Math.max(0, messages.length - 1);
    for (const message of messages) {
      const at = Date.parse(message.timestamp);
      firstAt = Math.min(firstAt, at);
      lastAt = Math.max(lastAt, at);
    }
  });
  const stats = await discord.stats();
  return {
    posted,
    duplicates,
    missing,
    violations: { global: stats.violations.global - before.violations.global, route: stats.violations.route - before.violations.route },
    rateLimited: stats.rateLimited - before.rateLimited,
    firstAt: Number.isFinite(firstAt) ? firstAt : null,
    lastAt: Number.isFinite(lastAt) ? lastAt : null,
  };
}
