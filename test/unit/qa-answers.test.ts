import { describe, expect, it } from 'vitest';
import { DAY_MS, MINUTE_MS } from '../../src/core/clock.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, MODERATOR, OTHER_GUILD, QA_CHANNEL, qaHarness, READER } from '../support/qa.js';

const QUESTION = 'How do I set up a sustainable on-call rotation for five engineers?';
const FOLLOWER = '310000000000000004';

async function askedAndAnswered(text = 'One week each, paid, with a secondary.') {
  const h = qaHarness();
  await ask(h.qa, QUESTION);
  const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), text);
  return { h, answered };
}

describe('answers', () => {
  it('GIVEN an answer THEN it is stored, posted in the question thread with a nonce, and the question counts it', async () => {
    const { h, answered } = await askedAndAnswered();
    expect(answered.state).toBe('posted');
    const thread = h.poster.messages.filter((message) => message.channelId === answered.question.threadId);
    expect(thread).toHaveLength(1);
    expect(thread[0]?.message.enforce_nonce).toBe(true);
    expect(h.qa.finding.card(answered.question).answers).toBe(1);
    // The question's embed was brought in line after the commit.
    expect(JSON.stringify(h.poster.inChannel(QA_CHANNEL)[0]?.message.embeds)).toContain('"name":"Answers","value":"1"');
  });

  it('GIVEN a question still pending THEN its answers wait and follow it into the thread once it is posted', async () => {
    const h = qaHarness();
    // The ask fails, and so does the retry the answer itself makes.
    h.poster.failChannel(QA_CHANNEL, 'transient', 2);
    await ask(h.qa, QUESTION);
    const answered = await h.qa.answering.answer(GUILD, 1, member(ASKER), 'Adding context: we are five engineers in one time zone.');
    expect(answered.state).toBe('pending');
    h.clock.advance(2 * MINUTE_MS);
    await h.qa.background.tick();
    const question = h.questionById(GUILD, answered.question.id);
    expect(h.poster.messages.filter((message) => message.channelId === question?.threadId)).toHaveLength(1);
    expect(h.answerById(GUILD, answered.answer.id)?.delivery).toBe('posted');
  });

  it('GIVEN text that is empty, too short to help ("ok", one long word) or over 2,000 characters THEN the answer is refused, saying the minimum', async () => {
    const h = qaHarness();
    await ask(h.qa, QUESTION);
    await expect(h.qa.answering.answer(GUILD, 1, member(HELPER), ' ')).rejects.toThrow(/empty/);
    for (const short of ['ok', '+1 same here', 'Thanks, agreed!', 'Onboardingbuddiesforever']) {
      await expect(h.qa.answering.answer(GUILD, 1, member(HELPER), short)).rejects.toThrow('too short: write at least 3 words and 15 characters (spaces not counted)');
    }
    expect((await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Use weekly one-on-ones.')).answer.text).toBe('Use weekly one-on-ones.');
    expect((await h.qa.answering.answer(GUILD, 1, member(HELPER), '每周一次一对一会议，先倾听再给建议。')).state).toBe('posted');
    await expect(h.qa.answering.answer(GUILD, 1, member(HELPER), 'x'.repeat(2001))).rejects.toThrow(/under 2000/);
  });

  it('GIVEN 20 answers in 10 minutes THEN the 21st is refused, and a closed or locked question takes none', async () => {
    const h = qaHarness();
    await ask(h.qa, QUESTION);
    for (let index = 0; index < 20; index += 1) await h.qa.answering.answer(GUILD, 1, member(HELPER), `Answer number ${index}: rotate weekly.`);
    await expect(h.qa.answering.answer(GUILD, 1, member(HELPER), 'One answer too many for the limit.')).rejects.toThrow(/posted 20 answers/);
    await ask(h.qa, 'A second question that gets closed soon?', { userId: READER });
    await h.qa.moderation.close(GUILD, 2, moderator);
    await expect(h.qa.answering.answer(GUILD, 2, member(ASKER), 'Too late for this one, sadly.')).rejects.toThrow(/is closed/);
    await h.qa.moderation.reopen(GUILD, 2, moderator);
    await h.qa.moderation.setLocked(GUILD, 2, moderator, true);
    await expect(h.qa.answering.prepare(GUILD, 2, member(ASKER))).rejects.toThrow(/locked/);
  });

  it('GIVEN its author THEN an answer can be edited and deleted; anyone else is refused', async () => {
    const { h, answered } = await askedAndAnswered();
    await expect(h.qa.answering.edit(GUILD, answered.answer.id, member(READER), 'Hijacked: this answer is mine now.')).rejects.toThrow(/Only the member who wrote/);
    await expect(h.qa.answering.remove(GUILD, answered.answer.id, member(ASKER))).rejects.toThrow(/Only the member who wrote/);
    await h.qa.answering.edit(GUILD, answered.answer.id, member(HELPER), 'Two weeks each, paid.');
    const thread = answered.question.threadId ?? '';
    expect(JSON.stringify(h.poster.messages.find((message) => message.channelId === thread)?.message.embeds)).toContain('Two weeks each');
    await h.qa.answering.remove(GUILD, answered.answer.id, member(HELPER));
    expect(h.poster.messages.filter((message) => message.channelId === thread)).toHaveLength(0);
    expect(h.qa.finding.card(answered.question).answers).toBe(0);
  });
});

describe('notifications', () => {
  it('GIVEN an answer THEN the asker and each follower get one DM, the answerer none, and a tick does not repeat them', async () => {
    const h = qaHarness();
    await ask(h.qa, QUESTION);
    await h.qa.voting.toggleFollow(GUILD, 1, member(FOLLOWER));
    await h.qa.voting.toggleFollow(GUILD, 1, member(HELPER));
    await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Pay for it, and rotate weekly.');
    expect(h.poster.directMessages.map((dm) => dm.userId).sort()).toEqual([ASKER, FOLLOWER].sort());
    expect(h.poster.directMessages.every((dm) => JSON.stringify(dm.message.allowed_mentions) === '{"parse":[]}')).toBe(true);
    h.clock.advance(5 * MINUTE_MS);
    await h.qa.background.tick();
    expect(h.poster.directMessages).toHaveLength(2);
  });

  it('GIVEN /qa notify off THEN that member is not told', async () => {
    const h = qaHarness();
    await ask(h.qa, QUESTION);
    h.qa.voting.setNotifications(GUILD, ASKER, false);
    await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Pay for it, and rotate weekly.');
    expect(h.poster.directMessages).toHaveLength(0);
    h.qa.voting.setNotifications(GUILD, ASKER, true);
    await h.qa.answering.answer(GUILD, 1, member(READER), 'And keep each shift to a week.');
    expect(h.poster.directMessages.map((dm) => dm.userId)).toEqual([ASKER]);
  });

  it('GIVEN closed DMs THEN followers are mentioned once in the thread (exactly them), but an anonymous asker never is', async () => {
    const h = qaHarness();
    await ask(h.qa, QUESTION, { anonymous: true });
    await h.qa.voting.toggleFollow(GUILD, 1, member(FOLLOWER));
    h.poster.failDirectMessages('forbidden');
    const answered = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Pay for it, and rotate weekly.');
    const mentions = h.poster.messages.filter((message) => message.channelId === answered.question.threadId && message.message.content);
    expect(mentions).toHaveLength(1);
    expect(mentions[0]?.message.allowed_mentions).toEqual({ parse: [], users: [FOLLOWER] });
    expect(mentions[0]?.message.content).not.toContain(ASKER);
  });

  it('GIVEN a member follows their own question THEN they are told they hear about answers anyway', () => {
    const h = qaHarness();
    return ask(h.qa, QUESTION).then(() => expect(h.qa.voting.toggleFollow(GUILD, 1, member(ASKER))).rejects.toThrow(/You asked this question/));
  });
});

describe('votes', () => {
  it('GIVEN upvotes THEN one per member, never on one\'s own question or answer, and a second click withdraws', async () => {
    const { h, answered } = await askedAndAnswered();
    await expect(h.qa.voting.toggleQuestionVote(GUILD, 1, member(ASKER))).rejects.toThrow(/your own question/);
    await expect(h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(HELPER))).rejects.toThrow(/your own answer/);
    expect((await h.qa.voting.toggleQuestionVote(GUILD, 1, member(READER))).votes).toBe(1);
    expect((await h.qa.voting.toggleQuestionVote(GUILD, 1, member(HELPER))).votes).toBe(2);
    expect(await h.qa.voting.toggleQuestionVote(GUILD, 1, member(READER))).toMatchObject({ voted: false, votes: 1 });
    expect(await h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(READER))).toMatchObject({ voted: true, votes: 1 });
  });

  it('GIVEN Discord slow to take the edit (a busy channel) THEN the vote is answered from the database at once, and the message catches up', async () => {
    const { h } = await askedAndAnswered();
    const qa = h.restart({ options: { replyWithinMs: 20 } });
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const edit = h.poster.edit.bind(h.poster);
    h.poster.edit = async (...args) => {
      await held;
      return edit(...args);
    };
    expect(await qa.voting.toggleQuestionVote(GUILD, 1, member(READER))).toMatchObject({ voted: true, votes: 1 });
    expect(JSON.stringify(h.poster.inChannel(QA_CHANNEL)[0]?.message.embeds)).not.toContain('"name":"Upvotes","value":"1"');
    release();
    await expect.poll(() => JSON.stringify(h.poster.inChannel(QA_CHANNEL)[0]?.message.embeds)).toContain('"name":"Upvotes","value":"1"');
  });

  it('GIVEN a locked question THEN nobody votes on it or its answers', async () => {
    const { h, answered } = await askedAndAnswered();
    await h.qa.moderation.setLocked(GUILD, 1, moderator, true);
    await expect(h.qa.voting.toggleQuestionVote(GUILD, 1, member(READER))).rejects.toThrow(/locked/);
    await expect(h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(READER))).rejects.toThrow(/locked/);
  });
});

