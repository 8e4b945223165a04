import type { SqlDatabase } from '../db/sql/dialect.js';
import { createIdentifyStore, type IdentifyRecord } from './identify-store.js';

/**
 * What GET /gateway/bot says of the bot's session budget. Discord allows `total` IDENTIFYs a day across
 * every shard and process; one more terminates every session and resets the bot's token.
 */
export interface SessionStartLimit {
  readonly total: number;
  readonly remaining: number;
  /** Milliseconds until `remaining` is back to `total`. */
  readonly reset_after: number;
  readonly max_concurrency: number;
}

/** How long to hold an IDENTIFY back, and why (`null`: go now). */
interface IdentifyWait {
  readonly waitMs: number;
  readonly reason: 'daily-budget' | 'hourly-pace' | 'concurrency' | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Discord's identify window per rate-limit key, with a margin for clock drift between processes. */
const IDENTIFY_SPACING_MS = 5_500;

/**
 * Identifies kept unspent: shards checking the budget at the same moment cannot together spend the
 * last one, so the bot itself never triggers the token reset.
 */
function identifyReserve(shardCount: number): number {
  return Math.max(1, shardCount);
}

/**
 * Identifies the bot allows itself per hour, across all its processes: enough to start every shard
 * twice (10 at least, for reconnects), never more than 1/40 of the daily budget. A shard that keeps
 * crashing is held to this pace: 10 an hour is 240 a day for a one-shard bot, far below 1,000.
 */
export function identifiesPerHour(total: number, shardCount: number): number {
  return Math.max(shardCount, Math.min(Math.max(10, 2 * shardCount), Math.floor(total / 40)));
}

/**
 * Whether shard `shardId` may IDENTIFY now, from Discord's budget and the bot's own identifies:
 * `recent` (the last 24 h, every host and process sharing the database, oldest first) and
 * `lastInBucket` (the latest on the shard's rate-limit key, `shardId % max_concurrency`).
 */
export function identifyWait(input: {
  readonly now: number;
  readonly shardCount: number;
  readonly limit: SessionStartLimit;
  readonly recent: readonly IdentifyRecord[];
  readonly lastInBucket: IdentifyRecord | null;
}): IdentifyWait {
  const { now, shardCount, limit, recent, lastInBucket } = input;
  if (limit.remaining <= identifyReserve(shardCount)) return { waitMs: Math.max(1_000, limit.reset_after), reason: 'daily-budget' };
  const perHour = identifiesPerHour(limit.total, shardCount);
  const lastHour = recent.filter((record) => record.at > now - HOUR_MS);
  const oldestCounted = lastHour[lastHour.length - perHour];
  if (oldestCounted) return { waitMs: Math.max(1, oldestCounted.at + HOUR_MS - now), reason: 'hourly-pace' };
  // Another host or process (a restarted shard) may have identified on this key moments ago.
  if (lastInBucket && now - lastInBucket.at < IDENTIFY_SPACING_MS) return { waitMs: lastInBucket.at + IDENTIFY_SPACING_MS - now, reason: 'concurrency' };
  return { waitMs: 0, reason: null };
}

/** The rate-limit key Discord spaces identifies on: one IDENTIFY per key every 5 s. */
const identifyBucket = (shardId: number, limit: SessionStartLimit) => shardId % Math.max(1, limit.max_concurrency);

/** The bot's identifies, kept in the database so restarts, shard processes and hosts share them. */
export interface IdentifyLedger {
  /**
   * Takes an identify slot for `shardId` if the budget, the pace and its bucket allow one now, in one
   * unit of work: decided and recorded together, so two hosts never both take the same bucket's slot.
   */
  take(request: { readonly now: number; readonly shardId: number; readonly shardCount: number; readonly limit: SessionStartLimit }): Promise<IdentifyWait>;
}

/** Per application: the sandbox and tests start a new emulator (a new application) on the same database. */
export function createIdentifyLedger(database: SqlDatabase, applicationId: string): IdentifyLedger {
  const store = createIdentifyStore(database, applicationId);
  return {
    take: ({ now, shardId, shardCount, limit }) =>
      store.takeSlot({ bucket: identifyBucket(shardId, limit), shardId, now, since: now - DAY_MS }, ({ recent, lastInBucket }) => {
        const verdict = identifyWait({ now, shardCount, limit, recent, lastInBucket });
        return { go: verdict.reason === null, verdict };
      }),
  };
}
