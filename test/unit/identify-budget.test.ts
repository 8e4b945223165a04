import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { restartDelay } from '../../src/app/sharding.js';
import { createMetaStore } from '../../src/db/index.js';
import { createIdentifyLedger, identifiesPerHour, identifyWait, type IdentifyLedger, type SessionStartLimit } from '../../src/discord/identify-budget.js';
import { BudgetedIdentifyThrottler } from '../../src/discord/identify-throttler.js';
import { IdentifyLimits } from '../../src/local-discord/gateway/identify-limits.js';
import { createTestDatabase } from '../support/database.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const limit = (remaining: number, overrides: Partial<SessionStartLimit> = {}): SessionStartLimit => ({ total: 1_000, remaining, reset_after: 5 * HOUR, max_concurrency: 1, ...overrides });

describe('identify budget: when the bot may IDENTIFY', () => {
  it('GIVEN plenty left and no recent identify THEN now', () => {
    expect(identifyWait({ now: DAY, shardId: 0, shardCount: 1, limit: limit(990), recent: [] })).toEqual({ waitMs: 0, reason: null });
  });

  it('GIVEN no more left than one per shard THEN waits for the reset, so shards together never spend the last one', () => {
    expect(identifyWait({ now: DAY, shardId: 0, shardCount: 4, limit: limit(4), recent: [] })).toEqual({ waitMs: 5 * HOUR, reason: 'daily-budget' });
    expect(identifyWait({ now: DAY, shardId: 0, shardCount: 4, limit: limit(5), recent: [] }).reason).toBeNull();
  });

  it("GIVEN the hour's allowance spent THEN waits until the oldest of them is an hour old", () => {
    const recent = Array.from({ length: 10 }, (_, i) => ({ at: DAY - 50 * 60_000 + i * 60_000, shardId: 0 }));
    expect(identifiesPerHour(1_000, 1)).toBe(10);
    expect(identifyWait({ now: DAY, shardId: 0, shardCount: 1, limit: limit(900), recent })).toEqual({ waitMs: 10 * 60_000, reason: 'hourly-pace' });
  });

  it('GIVEN another process identified on the same rate-limit key moments ago THEN waits out Discord’s 5 s window; another key goes at once', () => {
    const recent = [{ at: DAY - 1_000, shardId: 2 }];
    expect(identifyWait({ now: DAY, shardId: 0, shardCount: 4, limit: limit(900, { max_concurrency: 2 }), recent })).toEqual({ waitMs: 4_500, reason: 'concurrency' });
    expect(identifyWait({ now: DAY, shardId: 1, shardCount: 4, limit: limit(900, { max_concurrency: 2 }), recent }).reason).toBeNull();
  });

  it('GIVEN a big bot THEN a start of every shard fits in an hour, and the hourly pace stays within 1/40 of the daily budget', () => {
    expect(identifiesPerHour(1_000, 16)).toBe(25);
    expect(identifiesPerHour(1_000, 40)).toBe(40);
    expect(identifiesPerHour(2_000, 16)).toBe(32);
  });
});

/**
 * A day of a shard that crashes one second after every start, through the real throttler and ledger,
 * against the emulator's own session-start accounting; time is simulated (each wait moves it).
 */
async function crashLoopForADay(restartAfter: (attempt: number) => number): Promise<{ identifies: number; refused: number; remaining: number }> {
  let now = 0;
  const discord = new IdentifyLimits({ sessionStartLimit: 1_000, sessionStartResetMs: DAY, maxConcurrency: 1 });
  const db = createTestDatabase();
  const ledger: IdentifyLedger = createIdentifyLedger(db, createMetaStore(db), '1579413977383960576');
  const logger = pino({ level: 'silent' });
  let identifies = 0;
  let refused = 0;
  for (let attempt = 1; now < DAY; attempt += 1) {
    // A new process each time: only the database and Discord remember the identifies before it.
    const throttler = new BudgetedIdentifyThrottler(
      {
        sessionStartLimit: async () => discord.sessionStartLimit(now),
        ledger,
        shardCount: 1,
        logger,
        now: () => now,
        wait: async (ms) => {
          now += ms;
        },
      },
      1,
    );
    await throttler.waitForIdentify(0, new AbortController().signal);
    if (now >= DAY) break;
    if (discord.take(0, now) === 'ok') identifies += 1;
    else refused += 1;
    now += 1_000 + restartAfter(attempt);
  }
  db.close();
  return { identifies, refused, remaining: discord.sessionStartLimit(now).remaining };
}

describe('a shard that keeps crashing', () => {
  it('GIVEN the sharding manager restarts it with its backoff THEN it identifies far fewer than 1,000 times a day, none refused', async () => {
    const day = await crashLoopForADay(restartDelay);
    expect(day.refused).toBe(0);
    expect(day.identifies).toBeLessThanOrEqual(240);
    expect(day.remaining).toBeGreaterThanOrEqual(760);
  });

  it('GIVEN one process restarted by a supervisor a second after each crash THEN the budget alone holds it to the same pace', async () => {
    const day = await crashLoopForADay(() => 1_000);
    expect(day.refused).toBe(0);
    expect(day.identifies).toBeLessThanOrEqual(240);
    expect(day.identifies).toBeGreaterThan(200);
  });

  it('GIVEN the manager backoff THEN it doubles from 1 s and stops at 10 minutes', () => {
    expect([1, 2, 3, 10, 11, 50].map(restartDelay)).toEqual([1_000, 2_000, 4_000, 512_000, 600_000, 600_000]);
  });
});