describe('acceptance and reputation', () => {
  it('GIVEN the asker accepts THEN the question is answered, the answer marked, and the answerer gets 15 (+2 per upvote)', async () => {
    const { h, answered } = await askedAndAnswered();
    await h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(READER));
    await h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(ASKER));
    const result = await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    expect(result.question).toMatchObject({ status: 'answered', acceptedAnswerId: answered.answer.id });
    expect(result.reputation).toBe(15);
    expect(await h.qa.reporting.leaderboard(GUILD, 'all')).toEqual([{ userId: HELPER, reputation: 19, accepted: 1, upvotes: 2, answers: 1 }]);
    const questionMessage = h.poster.inChannel(QA_CHANNEL)[0];
    expect(JSON.stringify(questionMessage?.message.embeds)).toContain('Accepted answer');
    expect(JSON.stringify(h.poster.messages.find((message) => message.channelId === answered.question.threadId)?.message.embeds)).toContain('✅ Accepted answer to #1');
  });

  it('GIVEN someone other than the asker THEN only a moderator may accept; accepting twice is refused', async () => {
    const { h, answered } = await askedAndAnswered();
    await expect(h.qa.answering.accept(GUILD, answered.answer.id, member(READER))).rejects.toThrow(/Only the member who asked #1/);
    await h.qa.answering.accept(GUILD, answered.answer.id, moderator);
    await expect(h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER))).rejects.toThrow(/already the accepted one/);
  });

  it('GIVEN a second answer accepted instead THEN the reputation moves with it', async () => {
    const { h, answered } = await askedAndAnswered();
    const better = await h.qa.answering.answer(GUILD, 1, member(READER), 'Follow the sun if you can.');
    await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    await h.qa.answering.accept(GUILD, better.answer.id, member(ASKER));
    const board = await h.qa.reporting.leaderboard(GUILD, 'all');
    expect(board.find((row) => row.userId === READER)?.reputation).toBe(15);
    expect(board.find((row) => row.userId === HELPER)?.reputation).toBe(0);
  });

  it('GIVEN the accepted answer is deleted or the asker answered themself THEN it earns nothing', async () => {
    const { h, answered } = await askedAndAnswered();
    await h.qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    await h.qa.answering.remove(GUILD, answered.answer.id, moderator);
    expect(h.questionById(GUILD, answered.question.id)).toMatchObject({ status: 'open', acceptedAnswerId: null });
    const own = await h.qa.answering.answer(GUILD, 1, member(ASKER), 'I solved it myself: a paid rotation.');
    // The reply says what the accept earned: nothing for one's own answer.
    expect((await h.qa.answering.accept(GUILD, own.answer.id, member(ASKER))).reputation).toBe(0);
    expect((await h.qa.reporting.leaderboard(GUILD, 'all')).every((row) => row.reputation === 0)).toBe(true);
  });

  it('GIVEN /question show THEN the asker and moderators may accept (Accept buttons), other members not, and a lock leaves it to moderators', async () => {
    const { h } = await askedAndAnswered();
    expect([member(ASKER), moderator, member(READER)].map((viewer) => h.qa.finding.show(GUILD, 1, viewer).canAccept)).toEqual([true, true, false]);
    await h.qa.moderation.setLocked(GUILD, 1, moderator, true);
    expect([member(ASKER), moderator].map((viewer) => h.qa.finding.show(GUILD, 1, viewer).canAccept)).toEqual([false, true]);
  });

  it('GIVEN an answer named by number THEN it is that question\'s answer N, and a number #2 lacks is refused in the same call', async () => {
    const { h, answered } = await askedAndAnswered();
    await ask(h.qa, 'How should a first-time manager run their first one-on-ones?', { userId: READER });
    const other = await h.qa.answering.answer(GUILD, 2, member(HELPER), 'Ask them what they want from it first.');
    expect([answered.answer.number, other.answer.number]).toEqual([1, 1]);
    await expect(h.qa.answering.accept(GUILD, { question: 2, answer: 2 }, member(READER))).rejects.toThrow(/#2 has no answer 2/);
    await expect(h.qa.answering.remove(GUILD, { question: 2, answer: 2 }, moderator)).rejects.toThrow(/#2 has no answer 2/);
    expect(h.answerById(GUILD, answered.answer.id)?.deletedAt).toBeNull();
    expect((await h.qa.answering.accept(GUILD, { question: 1, answer: 1 }, member(ASKER))).question.acceptedAnswerId).toBe(answered.answer.id);
    expect((await h.qa.answering.accept(GUILD, { question: 2, answer: 1 }, member(READER))).question.acceptedAnswerId).toBe(other.answer.id);
  });

  it('GIVEN answers to two questions, one deleted THEN each question numbers its own from 1 and a deleted number is never reused', async () => {
    const { h } = await askedAndAnswered();
    await ask(h.qa, 'How should a first-time manager run their first one-on-ones?', { userId: READER });
    const second = await h.qa.answering.answer(GUILD, 1, member(READER), 'Write the runbook before the first page.');
    await h.qa.answering.remove(GUILD, { question: 1, answer: 2 }, moderator);
    const third = await h.qa.answering.answer(GUILD, 1, member(MODERATOR), 'Pair new people with a veteran for a week.');
    const onTwo = await h.qa.answering.answer(GUILD, 2, member(HELPER), 'Ask them what they want from it first.');
    expect([second.answer.number, third.answer.number, onTwo.answer.number]).toEqual([2, 3, 1]);
    await expect(h.qa.answering.accept(GUILD, { question: 1, answer: 2 }, member(ASKER))).rejects.toThrow(/Answer 2 to #1 was deleted/);
  });

  it('GIVEN the leaderboard periods THEN week, month and all count what happened in them, by the injected clock', async () => {
    const h = qaHarness('2026-01-01T10:00:00Z');
    await ask(h.qa, QUESTION);
    const old = await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Old advice: page everyone at once.');
    await h.qa.answering.accept(GUILD, old.answer.id, member(ASKER));
    h.clock.advance(20 * DAY_MS);
    await ask(h.qa, 'How do I split an on-call rotation across two time zones?');
    const recent = await h.qa.answering.answer(GUILD, 2, member(READER), 'Follow the sun across offices.');
    await h.qa.answering.accept(GUILD, recent.answer.id, member(ASKER));
    h.clock.advance(11 * DAY_MS);
    await h.qa.voting.toggleAnswerVote(GUILD, old.answer.id, member(MODERATOR));
    const reputation = async (period: 'week' | 'month' | 'all') => Object.fromEntries((await h.qa.reporting.leaderboard(GUILD, period)).map((row) => [row.userId, row.reputation]));
    expect(await reputation('week')).toEqual({ [HELPER]: 2 });
    expect(await reputation('month')).toEqual({ [HELPER]: 2, [READER]: 15 });
    expect(await reputation('all')).toEqual({ [HELPER]: 17, [READER]: 15 });
  });
});

describe('isolation', () => {
  it('GIVEN another server THEN numbers and answer ids of this one find nothing there, whatever is typed', async () => {
    const { h, answered } = await askedAndAnswered();
    const outsider = member(READER);
    expect(() => h.qa.finding.show(OTHER_GUILD, 1, outsider)).toThrow(/no question #1 in this server/);
    await expect(h.qa.answering.answer(OTHER_GUILD, 1, outsider, 'Sneaky answer from another server.')).rejects.toThrow(/no question #1/);
    await expect(h.qa.answering.accept(OTHER_GUILD, answered.answer.id, { userId: ASKER, moderator: true })).rejects.toThrow(/no longer exists/);
    await expect(h.qa.voting.toggleAnswerVote(OTHER_GUILD, answered.answer.id, outsider)).rejects.toThrow(/no longer exists/);
    await expect(h.qa.answering.remove(OTHER_GUILD, answered.answer.id, { userId: HELPER, moderator: true })).rejects.toThrow(/no longer exists/);
    await expect(h.qa.voting.toggleQuestionVote(OTHER_GUILD, 1, outsider)).rejects.toThrow(/no question #1/);
    await expect(h.qa.moderation.close(OTHER_GUILD, 1, moderator)).rejects.toThrow(/no question #1/);
    expect(h.qa.finding.search(OTHER_GUILD, 'on-call rotation', outsider)).toEqual([]);
    expect(h.qa.finding.autocomplete(OTHER_GUILD, '', outsider)).toEqual([]);
    expect(h.qa.finding.answerChoices(OTHER_GUILD, 1, '', outsider)).toEqual([]);
    expect(await h.qa.reporting.leaderboard(OTHER_GUILD, 'all')).toEqual([]);
    expect((await h.qa.reporting.exportData(OTHER_GUILD)).questions).toEqual([]);
    expect(h.questionById(GUILD, answered.question.id)?.status).toBe('open');
  });
});

describe('answers in a thread Discord archived or a moderator locked', () => {
  const upvotes = (h: Awaited<ReturnType<typeof askedAndAnswered>>['h'], threadId: string) => JSON.stringify(h.poster.inChannel(threadId)[0]?.message.embeds);

  it('GIVEN Discord archived the thread after a quiet week THEN a vote reopens it first and the answer follows', async () => {
    const { h, answered } = await askedAndAnswered();
    const threadId = answered.question.threadId ?? '';
    h.poster.archiveThread(threadId);
    await h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(READER));
    expect(h.poster.reopened).toEqual([threadId]);
    expect(upvotes(h, threadId)).toContain('"name":"Upvotes","value":"1"');
    expect(h.answerById(GUILD, answered.answer.id)).toMatchObject({ attempts: 0, syncedVersion: 2 });
  });

  it('GIVEN a moderator locked the thread THEN the refused update is logged once for moderators and not retried until the thread is unlocked', async () => {
    const { h, answered } = await askedAndAnswered();
    const threadId = answered.question.threadId ?? '';
    h.poster.archiveThread(threadId, { locked: true });
    await h.qa.voting.toggleAnswerVote(GUILD, answered.answer.id, member(READER));
    const attempts = h.poster.editAttempts;
    for (let tick = 0; tick < 3; tick += 1) {
      h.clock.advance(DAY_MS);
      await h.qa.background.tick();
    }
    expect(h.poster.editAttempts).toBe(attempts);
    expect(h.answerById(GUILD, answered.answer.id)).toMatchObject({ attempts: 1, syncedVersion: 1 });
    const refusals = (await h.qa.moderation.audit(GUILD, moderator, 1)).filter((entry) => entry.action === 'not-updated-on-discord');
    expect(refusals.map((entry) => [entry.actorId, entry.answerId, entry.details])).toEqual([['system', answered.answer.id, { reason: 'thread locked; needs Manage Threads' }]]);

    h.poster.unlockThread(threadId);
    expect(await h.qa.moderation.threadUnlocked(GUILD, threadId)).toBe(1);
    expect(await h.qa.moderation.threadUnlocked(OTHER_GUILD, threadId)).toBe(0);
    await h.qa.background.tick();
    expect(h.poster.reopened).toEqual([threadId]);
    expect(upvotes(h, threadId)).toContain('"name":"Upvotes","value":"1"');
  });
});
