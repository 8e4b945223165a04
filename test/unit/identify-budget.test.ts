import { join } from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { restartDelay } from '../../src/app/sharding.js';
import { migrate, openDatabase } from '../../src/db/index.js';
import { sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { createIdentifyLedger, identifiesPerHour, identifyWait, type IdentifyLedger, type SessionStartLimit } from '../../src/discord/identify-budget.js';
import { BudgetedIdentifyThrottler } from '../../src/discord/identify-throttler.js';
import { IdentifyLimits } from '../../src/local-discord/gateway/identify-limits.js';
import { usePostgres } from '../support/postgres.js';
import { tempDir } from '../support/temp-dir.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const limit = (remaining: number, overrides: Partial<SessionStartLimit> = {}): SessionStartLimit => ({ total: 1_000, remaining, reset_after: 5 * HOUR, max_concurrency: 1, ...overrides });

describe('identify budget: when the bot may IDENTIFY', () => {
  it('GIVEN plenty left and no recent identify THEN now', () => {
    expect(identifyWait({ now: DAY, shardCount: 1, limit: limit(990), recent: [], lastInBucket: null })).toEqual({ waitMs: 0, reason: null });
  });

  it('GIVEN no more left than one per shard THEN waits for the reset, so shards together never spend the last one', () => {
    expect(identifyWait({ now: DAY, shardCount: 4, limit: limit(4), recent: [], lastInBucket: null })).toEqual({ waitMs: 5 * HOUR, reason: 'daily-budget' });
    expect(identifyWait({ now: DAY, shardCount: 4, limit: limit(5), recent: [], lastInBucket: null }).reason).toBeNull();
  });

  it("GIVEN the hour's allowance spent THEN waits until the oldest of them is an hour old", () => {
    const recent = Array.from({ length: 10 }, (_, i) => ({ at: DAY - 50 * 60_000 + i * 60_000, shardId: 0 }));
    expect(identifiesPerHour(1_000, 1)).toBe(10);
    expect(identifyWait({ now: DAY, shardCount: 1, limit: limit(900), recent, lastInBucket: recent.at(-1) ?? null })).toEqual({ waitMs: 10 * 60_000, reason: 'hourly-pace' });
  });

  it('GIVEN another process identified on the same rate-limit key moments ago THEN waits out Discord’s 5 s window; another key goes at once', () => {
    const recent = [{ at: DAY - 1_000, shardId: 2 }];
    expect(identifyWait({ now: DAY, shardCount: 4, limit: limit(900, { max_concurrency: 2 }), recent, lastInBucket: recent[0]! })).toEqual({ waitMs: 4_500, reason: 'concurrency' });
    expect(identifyWait({ now: DAY, shardCount: 4, limit: limit(900, { max_concurrency: 2 }), recent, lastInBucket: null }).reason).toBeNull();
  });

  it('GIVEN a big bot THEN a start of every shard fits in an hour, and the hourly pace stays within 1/40 of the daily budget', () => {
    expect(identifiesPerHour(1_000, 16)).toBe(25);
    expect(identifiesPerHour(1_000, 40)).toBe(40);
    expect(identifiesPerHour(2_000, 16)).toBe(32);
  });
});

const APPLICATION = '1579413977383960576';

/** Two hosts on one database: SQLite, two connections to one file; PostgreSQL, one pool (a connection per transaction). */
type OpenHosts = () => Promise<[SqlDatabase, SqlDatabase]>;

function openSqliteHosts(): Promise<[SqlDatabase, SqlDatabase]> {
  const path = join(tempDir('cto-identify-'), 'bot.sqlite');
  const [one, other] = [openDatabase(path), openDatabase(path)];
  migrate(one);
  onTestFinished(() => {
    one.close();
    other.close();
  });
  return Promise.resolve([sqliteDatabase(one), sqliteDatabase(other)]);
}

const postgres = usePostgres();
const dialects: [string, OpenHosts][] = [
  ['SQLite', openSqliteHosts],
  [
    'PostgreSQL',
    async () => {
      const database = await postgres.freshDatabase();
      return [database, database];
    },
  ],
];

/** A throttler on a simulated clock: each wait moves `clock.now` on. */
function throttlerOn(ledger: IdentifyLedger, clock: { now: number }, discord: IdentifyLimits, shardCount = 1) {
  return new BudgetedIdentifyThrottler({
    sessionStartLimit: async () => discord.sessionStartLimit(clock.now),
    ledger,
    shardCount,
    logger: pino({ level: 'silent' }),
    now: () => clock.now,
    wait: async (ms) => {
      clock.now += ms;
    },
  });
}

/**
 * A day of a shard that crashes one second after every start, through the real throttler and ledger,
 * against the emulator's own session-start accounting; time is simulated (each wait moves it).
 */
async function crashLoopForADay(database: SqlDatabase, restartAfter: (attempt: number) => number): Promise<{ identifies: number; refused: number; remaining: number }> {
  const clock = { now: 0 };
  const discord = new IdentifyLimits({ sessionStartLimit: 1_000, sessionStartResetMs: DAY, maxConcurrency: 1 });
  const ledger = createIdentifyLedger(database, APPLICATION);
  let identifies = 0;
  let refused = 0;
  for (let attempt = 1; clock.now < DAY; attempt += 1) {
    // A new process each time: only the database and Discord remember the identifies before it.
    await throttlerOn(ledger, clock, discord).waitForIdentify(0, new AbortController().signal);
    if (clock.now >= DAY) break;
    if (discord.take(0, clock.now) === 'ok') identifies += 1;
    else refused += 1;
    clock.now += 1_000 + restartAfter(attempt);
  }
  return { identifies, refused, remaining: discord.sessionStartLimit(clock.now).remaining };
}

describe.each(dialects)('the shared identify ledger on %s', (_dialect, openHosts) => {
  it('GIVEN a host took the slot of bucket 0 THEN another host waits out the 5 s window for bucket 0, bucket 1 goes at once, and each identify is counted once', async () => {
    const [one, other] = (await openHosts()).map((database) => createIdentifyLedger(database, APPLICATION));
    const request = (shardId: number, now: number) => ({ now, shardId, shardCount: 4, limit: limit(900, { max_concurrency: 2 }) });
    expect(await one!.take(request(0, DAY))).toEqual({ waitMs: 0, reason: null });
    expect(await other!.take(request(2, DAY + 1_000))).toEqual({ waitMs: 4_500, reason: 'concurrency' });
    expect(await other!.take(request(1, DAY + 1_000))).toEqual({ waitMs: 0, reason: null });
    expect(await other!.take(request(2, DAY + 5_500))).toEqual({ waitMs: 0, reason: null });
    // The pace counts all three, from both hosts: the hour allows 10 (identifiesPerHour(1_000, 4)).
    for (let n = 0; n < 7; n += 1) expect((await one!.take(request(1, DAY + 60_000 * (n + 1)))).reason).toBeNull();
    expect(await other!.take(request(0, DAY + 30 * 60_000))).toEqual({ waitMs: 30 * 60_000, reason: 'hourly-pace' });
  });

  it('GIVEN a shard that keeps crashing, restarted with the manager backoff THEN it identifies far fewer than 1,000 times a day, none refused', async () => {
    const [database] = await openHosts();
    const day = await crashLoopForADay(database, restartDelay);
    expect(day.refused).toBe(0);
    expect(day.identifies).toBeLessThanOrEqual(240);
    expect(day.remaining).toBeGreaterThanOrEqual(760);
  });

  it('GIVEN one process restarted by a supervisor a second after each crash THEN the budget alone holds it to the same pace', async () => {
    const [database] = await openHosts();
    const day = await crashLoopForADay(database, () => 1_000);
    expect(day.refused).toBe(0);
    expect(day.identifies).toBeLessThanOrEqual(240);
    expect(day.identifies).toBeGreaterThan(200);
  });
});

describe('the sharding manager', () => {
  it('GIVEN the manager backoff THEN it doubles from 1 s and stops at 10 minutes', () => {
    expect([1, 2, 3, 10, 11, 50].map(restartDelay)).toEqual([1_000, 2_000, 4_000, 512_000, 600_000, 600_000]);
  });
});

describe('the shared identify ledger on PostgreSQL, between hosts', () => {
  /** Until `count` transactions wait on a row lock (pg_stat_activity), polled: the race is then set up. */
  async function untilWaitingOnLocks(database: SqlDatabase, count: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await sql<{ waiting: string }>`SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(database.kysely);
      if (Number(rows[0]?.waiting) >= count) return;
      if (Date.now() > deadline) throw new Error(`${count} transactions never waited on the lock`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('GIVEN two hosts released together onto the same bucket THEN exactly one identifies, the other waits at least 5 s of the clock', async () => {
    const database = await postgres.freshDatabase();
    const discord = new IdentifyLimits({ sessionStartLimit: 1_000, sessionStartResetMs: DAY, maxConcurrency: 1 });
    const clock = { now: DAY };
    const hosts = [throttlerOn(createIdentifyLedger(database, APPLICATION), clock, discord, 2), throttlerOn(createIdentifyLedger(database, APPLICATION), clock, discord, 2)];
    await database.kysely.insertInto('gateway_identify_buckets').values({ application_id: APPLICATION, bucket: 0, shard_id: null, identified_at: null }).execute();
    const identifiedAt: number[] = [];
    // A third connection holds the bucket's row while both hosts reach for it, so they decide one right after the other.
    await database.kysely.connection().execute(async (holder) => {
      await sql`BEGIN`.execute(holder);
      await sql`SELECT bucket FROM gateway_identify_buckets WHERE bucket = 0 FOR UPDATE`.execute(holder);
      const racing = hosts.map((host, shardId) => host.waitForIdentify(shardId, new AbortController().signal).then(() => identifiedAt.push(clock.now)));
      await untilWaitingOnLocks(database, 2);
      await sql`COMMIT`.execute(holder);
      await Promise.all(racing);
    });
    expect(identifiedAt[0]).toBe(DAY);
    expect(identifiedAt[1]! - identifiedAt[0]!).toBeGreaterThanOrEqual(5_000);
    const rows = await database.kysely.selectFrom('gateway_identifies').select(['shard_id', 'identified_at']).orderBy('identified_at').execute();
    expect(rows.map((row) => Date.parse(row.identified_at))).toEqual(identifiedAt);
  });
});
