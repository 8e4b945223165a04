import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createAnnouncementsStore } from '../../src/announcements/announcements-store.js';
import { announcementNonce } from '../../src/announcements/deliver.js';
import { createAnnouncementService } from '../../src/announcements/service.js';
import { silentLogger } from '../../src/core/logger.js';
import { announcementHarness, auditActions, submitAnnouncement } from '../support/announcements.js';
import { usePostgres } from '../support/postgres.js';

const postgres = usePostgres();
const START = '2026-03-10T08:00:00Z';
const AT = '2026-03-12 09:00';
const DUE = new Date('2026-03-12T09:00:00Z');
const LEASE = { owner: 'one-host', ms: 120_000 };

const scheduled = async () => {
  const h = await announcementHarness(START, {}, () => postgres.freshDatabase());
  const { announcement } = await submitAnnouncement(h.service, { at: AT });
  expect(announcement.status).toBe('scheduled');
  return { h, announcement };
};

/** What only PostgreSQL has to show: hosts on separate connections taking the same due announcement. */
describe('announcement claims on PostgreSQL, between hosts', () => {
  it('GIVEN another host holds the announcement\'s row WHEN this host claims it THEN it skips it at once, and claims it once released', async () => {
    const { h, announcement } = await scheduled();
    const store = createAnnouncementsStore(h.database);
    await h.database.kysely.connection().execute(async (other) => {
      await sql`BEGIN`.execute(other);
      await sql`SELECT id FROM announcements WHERE id = ${announcement.id} FOR UPDATE`.execute(other);
      expect(await store.claim(announcement, announcementNonce(announcement), DUE, LEASE)).toBeUndefined();
      await sql`ROLLBACK`.execute(other);
    });
    expect(await store.claim(announcement, announcementNonce(announcement), DUE, LEASE)).toMatchObject({ resumed: false, announcement: { status: 'posting', attempts: 1 } });
  });

  it('GIVEN two hosts that saw the same due announcement claiming it at the same moment THEN exactly one takes it', async () => {
    const { h } = await scheduled();
    const [one, other] = [createAnnouncementsStore(h.database), createAnnouncementsStore(h.database)];
    for (let round = 0; round < 5; round += 1) {
      const { announcement } = await submitAnnouncement(h.service, { at: AT });
      const nonce = announcementNonce(announcement);
      const claims = (await Promise.all([one.claim(announcement, nonce, DUE, LEASE), other.claim(announcement, nonce, DUE, { ...LEASE, owner: 'other-host' })])).filter((claim) => claim !== undefined);
      expect(claims).toEqual([expect.objectContaining({ resumed: false, announcement: expect.objectContaining({ id: announcement.id, nonce, attempts: 1 }) })]);
      expect(await h.database.kysely.selectFrom('announcements').select(['status', 'attempts']).where('id', '=', announcement.id).executeTakeFirst()).toEqual({ status: 'posting', attempts: 1 });
    }
  });

  it('GIVEN two hosts ticking at the due time together THEN the announcement is posted once and recorded once', async () => {
    const { h, announcement } = await scheduled();
    h.clock.set(DUE);
    const host = () => createAnnouncementService({ database: h.database, clock: h.clock, logger: silentLogger, poster: h.poster });
    const reports = await Promise.all([host().postDue(), host().postDue()]);
    expect(reports.reduce((sum, report) => sum + report.posted, 0)).toBe(1);
    expect(h.poster.messages).toHaveLength(1);
    expect(await auditActions(h.database, announcement.id)).toEqual(['created', 'posted']);
  });
});
