import { systemClock } from '../../src/core/clock.js';
import { migrate, openDatabase } from '../../src/db/index.js';
import { sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { firstPostOnOrAfter, localDateOf, type PlannedPost } from '../../src/scheduling/time/schedule.js';
import { createTipsStore } from '../../src/tips/tips-store.js';

export interface SeededServer {
  readonly guildId: string;
  readonly channelId: string;
}

const ZONE = 'UTC';

/** The current minute as HH:MM in UTC: a schedule at this time is due now. */
function currentMinute(now: Date): string {
  return `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * Writes an active daily schedule for every server into the bot's database, all due this minute,
 * through the tips store (as `/tips setup` would), so the bot's start-up catch-up posts them all.
 * Returns the post they are due for.
 */
export async function seedDueTips(databasePath: string, servers: readonly SeededServer[], setUpBy: string): Promise<PlannedPost> {
  const db = openDatabase(databasePath);
  try {
    migrate(db);
    return await seedDueTipsIn(sqliteDatabase(db), servers, setUpBy);
  } finally {
    db.close();
  }
}

/** seedDueTips on a database of either dialect (migrated), e.g. the one several hosts share. */
export async function seedDueTipsIn(database: SqlDatabase, servers: readonly SeededServer[], setUpBy: string): Promise<PlannedPost> {
  const store = createTipsStore(database);
  const now = systemClock.now();
  const time = currentMinute(now);
  const next = firstPostOnOrAfter({ time, zone: ZONE, days: 'daily' }, localDateOf(now, ZONE));
  for (const [index, server] of servers.entries()) {
    await store.saveSchedule(
      { guildId: server.guildId, guildName: `Server ${index + 1}`, channelId: server.channelId, time, zone: ZONE, days: 'daily', roleId: null, setUpBy },
      next,
      { actorId: setUpBy, action: 'setup', details: { benchmark: true }, at: now },
    );
  }
  return next;
}

/** Waits out the last seconds of a UTC day, so a schedule due "today" is not missed at midnight. */
export async function avoidMidnight(marginMs = 60_000): Promise<void> {
  const now = Date.now();
  const untilMidnight = 86_400_000 - (now % 86_400_000);
  if (untilMidnight < marginMs) await new Promise((resolve) => setTimeout(resolve, untilMidnight + 1_000));
}
