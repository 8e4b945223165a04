import { describe, expect, it } from 'vitest';
import { announcementNonce } from '../../src/announcements/deliver.js';
import { createAnnouncementService } from '../../src/announcements/service.js';
import { silentLogger } from '../../src/core/logger.js';
import { CHANNEL, announcementHarness, submitAnnouncement, type AnnouncementHarness } from '../support/announcements.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

const START = '2026-03-10T08:00:00Z';
const AT = '2026-03-12 09:00';
const DUE = '2026-03-12T09:00:00Z';
const LEASE_MS = 120_000;

const postgres = usePostgres();

/** Another host on the same database and Discord, owning the same server (a replacement started before the old host died). */
const otherHost = (h: AnnouncementHarness) =>
  createAnnouncementService({ database: h.database, clock: h.clock, logger: silentLogger, poster: h.poster, claimOwner: 'host-b', claimLeaseMs: LEASE_MS });

const claimRow = (h: AnnouncementHarness, id: number) =>
  h.database.kysely.selectFrom('announcements').select(['status', 'attempts', 'claim_owner', 'lease_until']).where('id', '=', id).executeTakeFirstOrThrow();

// The same tests on both databases the store speaks (docs/postgres.md).
describe.each(sqlDialects(postgres))('announcement claim leases on %s', (_dialect, open) => {
  /** Host A claims the announcement at its time and Discord fails it for now: the claim is left `posting`, A's for two minutes. */
  const leftPosting = async () => {
    const h = await announcementHarness(START, { claimOwner: 'host-a', claimLeaseMs: LEASE_MS }, open);
    const { announcement } = await submitAnnouncement(h.service, { at: AT });
    h.poster.failChannel(CHANNEL, 'transient', 1);
    expect(await h.tickAt(DUE)).toMatchObject({ retrying: 1 });
    expect(await claimRow(h, announcement.id)).toEqual({ status: 'posting', attempts: 1, claim_owner: 'host-a', lease_until: '2026-03-12T09:02:00.000Z' });
    return { h, announcement };
  };

  it('GIVEN another host holds the unfinished claim within its lease THEN this host leaves it alone, and the holder, restarted, resends it at once', async () => {
    const { h, announcement } = await leftPosting();
    h.clock.set('2026-03-12T09:01:00Z');
    expect(await otherHost(h).postDue()).toMatchObject({ due: 1, posted: 0, retrying: 0 });
    expect(h.poster.attempts).toBe(1);
    expect(await h.restart().postDue()).toMatchObject({ posted: 1 });
    expect(h.poster.messages).toHaveLength(1);
    expect(await claimRow(h, announcement.id)).toMatchObject({ status: 'posted', attempts: 2, claim_owner: 'host-a' });
  });

  it('GIVEN the holder died WHEN its lease runs out THEN another host takes the claim over and resends it with the same nonce', async () => {
    const { h, announcement } = await leftPosting();
    h.clock.set('2026-03-12T09:02:00Z');
    expect(await otherHost(h).postDue()).toMatchObject({ posted: 1 });
    expect(h.poster.messages).toHaveLength(1);
    expect(h.poster.messages[0]?.message.nonce).toBe(announcementNonce(announcement));
    expect(await claimRow(h, announcement.id)).toMatchObject({ status: 'posted', attempts: 2, claim_owner: 'host-b' });
  });
});
