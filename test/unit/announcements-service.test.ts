import { describe, expect, it } from 'vitest';
import type { AnnouncementServiceDependencies } from '../../src/announcements/service.js';
import { DAY_MS } from '../../src/core/clock.js';
import { UserError } from '../../src/core/errors.js';
import {
  AUTHOR,
  CHANNEL,
  GUILD,
  ROLE,
  SECOND_MODERATOR,
  announcementHarness,
  announcementRows,
  auditActions,
  composeDraft,
  submitAnnouncement,
} from '../support/announcements.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

const START = '2026-03-10T08:00:00Z';
const OTHER_CHANNEL = '210000000000000002';

/** The identifier of the UserError `run` rejects with. */
async function refusalOf(run: () => Promise<unknown>): Promise<string> {
  const error: unknown = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof UserError) return error.identifier;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

const postgres = usePostgres();

// The same tests on both databases the store speaks (docs/postgres.md).
describe.each(sqlDialects(postgres))('on %s', (_dialect, open) => {
  const harness = (start: string, overrides?: Partial<AnnouncementServiceDependencies>) => announcementHarness(start, overrides, open);

  describe('composing and posting now', () => {
    it('GIVEN Post on a preview THEN posts at once, records who created and posted it, and only the author may use the draft', async () => {
      const h = await harness(START);
      const draft = await composeDraft(h.service);
      expect(await refusalOf(() => h.service.submit(GUILD, SECOND_MODERATOR, draft.id, { revision: draft.revision, canMentionEveryone: false }))).toBe('announce.draft-gone');
      expect(await refusalOf(() => h.service.discard('999999999999999999', AUTHOR, draft.id))).toBe('announce.draft-gone');

      const submitted = await h.service.submit(GUILD, AUTHOR, draft.id, { revision: draft.revision, canMentionEveryone: false });
      expect(submitted.kind).toBe('due');
      const outcome = await h.service.postNow(draft.id, AUTHOR);
      expect(outcome).toMatchObject({ kind: 'posted', announcement: { status: 'posted' } });
      expect(h.poster.messages).toHaveLength(1);
      expect(await auditActions(h.database, draft.id)).toEqual(['created', 'posted']);
      expect((await h.service.history(GUILD, null)).map((entry) => [entry.action, entry.actorId])).toEqual([
        ['posted', AUTHOR],
        ['created', AUTHOR],
      ]);
      // A second click on the same preview finds nothing left to do.
      expect(await refusalOf(() => h.service.submit(GUILD, AUTHOR, draft.id, { revision: draft.revision, canMentionEveryone: false }))).toBe('announce.already-submitted');
    });

    it('GIVEN the text changed after a preview was shown THEN Post on that preview is refused', async () => {
      const h = await harness(START);
      const first = await composeDraft(h.service, { body: 'First text' });
      await h.service.writeText(GUILD, AUTHOR, first.id, { body: 'Second text' });
      expect(await refusalOf(() => h.service.submit(GUILD, AUTHOR, first.id, { revision: first.revision, canMentionEveryone: false }))).toBe('announce.stale-preview');
    });

    it('GIVEN ping everyone THEN only a moderator with Mention Everyone may compose or post it, and the post allows only @everyone', async () => {
      const h = await harness(START);
      expect(await refusalOf(() => composeDraft(h.service, { ping: { kind: 'everyone' }, canMentionEveryone: false }))).toBe('announce.everyone-not-allowed');
      const draft = await composeDraft(h.service, { ping: { kind: 'everyone' }, canMentionEveryone: true });
      // Lost the permission while the preview was open.
      expect(await refusalOf(() => h.service.submit(GUILD, AUTHOR, draft.id, { revision: draft.revision, canMentionEveryone: false }))).toBe('announce.everyone-not-allowed');
      await submitAnnouncement(h.service, { ping: { kind: 'everyone' }, canMentionEveryone: true });
      expect(h.poster.messages[0]?.message).toMatchObject({ content: '@everyone', allowed_mentions: { parse: ['everyone'] } });
    });

    it('GIVEN a role ping and mentions typed in the text THEN the post allows exactly that role, and the text sits in the embed', async () => {
      const h = await harness(START);
      await submitAnnouncement(h.service, { ping: { kind: 'role', roleId: ROLE }, body: 'Hi @everyone and @here and <@&420000000000000009>' });
      const message = h.poster.messages[0]?.message;
      expect(message?.content).toBe(`<@&${ROLE}>`);
      expect(message?.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
      expect(message?.embeds?.[0]?.description).toBe('Hi @everyone and @here and <@&420000000000000009>');
    });

    it('GIVEN a scheduled time that passed more than an hour ago while the preview was open THEN Schedule is refused', async () => {
      const h = await harness(START);
      const draft = await composeDraft(h.service, { at: '2026-03-10 09:00' });
      h.clock.set('2026-03-10T10:00:01Z');
      expect(await refusalOf(() => h.service.submit(GUILD, AUTHOR, draft.id, { revision: draft.revision, canMentionEveryone: false }))).toBe('announce.time-passed');
    });

    it('GIVEN drafts nobody posted THEN they are forgotten after a day', async () => {
      const h = await harness(START);
      await composeDraft(h.service);
      await h.tickAt(new Date(Date.parse(START) + DAY_MS + 60_000).toISOString());
      expect((await announcementRows(h.database))).toEqual([]);
    });
  });

  describe('the two-person rule', () => {
    it('GIVEN approval is required THEN a post waits; its author cannot approve it; a second moderator can, and it posts at once', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      const submitted = await submitAnnouncement(h.service);
      expect(submitted.kind).toBe('awaiting-approval');
      expect(h.poster.messages).toHaveLength(0);
      await h.tickAt('2026-03-10T12:00:00Z');
      expect(h.poster.messages).toHaveLength(0);

      const { id, revision } = submitted.announcement;
      expect(await h.service.queueAt(GUILD, null)).toMatchObject({ item: { id }, index: 0, total: 1, nextId: null });
      expect(await refusalOf(() => h.service.approve(GUILD, id, AUTHOR, revision))).toBe('announce.own-approval');
      const approved = await h.service.approve(GUILD, id, SECOND_MODERATOR, revision);
      expect(approved.kind).toBe('due');
      expect(await h.service.postNow(id, SECOND_MODERATOR)).toMatchObject({ kind: 'posted', announcement: { approvedBy: SECOND_MODERATOR } });
      await h.service.tellAuthorReviewed(approved.announcement, 'approved', SECOND_MODERATOR);
      expect(h.poster.messages).toHaveLength(1);
      expect(await auditActions(h.database, id)).toEqual(['created', 'approved', 'posted']);
      expect(h.poster.directMessages.map((dm) => dm.userId)).toEqual([AUTHOR]);
      expect(await h.service.queueAt(GUILD, null)).toBeNull();
    });

    it('GIVEN three announcements waiting THEN the queue seen from an id moves on to the next and wraps round to the oldest', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      const ids: number[] = [];
      for (let n = 0; n < 3; n += 1) ids.push((await submitAnnouncement(h.service)).announcement.id);
      const [first, second, third] = ids as [number, number, number];
      expect(await h.service.queueAt(GUILD, null)).toMatchObject({ item: { id: first }, index: 0, total: 3, nextId: second });
      expect(await h.service.queueAt(GUILD, second)).toMatchObject({ item: { id: second }, index: 1, nextId: third });
      expect(await h.service.queueAt(GUILD, third)).toMatchObject({ item: { id: third }, index: 2, nextId: first });
      // Past the newest (it was just decided): back to the oldest.
      expect(await h.service.queueAt(GUILD, third + 1)).toMatchObject({ item: { id: first }, index: 0, nextId: second });
    });

    it('GIVEN a scheduled announcement approved before its time THEN it posts at its time', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      expect((await h.service.approve(GUILD, announcement.id, SECOND_MODERATOR, announcement.revision)).kind).toBe('scheduled');
      await h.tickAt('2026-03-12T09:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN the text changed after the approver saw it THEN the approval is refused', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      const { announcement } = await submitAnnouncement(h.service);
      await h.service.editText(GUILD, announcement.id, AUTHOR, { title: null, body: 'Changed' });
      expect(await refusalOf(() => h.service.approve(GUILD, announcement.id, SECOND_MODERATOR, announcement.revision))).toBe('announce.stale-preview');
    });

    it('GIVEN an approved scheduled announcement WHEN its text is edited THEN it goes back to the queue', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      await h.service.approve(GUILD, announcement.id, SECOND_MODERATOR, announcement.revision);
      const edited = await h.service.editText(GUILD, announcement.id, AUTHOR, { title: 'New', body: 'New text' });
      expect(edited).toMatchObject({ kind: 'saved', requeued: true, announcement: { status: 'pending', approvedBy: null } });
      await h.tickAt('2026-03-12T09:00:00Z');
      expect(h.poster.messages).toHaveLength(0);
    });

    it('GIVEN nobody approves within an hour of its time THEN it is missed and its author told why', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      await submitAnnouncement(h.service, { at: '2026-03-10 09:00' });
      expect(await h.tickAt('2026-03-10T10:00:01Z')).toMatchObject({ missed: 1 });
      expect(h.poster.directMessages[0]?.message.content).toContain('approval');
    });

    it('GIVEN a rejection THEN it will not post and can be sent again with a new time', async () => {
      const h = await harness(START);
      await h.service.setApproval(GUILD, true, AUTHOR);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      expect((await h.service.reject(GUILD, announcement.id, SECOND_MODERATOR)).status).toBe('rejected');
      await h.tickAt('2026-03-12T09:00:00Z');
      expect(h.poster.messages).toHaveLength(0);
      const again = await h.service.reschedule(GUILD, announcement.id, AUTHOR, { text: '2026-03-13 09:00', timeZone: null });
      expect(again.announcement.status).toBe('pending');
    });
  });

  describe('list, cancel, edit and history', () => {
    it('GIVEN scheduled and finished announcements THEN list shows the upcoming ones and the recent ones with ids', async () => {
      const h = await harness(START);
      const later = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      const now = await submitAnnouncement(h.service);
      const { open, recent } = await h.service.list(GUILD);
      expect(open.map((entry) => entry.id)).toEqual([later.announcement.id]);
      expect(recent.map((entry) => entry.id)).toEqual([now.announcement.id]);
    });

    it('GIVEN a scheduled announcement WHEN cancelled THEN it never posts; a posted one cannot be cancelled', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      expect((await h.service.cancel(GUILD, announcement.id, SECOND_MODERATOR)).status).toBe('cancelled');
      await h.tickAt('2026-03-12T09:00:00Z');
      expect(h.poster.messages).toHaveLength(0);
      const posted = await submitAnnouncement(h.service);
      expect(await refusalOf(() => h.service.cancel(GUILD, posted.announcement.id, AUTHOR))).toBe('announce.cannot-cancel');
      expect(await refusalOf(() => h.service.cancel('999999999999999999', announcement.id, AUTHOR))).toBe('announce.not-found');
    });

    it('GIVEN a scheduled announcement WHEN its text is edited THEN the post carries the new text', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      expect(await h.service.editText(GUILD, announcement.id, SECOND_MODERATOR, { title: null, body: 'Moved to Monday.' })).toMatchObject({ kind: 'saved', requeued: false });
      await h.tickAt('2026-03-12T09:00:00Z');
      expect(h.poster.messages[0]?.message.embeds?.[0]).toMatchObject({ description: 'Moved to Monday.' });
      expect(h.poster.messages[0]?.message.embeds?.[0]?.title).toBeUndefined();
    });

    it('GIVEN a posted announcement WHEN edited THEN the posted message is edited to the same rendering and the audit keeps the old text', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { body: 'Old text' });
      const outcome = await h.service.editText(GUILD, announcement.id, SECOND_MODERATOR, { title: 'Town hall', body: 'New text' });
      expect(outcome.kind).toBe('message-edited');
      expect(h.poster.edits).toEqual([{ channelId: CHANNEL, messageId: announcement.messageId }]);
      expect(h.poster.messages[0]?.message.embeds?.[0]?.description).toBe('New text');
      const [edited] = await h.service.history(GUILD, null);
      expect(edited).toMatchObject({ action: 'edited', actorId: SECOND_MODERATOR, details: { previousBody: 'Old text' } });
    });

    it('GIVEN the posted message was deleted WHEN edited THEN the new text is kept and the moderator told', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service);
      await h.poster.remove(CHANNEL, announcement.messageId ?? '');
      expect(await h.service.editText(GUILD, announcement.id, AUTHOR, { title: null, body: 'New' })).toMatchObject({ kind: 'message-not-edited', reason: expect.stringContaining('deleted') });
    });

    it('GIVEN a missed announcement WHEN given a new time THEN it is scheduled again and posts', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-10 09:00' });
      await h.tickAt('2026-03-10T11:00:00Z');
      const { announcement: again } = await h.service.reschedule(GUILD, announcement.id, AUTHOR, { text: '2026-03-10 13:00', timeZone: 'Europe/Paris' });
      expect(again).toMatchObject({ status: 'scheduled', timeZone: 'Europe/Paris', postAt: new Date('2026-03-10T12:00:00Z') });
      await h.tickAt('2026-03-10T12:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
      expect(await auditActions(h.database, announcement.id)).toEqual(['created', 'missed', 'edited', 'posted']);
    });

    it('GIVEN no zone THEN `at` is read in the server default zone, else UTC', async () => {
      const london = await harness(START, { defaultTimeZone: () => Promise.resolve('America/New_York') });
      const { announcement } = await submitAnnouncement(london.service, { at: '2026-03-12 09:00' });
      expect(announcement.postAt?.toISOString()).toBe('2026-03-12T13:00:00.000Z');
      const utc = await harness(START);
      expect((await submitAnnouncement(utc.service, { at: '2026-03-12 09:00' })).announcement.postAt?.toISOString()).toBe('2026-03-12T09:00:00.000Z');
    });

    it('GIVEN announcements in two channels THEN history filters by channel', async () => {
      const h = await harness(START);
      const first = await submitAnnouncement(h.service);
      await submitAnnouncement(h.service, { channelId: OTHER_CHANNEL });
      const history = await h.service.history(GUILD, CHANNEL);
      expect(new Set(history.map((entry) => entry.announcementId))).toEqual(new Set([first.announcement.id]));
      expect(history.every((entry) => entry.channelId === CHANNEL)).toBe(true);
    });

    it('GIVEN an announcement being posted THEN cancelling or editing it is refused with a reason', async () => {
      const h = await harness(START);
      const { announcement } = await submitAnnouncement(h.service, { at: '2026-03-12 09:00' });
      h.poster.failChannel(CHANNEL, 'transient', 1);
      await h.tickAt('2026-03-12T09:00:00Z');
      expect(await refusalOf(() => h.service.cancel(GUILD, announcement.id, AUTHOR))).toBe('announce.cannot-cancel');
      expect(await refusalOf(() => h.service.editText(GUILD, announcement.id, AUTHOR, { title: null, body: 'x' }))).toBe('announce.cannot-edit');
    });
  });
});
