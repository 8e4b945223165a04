import { describe, expect, it, vi } from 'vitest';
import type { ForumPostChange } from '../../src/core/poster.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/core/clock.js';
import { archiveAfterOption } from '../../src/qa/discord/forum-setup.js';
import { settingsEmbed } from '../../src/qa/render/reports.js';
import { ask, ASKER, FORUM, GUILD, HELPER, member, moderator, OTHER_GUILD, QaFakePoster, qaHarness } from '../support/qa.js';

const QUESTION = 'How do I set up a sustainable on-call rotation for five engineers?';
const UNANSWERED = '410000000000000001';
const ANSWERED = '410000000000000002';
const OTHER_TAG = '410000000000000003';

/** A server whose Q&A channel is a forum with both tags chosen; optionally an archive period. */
async function forumServer(options: { archiveAfterMinutes?: number; start?: string; ownsGuild?: (guildId: string) => boolean } = {}) {
  const h = qaHarness(options.start, options.ownsGuild ? { ownsGuild: options.ownsGuild } : {});
  h.poster.setForumTags(FORUM, [UNANSWERED, ANSWERED, OTHER_TAG]);
  await h.qa.settings.setup(GUILD, moderator, { channel: { id: FORUM, kind: 'forum' }, forumTag: { id: UNANSWERED, name: 'Unanswered' } });
  await h.qa.forum.configure(GUILD, moderator, { forumId: FORUM, answeredTag: { id: ANSWERED, name: 'Answered' }, ...(options.archiveAfterMinutes ? { archiveAfterMinutes: options.archiveAfterMinutes } : {}) });
  return h;
}

async function askedInForum(h: Awaited<ReturnType<typeof forumServer>>) {
  const { question } = await ask(h.qa, QUESTION, { channelId: FORUM, kind: 'forum' });
  const threadId = question.threadId ?? '';
  return { question, threadId };
}

const reply = (threadId: string, messageId: string) => ({ channelId: threadId, messageId, authorId: HELPER, authorIsBot: false, text: 'Rotate weekly, pay for it, and keep a secondary.' });

