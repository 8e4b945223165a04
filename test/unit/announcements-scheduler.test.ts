import { describe, expect, it } from 'vitest';
import type { AnnouncementServiceDependencies } from '../../src/announcements/service.js';
import { announcementNonce } from '../../src/announcements/deliver.js';
import { renderAnnouncement } from '../../src/announcements/render/announcement.js';
import { AUTHOR, CHANNEL, GUILD, announcementHarness, announcementRows, auditActions, submitAnnouncement } from '../support/announcements.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

// Tuesday 10 March 2026; London is on GMT (= UTC) until the 29th.
const START = '2026-03-10T08:00:00Z';
const AT = '2026-03-12 09:00';
const DUE = '2026-03-12T09:00:00Z';

const postgres = usePostgres();

// The same tests on both databases the store speaks (docs/postgres.md).
describe.each(sqlDialects(postgres))('on %s', (_dialect, open) => {
  const harness = (start: string, overrides?: Partial<AnnouncementServiceDependencies>) => announcementHarness(start, overrides, open);

  describe('scheduled announcements: exactly once', () => {
    it('GIVEN an announcement scheduled for 09:00 WHEN the clock reaches 09:00 THEN posts it once, with its nonce, as rendered', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: AT });
      expect(announcement.status).toBe('scheduled');

      expect((await h.tickAt('2026-03-12T08:59:00Z')).due).toBe(0);
      expect(await h.tickAt(DUE)).toMatchObject({ due: 1, posted: 1 });
      await h.tickAt('2026-03-12T09:01:00Z');
      await h.tickAt('2026-03-13T09:00:00Z');

      expect(h.poster.messages).toHaveLength(1);
      const rendered = renderAnnouncement(announcement);
      expect(h.poster.messages[0]?.message).toEqual({ ...rendered, nonce: announcementNonce(announcement), enforce_nonce: true });
      expect(String(h.poster.messages[0]?.message.nonce).length).toBeLessThanOrEqual(25);
      expect((await announcementRows(h.database))).toEqual([expect.objectContaining({ status: 'posted', message_id: h.poster.messages[0]?.id, attempts: 1 })]);
      expect(await auditActions(h.database, announcement.id)).toEqual(['created', 'posted']);
    });

    it('GIVEN a restart before the time and another after the post THEN it still posts once', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { at: AT });
      h.restart();
      await h.tickAt(DUE);
      h.restart();
      await h.tickAt('2026-03-12T09:01:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN a crash after Discord created the message but before it was recorded WHEN restarted after Discord\'s nonce window THEN that message is found and recorded, and no second one appears', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: AT });
      h.poster.crashAfter(0, { afterSending: true });
      expect(await h.tickAt(DUE)).toMatchObject({ retrying: 1 });
      expect((await announcementRows(h.database))).toEqual([expect.objectContaining({ status: 'posting', message_id: null, nonce: announcementNonce(announcement) })]);

      h.poster.clearFailures();
      h.restart();
      expect(await h.tickAt('2026-03-12T09:05:00Z')).toMatchObject({ posted: 1 });
      expect(h.poster.messages).toHaveLength(1);
      expect((await announcementRows(h.database))).toEqual([expect.objectContaining({ status: 'posted', message_id: h.poster.messages[0]?.id, attempts: 2 })]);
    });

    it('GIVEN two announcements with the same text in one channel, the first posted, the second interrupted before sending WHEN the second is resumed THEN the first one\'s post is not taken for it', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { at: AT });
      await submitAnnouncement(h.service, { at: '2026-03-12 09:02' });
      await h.tickAt(DUE);
      h.poster.crashAfter(0);
      await h.tickAt('2026-03-12T09:02:00Z');
      h.poster.clearFailures();
      h.restart();
      expect(await h.tickAt('2026-03-12T09:03:00Z')).toMatchObject({ posted: 1 });
      expect(h.poster.messages).toHaveLength(2);
      expect((await announcementRows(h.database)).map((row) => row.message_id)).toEqual(h.poster.messages.map((message) => message.id));
    });

    it('GIVEN a crash after claiming but before sending WHEN restarted THEN it posts once', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { at: AT });
      h.poster.crashAfter(0);
      await h.tickAt(DUE);
      expect(h.poster.messages).toHaveLength(0);
      h.poster.clearFailures();
      h.restart();
      await h.tickAt('2026-03-12T09:01:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN a transient failure THEN the claim stays and the next tick resends with the same nonce', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: AT });
      h.poster.failChannel(CHANNEL, 'transient', 1);
      expect(await h.tickAt(DUE)).toMatchObject({ retrying: 1, posted: 0 });
      expect(await h.tickAt('2026-03-12T09:01:00Z')).toMatchObject({ posted: 1 });
      expect(h.poster.messages).toHaveLength(1);
      expect(h.poster.messages[0]?.message.nonce).toBe(announcementNonce(announcement));
    });

    it('GIVEN the bot was down at the time and is back within the hour THEN it posts on start', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { at: AT });
      h.restart();
      expect(await h.tickAt('2026-03-12T10:00:00Z')).toMatchObject({ posted: 1, missed: 0 });
    });

    it('GIVEN the bot was down for more than an hour past the time THEN it is marked missed, not posted, and its author is told by DM', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: AT });
      h.restart();
      expect(await h.tickAt('2026-03-12T10:00:01Z')).toMatchObject({ missed: 1, posted: 0 });
      await h.tickAt('2026-03-12T10:01:00Z');

      expect(h.poster.messages).toHaveLength(0);
      expect((await announcementRows(h.database))).toEqual([expect.objectContaining({ status: 'missed', outcome_note: expect.stringContaining('offline') })]);
      expect(await auditActions(h.database, announcement.id)).toEqual(['created', 'missed']);
      expect(h.poster.directMessages).toHaveLength(1);
      expect(h.poster.directMessages[0]).toMatchObject({ userId: AUTHOR, message: { allowed_mentions: { parse: [] } } });
      expect(h.poster.directMessages[0]?.message.content).toContain(`#${announcement.id} “Town hall”`);
      expect(h.poster.directMessages[0]?.message.content).toContain(`/announce edit id:${announcement.id} at:`);
    });

    it('GIVEN a missed announcement WHEN its author closed their DMs THEN it is still marked missed', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { at: AT });
      h.poster.failDirectMessages('forbidden');
      expect(await h.tickAt('2026-03-12T12:00:00Z')).toMatchObject({ missed: 1 });
      expect((await announcementRows(h.database))[0]?.status).toBe('missed');
    });

    it.each([
      ['gone', 'no longer exists'],
      ['forbidden', 'no longer have permission'],
      ['invalid', 'Discord refused'],
    ] as const)('GIVEN Discord answers %s THEN it fails for good, is not retried, and the author is told why', async (failure, reason) => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: AT });
      h.poster.failChannel(CHANNEL, failure);
      expect(await h.tickAt(DUE)).toMatchObject({ failed: 1 });
      await h.tickAt('2026-03-12T09:01:00Z');
      expect(h.poster.attempts).toBe(1);
      expect((await announcementRows(h.database))).toEqual([expect.objectContaining({ status: 'failed', outcome_note: expect.stringContaining(reason) })]);
      expect(await auditActions(h.database, announcement.id)).toEqual(['created', 'failed']);
      expect(h.poster.directMessages[0]?.message.content).toContain(reason);
    });

    it('GIVEN a server served by another shard THEN this process leaves it alone', async () => {
      const h = await harness(START, { ownsGuild: (guildId: string) => guildId !== GUILD });
      await submitAnnouncement(h.service, { at: AT });
      expect(await h.tickAt(DUE)).toMatchObject({ due: 0 });
      expect(h.poster.messages).toHaveLength(0);
    });

    it('GIVEN scheduled announcements THEN nextDueAt is the earliest, and null once posted', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { at: '2026-03-13 09:00' });
      await submitAnnouncement(h.service, { at: AT });
      expect((await h.service.nextDueAt())?.toISOString()).toBe('2026-03-12T09:00:00.000Z');
      await h.tickAt('2026-03-13T09:00:00Z');
      expect(await h.service.nextDueAt()).toBeNull();
    });
  });

  describe('publishing to following servers', () => {
    it('GIVEN publish THEN the posted message is crossposted once', async () => {
      const h = await harness(START);
      const outcome = await submitAnnouncement(h.service, { publish: true });
      expect(outcome).toMatchObject({ kind: 'posted', announcement: { published: true } });
      await h.tickAt('2026-03-10T08:01:00Z');
      expect(h.poster.crossposts).toEqual([{ channelId: CHANNEL, messageId: h.poster.messages[0]?.id }]);
    });

    it('GIVEN publishing fails for now THEN the next tick publishes it', async () => {
      const h = await harness(START);
      h.poster.failCrossposts('transient', 1);
      const outcome = await submitAnnouncement(h.service, { publish: true });
      expect(outcome.announcement.published).toBe(false);
      await h.tickAt('2026-03-10T08:01:00Z');
      expect(h.poster.crossposts).toHaveLength(1);
      expect((await announcementRows(h.database))[0]?.published).toBe(1);
    });

    it('GIVEN Discord says it is already published THEN that counts as published', async () => {
      const h = await harness(START);
      h.poster.failCrossposts('invalid', 1, 40033);
      const outcome = await submitAnnouncement(h.service, { publish: true });
      expect(outcome.announcement.published).toBe(true);
    });

    it('GIVEN publishing is refused for good THEN it is recorded once, the author told, and not retried', async () => {
      const h = await harness(START);
      h.poster.failCrossposts('forbidden');
      const { announcement } = await submitAnnouncement(h.service, { publish: true });
      await h.tickAt('2026-03-10T08:01:00Z');
      await h.tickAt('2026-03-10T08:02:00Z');
      expect(await auditActions(h.database, announcement.id)).toEqual(['created', 'posted', 'failed']);
      expect(h.poster.directMessages).toHaveLength(1);
      expect(h.poster.directMessages[0]?.message.content).toContain('could not publish');
    });
  });
});
