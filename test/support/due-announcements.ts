import { createAnnouncementService } from '../../src/announcements/service.js';
import { ManualClock, MINUTE_MS } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { migrate, openDatabase } from '../../src/db/index.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { FakePoster } from './fake-poster.js';

export interface DueAnnouncement {
  readonly guildId: string;
  readonly channelId: string;
  readonly title: string;
  readonly body: string;
}

/**
 * Writes announcements into a bot's database as a moderator would have scheduled them ten minutes
 * ago, due five minutes ago: what a bot that was down finds on start. Returns their ids, in order.
 */
export async function seedDueAnnouncements(databasePath: string, authorId: string, announcements: readonly DueAnnouncement[]): Promise<number[]> {
  const db = openDatabase(databasePath);
  try {
    migrate(db);
    const scheduledAt = new Date(Date.now() - 10 * MINUTE_MS);
    const service = createAnnouncementService({ database: sqliteDatabase(db), clock: new ManualClock(scheduledAt), logger: silentLogger, poster: new FakePoster() });
    const due = new Date(scheduledAt.getTime() + 5 * MINUTE_MS).toISOString().slice(0, 16).replace('T', ' ');
    const ids: number[] = [];
    for (const { guildId, channelId, title, body } of announcements) {
      const draft = await service.compose({ guildId, authorId, channelId, title, ping: { kind: 'none' }, publish: false, canMentionEveryone: false, at: { text: due, timeZone: 'UTC' } });
      const written = await service.writeText(guildId, authorId, draft.id, { body });
      const submitted = await service.submit(guildId, authorId, draft.id, { revision: written.revision, canMentionEveryone: false });
      if (submitted.kind !== 'scheduled') throw new Error(`announcement "${title}" was not scheduled (${submitted.kind})`);
      ids.push(draft.id);
    }
    return ids;
  } finally {
    db.close();
  }
}
