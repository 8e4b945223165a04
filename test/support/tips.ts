import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { SqlDatabase } from '../../src/db/sql/dialect.js';
import { TipCatalogue, type Tip } from '../../src/tips/catalogue.js';
import type { TipCategoryId } from '../../src/tips/categories.js';
import { createTipService, type TipService, type TipServiceDependencies } from '../../src/tips/service.js';
import { openSqlite, type OpenDatabase } from './dialects.js';
import { FakePoster } from './fake-poster.js';

/** A catalogue of `count` made-up tips, alternating two categories. */
export function testCatalogue(count: number, prefix = 'tip'): TipCatalogue {
  return new TipCatalogue(Array.from({ length: count }, (_, index) => testTip(`${prefix}-${index + 1}`, index % 2 === 0 ? 'people' : 'strategy')));
}

export function testTip(id: string, category: TipCategoryId = 'people'): Tip {
  return {
    id: `${category}-${id}`,
    category,
    title: `Title of ${id}`,
    text: `Text of ${id}. `.repeat(12),
    action: `Try this today: act on ${id}.`,
  };
}

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';
export const MODERATOR = '300000000000000001';
export const ROLE = '400000000000000001';

/** Guild and channel ids for the n-th test server. */
export const guildId = (n: number) => String(100000000000000000n + BigInt(n));
export const channelId = (n: number) => String(200000000000000000n + BigInt(n));

export interface TipHarness {
  readonly database: SqlDatabase;
  readonly clock: ManualClock;
  readonly poster: FakePoster;
  service: TipService;
  /** A new service on the same database, clock and Discord: what a restarted bot sees. */
  restart(overrides?: Partial<TipServiceDependencies>): TipService;
  /** Moves the clock to `at` and runs one tick. */
  tickAt(at: string): ReturnType<TipService['postDueTips']>;
}

export async function tipHarness(start: string, overrides: Partial<TipServiceDependencies> = {}, open: OpenDatabase = openSqlite): Promise<TipHarness> {
  const database = await open();
  const clock = new ManualClock(start);
  const poster = new FakePoster({ clock });
  const build = (more: Partial<TipServiceDependencies> = {}) =>
    createTipService({ database, clock, logger: silentLogger, poster, catalogue: testCatalogue(6), random: () => 0, ...overrides, ...more });
  const harness: TipHarness = {
    database,
    clock,
    poster,
    service: build(),
    restart(more) {
      harness.service = build(more);
      return harness.service;
    },
    tickAt(at) {
      clock.set(at);
      return harness.service.postDueTips();
    },
  };
  return harness;
}

/** Sets up daily tips for a server with sensible defaults. */
export function setUpTips(service: TipService, options: Partial<Parameters<TipService['setup']>[0]> = {}) {
  return service.setup({
    guildId: GUILD,
    guildName: 'Leaders',
    channelId: CHANNEL,
    time: '09:00',
    timeZone: 'Europe/London',
    days: 'daily',
    actorId: MODERATOR,
    ...options,
  });
}

/** The claim rows of a server, oldest first (read directly: the tests check what the database holds). */
export function postsOf(database: SqlDatabase, guild = GUILD) {
  return database.kysely
    .selectFrom('tip_posts')
    .select(['local_date', 'tip_id', 'state', 'nonce', 'message_id', 'attempts'])
    .where('guild_id', '=', guild)
    .orderBy('local_date')
    .execute();
}