describe('forum "solved" tags (qa.forum, issue 15)', () => {
  it('GIVEN a question in the forum THEN its post carries the Unanswered tag; Mark as answer switches it to Answered and keeps the post\'s other tags', async () => {
    const h = await forumServer();
    const { question, threadId } = await askedInForum(h);
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([UNANSWERED]);
    // A member added a tag of their own meanwhile (the fake edits as Discord would).
    await h.poster.editForumPost(threadId, { appliedTags: [UNANSWERED, OTHER_TAG] });
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000001'), member(ASKER));
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([ANSWERED, OTHER_TAG]);
  });

  it('GIVEN the accepted answer is deleted THEN the post switches back to Unanswered', async () => {
    const h = await forumServer();
    const { question, threadId } = await askedInForum(h);
    const { answer } = await h.qa.answering.answer(GUILD, question.number ?? 0, member(HELPER), 'Rotate weekly and pay for the on-call time.');
    await h.qa.answering.accept(GUILD, answer.id, member(ASKER));
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([ANSWERED]);
    await h.qa.answering.remove(GUILD, answer.id, moderator);
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([UNANSWERED]);
  });

  it('GIVEN Discord refuses the switch (a missing permission) THEN the database keeps the accept, the moderation log says so once, and the background job switches it once allowed', async () => {
    const h = await forumServer();
    const { question, threadId } = await askedInForum(h);
    h.poster.failChannel(threadId, 'forbidden', 2);
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000002'), member(ASKER));
    expect(h.questionById(GUILD, question.id)?.status).toBe('answered');
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([UNANSWERED]);
    expect(await h.qa.forum.tagProblem(GUILD, question.id)).toBe('forbidden');
    // Not due before its retry time; the second refusal is not logged again.
    await h.qa.background.tick();
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([UNANSWERED]);
    h.clock.advance(HOUR_MS);
    await h.qa.background.tick();
    h.clock.advance(HOUR_MS);
    const report = await h.qa.background.tick();
    expect(report.forum.tagged).toBe(1);
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([ANSWERED]);
    expect(await h.qa.forum.tagProblem(GUILD, question.id)).toBeNull();
    const logged = (await h.qa.moderation.audit(GUILD, moderator)).filter((entry) => entry.action === 'not-updated-on-discord');
    expect(logged.map((entry) => entry.details)).toEqual([{ reason: 'forum tags refused; check permissions' }]);
  });

  it('GIVEN the accept is undone while Discord is still switching the tag THEN the post ends Unanswered, as the question is', async () => {
    let release: () => void = () => {};
    let reached: () => void = () => {};
    const inFlight = new Promise<void>((resolve) => (reached = resolve));
    class SlowPoster extends QaFakePoster {
      override async editForumPost(threadId: string, change: ForumPostChange): Promise<void> {
        if (change.appliedTags?.includes(ANSWERED)) {
          reached();
          await new Promise<void>((resolve) => (release = resolve));
        }
        return super.editForumPost(threadId, change);
      }
    }
    const poster = new SlowPoster();
    const h = qaHarness(undefined, { poster, options: { replyWithinMs: 10 } });
    poster.setForumTags(FORUM, [UNANSWERED, ANSWERED]);
    await h.qa.settings.setup(GUILD, moderator, { channel: { id: FORUM, kind: 'forum' }, forumTag: { id: UNANSWERED, name: 'Unanswered' } });
    await h.qa.forum.configure(GUILD, moderator, { forumId: FORUM, answeredTag: { id: ANSWERED, name: 'Answered' } });
    const { question } = await ask(h.qa, QUESTION, { channelId: FORUM, kind: 'forum' });
    const threadId = question.threadId ?? '';
    const accepting = h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000012'), member(ASKER));
    await inFlight;
    const undoing = h.qa.moderation.messageDeleted(GUILD, '900000000000000012');
    await vi.waitFor(() => expect(h.questionById(GUILD, question.id)?.acceptedAnswerId).toBeNull());
    release();
    await Promise.all([accepting, undoing]);
    await vi.waitFor(() => expect(poster.forumPostNow(threadId)?.appliedTags).toEqual([UNANSWERED]));
  });

  it('GIVEN the Answered tag was deleted from the forum THEN nothing crashes, the post waits, and a new tag chosen at setup is applied at the next tick', async () => {
    const h = await forumServer();
    const { question, threadId } = await askedInForum(h);
    h.poster.setForumTags(FORUM, [UNANSWERED]);
    const accepted = await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000003'), member(ASKER));
    expect(accepted.question.status).toBe('answered');
    expect(await h.qa.forum.tagProblem(GUILD, question.id)).toBe('tag-deleted');
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([UNANSWERED]);
    const solved = '410000000000000009';
    h.poster.setForumTags(FORUM, [UNANSWERED, solved]);
    await h.qa.forum.configure(GUILD, moderator, { forumId: FORUM, answeredTag: { id: solved, name: 'Solved' } });
    await h.qa.background.tick();
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([solved]);
  });

  it('GIVEN the Unanswered tag was deleted from the forum THEN questions are posted without it (not stuck pending), and get the tag chosen anew at setup', async () => {
    const h = await forumServer();
    h.poster.setForumTags(FORUM, [ANSWERED]);
    const { question, threadId } = await askedInForum(h);
    expect(question.publication).toBe('posted');
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([]);
    const open = '410000000000000008';
    h.poster.setForumTags(FORUM, [ANSWERED, open]);
    await h.qa.settings.setup(GUILD, moderator, { forumTag: { id: open, name: 'Open' } });
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000011'), member(ASKER));
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([ANSWERED]);
    await h.qa.moderation.messageDeleted(GUILD, '900000000000000011');
    expect(h.poster.forumPostNow(threadId)?.appliedTags).toEqual([open]);
  });

  it('GIVEN no Answered tag chosen THEN an accept leaves the post\'s tags alone', async () => {
    const h = qaHarness();
    h.poster.setForumTags(FORUM, [UNANSWERED]);
    await h.qa.settings.setup(GUILD, moderator, { channel: { id: FORUM, kind: 'forum' }, forumTag: { id: UNANSWERED, name: 'Unanswered' } });
    const { question } = await ask(h.qa, QUESTION, { channelId: FORUM, kind: 'forum' });
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(question.threadId ?? '', '900000000000000004'), member(ASKER));
    expect(h.poster.forumEdits).toEqual([]);
    expect(await h.qa.forum.settings(GUILD)).toEqual({ answeredTagId: null, answeredTagName: null, archiveAfterMinutes: null });
  });

  it('GIVEN a new Q&A channel THEN the Answered tag of the old forum no longer applies; the archive period stays', async () => {
    const h = await forumServer({ archiveAfterMinutes: 24 * 60 });
    await h.qa.settings.setup(GUILD, moderator, { channel: { id: '210000000000000099', kind: 'forum' } });
    expect(await h.qa.forum.settings(GUILD)).toEqual({ answeredTagId: null, answeredTagName: null, archiveAfterMinutes: 24 * 60 });
  });

  it('GIVEN a member who is not a moderator THEN configure is refused', async () => {
    const h = await forumServer();
    await expect(h.qa.forum.configure(GUILD, member(ASKER), { forumId: FORUM, archiveAfterMinutes: 60 })).rejects.toThrow(/Only moderators/);
  });
});

