import { z } from 'zod';
import type { Db, MetaStore } from '../db/index.js';

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

interface IdentifyRecord {
  readonly at: number;
  readonly shardId: number;
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
 * Whether shard `shardId` may IDENTIFY now, from Discord's budget and the bot's own recent identifies
 * (`recent`: the last 24 h, every process sharing the database, oldest first).
 */
export function identifyWait(input: { readonly now: number; readonly shardId: number; readonly shardCount: number; readonly limit: SessionStartLimit; readonly recent: readonly IdentifyRecord[] }): IdentifyWait {
  const { now, shardId, shardCount, limit, recent } = input;
  if (limit.remaining <= identifyReserve(shardCount)) return { waitMs: Math.max(1_000, limit.reset_after), reason: 'daily-budget' };
  const perHour = identifiesPerHour(limit.total, shardCount);
  const lastHour = recent.filter((record) => record.at > now - HOUR_MS);
  const oldestCounted = lastHour[lastHour.length - perHour];
  if (oldestCounted) return { waitMs: Math.max(1, oldestCounted.at + HOUR_MS - now), reason: 'hourly-pace' };
  // Another process (a restarted shard) may have identified on this key moments ago.
  const key = shardId % Math.max(1, limit.max_concurrency);
  const sameKey = lastHour.filter((record) => record.shardId % Math.max(1, limit.max_concurrency) === key).at(-1);
  if (sameKey && now - sameKey.at < IDENTIFY_SPACING_MS) return { waitMs: sameKey.at + IDENTIFY_SPACING_MS - now, reason: 'concurrency' };
  return { waitMs: 0, reason: null };
}

/** Per application: the sandbox and tests start a new emulator (a new application) on the same database. */
const ledgerKey = (applicationId: string) => `gateway.identifies.${applicationId}`;
const ledgerSchema = z.array(z.object({ at: z.number(), shardId: z.number().int().min(0) }));

/** The bot's identifies of the last 24 h, kept in the database so restarts and shard processes share them. */
export interface IdentifyLedger {
  recent(now: number): IdentifyRecord[];
  record(entry: IdentifyRecord): void;
}

export function createIdentifyLedger(db: Db, meta: MetaStore, applicationId: string): IdentifyLedger {
  const key = ledgerKey(applicationId);
  const read = (now: number): IdentifyRecord[] => {
    let stored: unknown;
    try {
      stored = JSON.parse(meta.get(key) ?? '[]');
    } catch {
      stored = [];
    }
    // A damaged ledger only costs the pacing its memory; Discord's own count still guards the budget.
    const parsed = ledgerSchema.safeParse(stored);
    return parsed.success ? parsed.data.filter((entry) => entry.at > now - DAY_MS) : [];
  };
  return {
    recent: read,
    // One transaction: shard processes record into the same row.
    record: (entry) =>
      db.transaction(() => {
        meta.set(key, JSON.stringify([...read(entry.at), entry]));
      }).immediate(),
  };
}
