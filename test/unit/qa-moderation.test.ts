import { describe, expect, it } from 'vitest';
import { DeliveryError, type MessageEdit, type PostedMessage } from '../../src/core/poster.js';
import { NO_NAMES } from '../../src/discord/text.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, MODERATOR, OTHER_GUILD, QA_CHANNEL, qaHarness, QaFakePoster, READER } from '../support/qa.js';

const FOLLOWER = '310000000000000004';

async function twoQuestions() {
  const h = qaHarness();
  await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
  await ask(h.qa, 'What is a fair on-call rotation for a team of five engineers?', { userId: READER });
  return h;
}

describe('moderation', () => {
  it('GIVEN a member THEN every moderation action is refused', async () => {
    const h = await twoQuestions();
    const someone = member(HELPER);
    await expect(h.qa.moderation.close(GUILD, 1, someone)).rejects.toThrow(/Only moderators/);
    await expect(h.qa.moderation.remove(GUILD, 1, someone)).rejects.toThrow(/Only moderators/);
    await expect(h.qa.moderation.merge(GUILD, 2, 1, someone)).rejects.toThrow(/Only moderators/);
    await expect(h.qa.moderation.edit(GUILD, 1, someone, 'Rewritten by someone else?')).rejects.toThrow(/Only moderators/);
    await expect(h.qa.moderation.audit(GUILD, someone)).rejects.toThrow(/Only moderators/);
    await expect(h.qa.reporting.stats(GUILD, 'all', someone)).rejects.toThrow(/Only moderators/);
    await expect(h.qa.promoting.promote(GUILD, 1, someone)).rejects.toThrow(/Only moderators/);
  });

  it('GIVEN edit, close, reopen, lock and delete THEN each is applied, shown on the message, and audited with its moderator', async () => {
    const h = await twoQuestions();
    await h.qa.moderation.edit(GUILD, 1, moderator, 'How do I set up a fair on-call rotation for five engineers?');
    await h.qa.moderation.close(GUILD, 1, moderator);
    await expect(h.qa.moderation.close(GUILD, 1, moderator)).rejects.toThrow(/already closed/);
    await h.qa.moderation.reopen(GUILD, 1, moderator);
    await h.qa.moderation.setLocked(GUILD, 1, moderator, true);
    await h.qa.moderation.setLocked(GUILD, 1, moderator, false);
    await h.qa.moderation.remove(GUILD, 2, moderator);
    const message = h.poster.inChannel(QA_CHANNEL)[0]?.message;
    expect(JSON.stringify(message?.embeds)).toContain('fair on-call rotation');
    expect(JSON.stringify(h.poster.inChannel(QA_CHANNEL)[1]?.message.embeds)).toContain('removed by a moderator');
    expect(h.poster.inChannel(QA_CHANNEL)[1]?.message.components).toEqual([]);
    const log = await h.qa.moderation.audit(GUILD, moderator);
    expect(log.map((entry) => entry.action)).toEqual(['delete', 'unlock', 'lock', 'reopen', 'close', 'edit']);
    expect(log.every((entry) => entry.actorId === MODERATOR)).toBe(true);
    expect(log.at(-1)?.details).toEqual({ before: 'How do I set up a sustainable on-call rotation for five engineers?' });
    expect(() => h.qa.finding.show(GUILD, 2, member(ASKER))).toThrow(/removed by a moderator/);
    expect(h.qa.finding.search(GUILD, 'rotation', member(ASKER)).map((card) => card.question.number)).toEqual([1]);
    expect(await h.qa.moderation.audit(OTHER_GUILD, moderator)).toEqual([]);
  });

  it('GIVEN a duplicate merged THEN its answers, followers and upvotes move to the target, and it points there', async () => {
    const h = await twoQuestions();
    const answer = await h.qa.answering.answer(GUILD, 2, member(HELPER), 'One week each, paid.');
    await h.qa.answering.accept(GUILD, answer.answer.id, member(READER));
    await h.qa.voting.toggleFollow(GUILD, 2, member(FOLLOWER));
    await h.qa.voting.toggleQuestionVote(GUILD, 2, member(HELPER));
    await h.qa.voting.toggleQuestionVote(GUILD, 2, member(ASKER));
    const result = await h.qa.moderation.merge(GUILD, 2, 1, moderator);
    expect(result.moved).toBe(1);
    const detail = h.qa.finding.show(GUILD, 1, member(HELPER));
    expect(detail.answers.map((card) => card.answer.id)).toEqual([answer.answer.id]);
    // The asker of #1 cannot upvote their own question, so their vote on the duplicate does not move.
    expect(detail.card.votes).toBe(1);
    expect(detail.card.question).toMatchObject({ status: 'answered', acceptedAnswerId: answer.answer.id });
    expect(h.qa.finding.show(GUILD, 2, member(HELPER))).toMatchObject({ mergedFrom: 2, card: { question: { number: 1 } } });
    await expect(h.qa.answering.answer(GUILD, 2, member(HELPER), 'A late answer to the merged one.')).rejects.toThrow(/merged into #1/);
    // Followers and the duplicate's asker hear about #1's answers from now on.
    h.poster.directMessages.length = 0;
    await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Also: a handover checklist.');
    expect(h.poster.directMessages.map((dm) => dm.userId).sort()).toEqual([ASKER, READER, FOLLOWER].sort());
    expect((await h.qa.moderation.audit(GUILD, moderator, 2))[0]).toMatchObject({ action: 'merge', details: { into: 1, answers: 1 } });
  });

  it('GIVEN both questions answered, one of the duplicate\'s deleted WHEN merged THEN its answers follow the target\'s own numbers, none shared', async () => {
    const h = await twoQuestions();
    const own = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Rotate weekly, with a secondary.');
    const gone = await h.qa.answering.answer(GUILD, 2, member(HELPER), 'One week each, paid.');
    const kept = await h.qa.answering.answer(GUILD, 2, member(FOLLOWER), 'Hand over in writing each Monday.');
    await h.qa.answering.remove(GUILD, gone.answer.id, moderator);
    const result = await h.qa.moderation.merge(GUILD, 2, 1, moderator);
    expect(result.moved).toBe(1);
    expect(h.qa.finding.show(GUILD, 1, member(HELPER)).answers.map((card) => [card.answer.id, card.answer.number])).toEqual([[own.answer.id, 1], [kept.answer.id, 3]]);
    const next = await h.qa.answering.answer(GUILD, 1, member(READER), 'Keep the pager load visible to everyone.');
    expect(next.answer.number).toBe(4);
    const note = h.poster.messages.map((message) => message.message.content ?? '').find((content) => content.includes('was merged into this question'));
    expect(note).toContain('its 1 answer now belongs here as answer 3');
  });

  it('GIVEN a merge undone within 10 minutes THEN answers, numbers, accepted answer, followers and upvotes are as before; once only, and never after 10 minutes', async () => {
    const h = await twoQuestions();
    const answer = await h.qa.answering.answer(GUILD, 2, member(HELPER), 'One week each, paid.');
    await h.qa.answering.accept(GUILD, answer.answer.id, member(READER));
    await h.qa.voting.toggleFollow(GUILD, 2, member(FOLLOWER));
    await h.qa.voting.toggleQuestionVote(GUILD, 2, member(HELPER));
    const before = { one: h.qa.finding.show(GUILD, 1, moderator), two: h.qa.finding.show(GUILD, 2, moderator) };
    const { entryId } = await h.qa.moderation.merge(GUILD, 2, 1, moderator);
    await expect(h.qa.moderation.undo(GUILD, entryId, member(HELPER))).rejects.toThrow(/Only moderators/);
    h.clock.advance(9 * 60_000);
    const undone = await h.qa.moderation.undo(GUILD, entryId, moderator);
    expect(undone).toMatchObject({ action: 'merge', question: { number: 2, mergedInto: null, status: 'answered', acceptedAnswerId: answer.answer.id } });
    const after = { one: h.qa.finding.show(GUILD, 1, moderator), two: h.qa.finding.show(GUILD, 2, moderator) };
    expect(after.two.answers.map((card) => [card.answer.id, card.answer.number])).toEqual([[answer.answer.id, 1]]);
    expect([after.one.card.votes, after.two.card.votes, after.one.card.question.acceptedAnswerId]).toEqual([before.one.card.votes, before.two.card.votes, null]);
    // The follower followed #2 only: following #1 again starts anew.
    expect((await h.qa.voting.toggleFollow(GUILD, 1, member(FOLLOWER))).following).toBe(true);
    await expect(h.qa.moderation.undo(GUILD, entryId, moderator)).rejects.toThrow(/undone already/);
    const closed = await h.qa.moderation.close(GUILD, 1, moderator);
    h.clock.advance(10 * 60_000 + 1);
    await expect(h.qa.moderation.undo(GUILD, closed.entryId, moderator)).rejects.toThrow(/Undo works for 10 minutes/);
  });

  it('GIVEN a question\'s message deleted on Discord THEN it is marked deleted, audited as deleted on Discord, and gone from search', async () => {
    const h = await twoQuestions();
    const messageId = h.questionById(GUILD, 1)?.messageId ?? '';
    expect(await h.qa.moderation.messageDeleted(OTHER_GUILD, messageId)).toBeNull();
    expect(await h.qa.moderation.messageDeleted(GUILD, messageId)).toBe('question');
    expect(h.questionById(GUILD, 1)?.deletedAt).not.toBeNull();
    expect((await h.qa.moderation.audit(GUILD, moderator))[0]).toMatchObject({ actorId: 'discord', action: 'deleted-on-discord', questionNumber: 1 });
    expect(h.qa.finding.search(GUILD, 'sustainable', member(ASKER))).toEqual([]);
    expect(await h.qa.moderation.messageDeleted(GUILD, messageId)).toBeNull();
  });

  it('GIVEN a thread deleted on Discord THEN a forum question is marked deleted, but a text question keeps its message', async () => {
    const h = await twoQuestions();
    await ask(h.qa, 'How do I keep architecture decision records short?', { channelId: '210000000000000002', kind: 'forum' });
    const text = h.questionById(GUILD, 1);
    const forum = h.questionById(GUILD, 3);
    expect(await h.qa.moderation.threadDeleted(GUILD, text?.threadId ?? '')).toBeNull();
    expect(await h.qa.moderation.threadDeleted(OTHER_GUILD, forum?.threadId ?? '')).toBeNull();
    expect(await h.qa.moderation.threadDeleted(GUILD, forum?.threadId ?? '')).toBe('question');
    expect(h.questionById(GUILD, 1)?.deletedAt).toBeNull();
    expect(h.questionById(GUILD, 3)?.deletedAt).not.toBeNull();
  });

  it('GIVEN an answer\'s message deleted on Discord THEN it is marked deleted and, if accepted, no longer accepted', async () => {
    const h = await twoQuestions();
    const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'One week each, paid.');
    await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    const messageId = h.answerById(GUILD, answered.answer.id)?.messageId ?? '';
    expect(await h.qa.moderation.messageDeleted(GUILD, messageId)).toBe('answer');
    const question = h.questionById(GUILD, answered.question.id);
    expect(question).toMatchObject({ status: 'open', acceptedAnswerId: null });
    expect(question && h.qa.finding.card(question).answers).toBe(0);
  });

  it('GIVEN a message deleted while the bot was offline THEN the next edit finds it gone and marks the question deleted (reconcile on touch)', async () => {
    class GonePoster extends QaFakePoster {
      gone = new Set<string>();
      override async edit(channelId: string, messageId: string, edit: MessageEdit): Promise<PostedMessage> {
        if (this.gone.has(messageId)) throw new DeliveryError('gone', 'Unknown Message', 10008);
        return super.edit(channelId, messageId, edit);
      }
    }
    const poster = new GonePoster();
    const h = qaHarness(undefined, { poster });
    await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    poster.gone.add(h.questionById(GUILD, 1)?.messageId ?? '');
    await h.qa.voting.toggleQuestionVote(GUILD, 1, member(HELPER));
    expect(h.questionById(GUILD, 1)?.deletedAt).not.toBeNull();
    expect((await h.qa.moderation.audit(GUILD, moderator))[0]?.action).toBe('deleted-on-discord');
  });

  it('GIVEN an accepted answer promoted THEN it is a server-local knowledge entry credited to its author, found by /ask there only', async () => {
    const h = await twoQuestions();
    await expect(h.qa.promoting.promote(GUILD, 1, moderator)).rejects.toThrow(/no accepted answer/);
    const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Rotate weekly with a secondary, pay an on-call allowance, keep alerts actionable and review every page in a weekly handover.');
    await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    const entry = await h.qa.promoting.promote(GUILD, 1, moderator);
    expect(entry).toMatchObject({ id: 'community-1', guildId: GUILD, authorId: HELPER, tags: ['community'] });
    await expect(h.qa.promoting.promote(GUILD, 1, moderator)).rejects.toThrow(/already in the knowledge base/);
    expect(h.knowledge.guildEntries(GUILD).map((candidate) => candidate.id)).toEqual(['community-1']);
    // Credited once, by its author (shown under the answer), not again in the body.
    expect(h.knowledge.entry('community-1', GUILD)?.body).toBe(answered.answer.text);
    expect(h.knowledge.entry('community-1', OTHER_GUILD)).toBeUndefined();
    expect((await h.qa.moderation.audit(GUILD, moderator))[0]).toMatchObject({ action: 'promote', details: { entryId: 'community-1' } });
  });

  it('GIVEN a question whose text mentions a role promoted THEN the entry\'s title and summary show the name, not the raw mention', async () => {
    const h = qaHarness();
    await ask(h.qa, 'How should <@&555> run the on-call handover each week?', { userId: ASKER });
    const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Ask <@&555> for a written handover note every Monday.');
    await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    const names = { ...NO_NAMES, role: (id: string) => (id === '555' ? 'Engineers' : undefined) };
    const entry = await h.qa.promoting.promote(GUILD, 1, moderator, names);
    expect(entry.title).toBe('How should @Engineers run the on-call handover each week?');
    expect(entry.summary).toBe('Ask @Engineers for a written handover note every Monday.');
    // The body keeps the mention: an embed description shows it as a name and pings nobody.
    expect(entry.body).toContain('<@&555>');
  });

  it('GIVEN a promoted question deleted, by /qa delete or on Discord THEN its entry leaves the server\'s knowledge base, and /ask no longer finds it', async () => {
    const h = await twoQuestions();
    for (const number of [1, 2]) {
      const answered = await h.qa.answering.answer(GUILD, number, member(HELPER), 'Rotate weekly with a secondary, pay an on-call allowance, keep alerts actionable and review every page in a weekly handover.');
      await h.qa.answering.accept(GUILD, answered.answer.id, moderator);
      await h.qa.promoting.promote(GUILD, number, moderator);
    }
    expect((await h.qa.moderation.remove(GUILD, 1, moderator)).removedEntryId).toBe('community-1');
    expect(h.knowledge.guildEntries(GUILD).map((entry) => entry.id)).toEqual(['community-2']);
    expect(h.knowledge.entry('community-1', GUILD)).toBeUndefined();
    expect((await h.qa.moderation.audit(GUILD, moderator))[0]).toMatchObject({ action: 'delete', details: { removedEntry: 'community-1' } });
    expect(await h.qa.moderation.messageDeleted(GUILD, h.questionById(GUILD, 2)?.messageId ?? '')).toBe('question');
    expect(h.knowledge.guildEntries(GUILD)).toEqual([]);
    expect(h.knowledge.search('on-call rotation allowance secondary', GUILD).hits.filter((hit) => hit.entry.guildId)).toEqual([]);
  });
});