describe('archiving solved forum posts after a quiet period (qa.forum.tick)', () => {
  it('GIVEN a solved post THEN it is archived once, after the quiet period on the clock, and not again while nothing happens', async () => {
    const h = await forumServer({ archiveAfterMinutes: 24 * 60 });
    const { question, threadId } = await askedInForum(h);
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000005'), member(ASKER));
    h.clock.advance(DAY_MS - MINUTE_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);
    expect(h.poster.forumPostNow(threadId)?.archived).toBe(false);
    h.clock.advance(MINUTE_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(1);
    expect(h.poster.forumPostNow(threadId)).toEqual({ appliedTags: [ANSWERED], archived: true });
    h.clock.advance(3 * DAY_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);
    expect(h.poster.forumEdits.filter((edit) => edit.change.archived === true)).toHaveLength(1);
  });

  it('GIVEN a member reopens the archived post by writing in it THEN it is archived again only after a new quiet period', async () => {
    const h = await forumServer({ archiveAfterMinutes: 60 });
    const { question, threadId } = await askedInForum(h);
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000006'), member(ASKER));
    h.clock.advance(HOUR_MS);
    await h.qa.background.tick();
    // Discord unarchives a post a member writes in.
    await h.poster.editForumPost(threadId, { archived: false });
    h.clock.advance(5 * MINUTE_MS);
    expect(await h.qa.forum.activity(GUILD, threadId)).toBe(true);
    h.clock.advance(HOUR_MS - MINUTE_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);
    h.clock.advance(MINUTE_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(1);
    expect(h.poster.forumPostNow(threadId)?.archived).toBe(true);
  });

  it('GIVEN an open question, archiving off, or another shard\'s server THEN nothing is archived', async () => {
    const h = await forumServer({ archiveAfterMinutes: 60, ownsGuild: (guildId) => guildId !== GUILD });
    const { question, threadId } = await askedInForum(h);
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000007'), member(ASKER));
    h.clock.advance(DAY_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);

    const off = await forumServer();
    const asked = await askedInForum(off);
    await off.qa.answering.acceptMessage(GUILD, asked.question.id, reply(asked.threadId, '900000000000000008'), member(ASKER));
    const open = await ask(off.qa, 'What should go into an engineering strategy document for the board?', { channelId: FORUM, kind: 'forum' });
    off.clock.advance(40 * DAY_MS);
    expect((await off.qa.background.tick()).forum.archived).toBe(0);
    await off.qa.forum.configure(GUILD, moderator, { forumId: FORUM, archiveAfterMinutes: 60 });
    expect((await off.qa.background.tick()).forum.archived).toBe(1);
    expect(off.poster.forumPostNow(open.question.threadId ?? '')?.archived).toBe(false);
    expect((await off.qa.forum.settings(OTHER_GUILD)).archiveAfterMinutes).toBeNull();
  });

  it("GIVEN more quiet solved posts in another shard's server than one tick takes THEN this shard's post is still archived", async () => {
    const h = await forumServer({ archiveAfterMinutes: 60 });
    const otherForum = '210000000000000003';
    h.poster.setForumTags(otherForum, [UNANSWERED, ANSWERED]);
    await h.qa.settings.setup(OTHER_GUILD, moderator, { channel: { id: otherForum, kind: 'forum' }, forumTag: { id: UNANSWERED, name: 'Unanswered' } });
    await h.qa.forum.configure(OTHER_GUILD, moderator, { forumId: otherForum, answeredTag: { id: ANSWERED, name: 'Answered' }, archiveAfterMinutes: 60 });
    for (let index = 0; index < 30; index += 1) {
      h.clock.advance(11 * MINUTE_MS);
      const asker = `3200000000000${String(index).padStart(5, '0')}`;
      const { question } = await ask(h.qa, `Elsewhere question number ${index}: how do we plan capacity for service ${index}?`, { guildId: OTHER_GUILD, userId: asker, channelId: otherForum, kind: 'forum' });
      const threadId = question.threadId ?? '';
      await h.qa.answering.acceptMessage(OTHER_GUILD, question.id, reply(threadId, `9100000000000${String(index).padStart(5, '0')}`), member(asker));
    }
    const { question, threadId } = await askedInForum(h);
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000020'), member(ASKER));
    h.restart({ ownsGuild: (guildId) => guildId === GUILD });
    h.clock.advance(HOUR_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(1);
    expect(h.poster.forumPostNow(threadId)?.archived).toBe(true);
  });

  it('GIVEN Discord refuses the archive THEN it is tried again an hour later, and done once', async () => {
    const h = await forumServer({ archiveAfterMinutes: 60 });
    const { question, threadId } = await askedInForum(h);
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000010'), member(ASKER));
    h.clock.advance(HOUR_MS);
    h.poster.failChannel(threadId, 'forbidden', 1);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);
    h.clock.advance(30 * MINUTE_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);
    h.clock.advance(30 * MINUTE_MS);
    expect((await h.qa.background.tick()).forum.archived).toBe(1);
    expect((await h.qa.background.tick()).forum.archived).toBe(0);
  });
});

describe('/qa setup archive-after: and the settings card', () => {
  it('GIVEN what a moderator types THEN hours or days from 1h to 30d, or off; anything else is refused in words', async () => {
    expect(['12h', '3d', '2 days', '1 hour', 'OFF', '30d'].map((typed) => archiveAfterOption.parse(typed))).toEqual([720, 4320, 2880, 60, null, 43200]);
    for (const typed of ['0h', '31d', '90m', 'soon', '']) expect(archiveAfterOption.safeParse(typed).error?.issues[0]?.message).toBe('archive-after: hours or days from 1h to 30d (like `12h` or `3d`), or `off`.');
  });

  it('GIVEN a forum Q&A channel THEN the card says which tag posts switch to and when solved posts are archived', async () => {
    const h = await forumServer({ archiveAfterMinutes: 3 * 24 * 60 });
    const card = settingsEmbed(await h.qa.settings.get(GUILD), null, [], await h.qa.forum.settings(GUILD));
    expect(card.fields?.find((field) => field.name === 'Answered posts')?.value).toBe(
      'Posts switch from **Unanswered** to **Answered** when an answer is accepted, and back when it is undone.\nSolved posts are archived after 3 days without activity.',
    );
    await h.qa.settings.setup(GUILD, moderator, { forumTag: null });
    await h.qa.forum.configure(GUILD, moderator, { forumId: FORUM, archiveAfterMinutes: 12 * 60 });
    expect(settingsEmbed(await h.qa.settings.get(GUILD), null, [], await h.qa.forum.settings(GUILD)).fields?.find((field) => field.name === 'Answered posts')?.value).toBe(
      'Posts switch to **Answered** once the tag questions are posted with is chosen too (`tag:`).\nSolved posts are archived after 12 hours without activity.',
    );
  });
});
