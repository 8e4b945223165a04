import { describe, expect, it } from 'vitest';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, QA_CHANNEL, qaHarness, READER } from '../support/qa.js';

const QUESTION = 'How do I set up a sustainable on-call rotation for five engineers?';
const GENERAL = '210000000000000077';

/** A member's message in a question's thread, as Mark as answer hands it to the service. */
const reply = (threadId: string, messageId: string, text = 'Rotate weekly, pay for it, and keep a secondary.', authorId = HELPER) => ({
  channelId: threadId,
  messageId,
  authorId,
  authorIsBot: false,
  text,
});

async function asked() {
  const h = qaHarness();
  const { question } = await ask(h.qa, QUESTION);
  return { h, question, threadId: question.threadId ?? '' };
}

describe('Mark as answer (answering.acceptMessage)', () => {
  it("GIVEN the asker marks a member's reply THEN it is stored as a linked answer, accepted, its author credited and told", async () => {
    const { h, question, threadId } = await asked();
    const accepted = await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000001'), member(ASKER));
    expect(accepted.reputation).toBe(15);
    expect(accepted.answer).toMatchObject({ origin: 'message', authorId: HELPER, channelId: threadId, messageId: '900000000000000001', delivery: 'posted' });
    expect(h.questionById(GUILD, question.id)?.acceptedAnswerId).toBe(accepted.answer.id);
    expect(h.poster.directMessages.filter((dm) => dm.userId === HELPER).map((dm) => dm.message.content)).toEqual([expect.stringContaining('was accepted')]);
  });

  it('GIVEN a member who is neither asker nor moderator THEN it is refused and nothing is stored', async () => {
    const { h, question, threadId } = await asked();
    await expect(h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000002'), member(READER))).rejects.toThrow(/Only the member who asked/);
    expect(h.questionById(GUILD, question.id)?.acceptedAnswerId).toBeNull();
    const moderated = await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000002'), moderator);
    expect(moderated.answer.authorId).toBe(HELPER);
  });

  it("GIVEN the bot's post of a form answer THEN that stored answer is accepted, not a copy; a bot's other message is refused", async () => {
    const { h, question, threadId } = await asked();
    const { answer } = await h.qa.answering.answer(GUILD, question.number ?? 0, member(HELPER), 'Rotate weekly and pay for the on-call time.');
    const accepted = await h.qa.answering.acceptMessage(GUILD, question.id, { ...reply(threadId, answer.messageId ?? ''), authorIsBot: true }, member(ASKER));
    expect(accepted.answer.id).toBe(answer.id);
    await expect(h.qa.answering.acceptMessage(GUILD, question.id, { ...reply(threadId, '900000000000000003'), authorIsBot: true }, member(ASKER))).rejects.toThrow(/a bot's, not a member's answer/);
  });

  it('GIVEN the same message marked twice THEN one answer row, and the second is told it is already accepted', async () => {
    const { h, question, threadId } = await asked();
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000004'), member(ASKER));
    await expect(h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000004'), member(ASKER))).rejects.toThrow(/already the accepted one/);
    expect(h.qa.finding.card(h.questionById(GUILD, question.id) ?? question).answers).toBe(1);
  });

  it('GIVEN the marked message is deleted on Discord THEN the answer is removed and the question open again', async () => {
    const { h, question, threadId } = await asked();
    await h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000005'), member(ASKER));
    expect(await h.qa.moderation.messageDeleted(GUILD, '900000000000000005')).toBe('answer');
    expect(h.questionById(GUILD, question.id)).toMatchObject({ acceptedAnswerId: null, status: 'open' });
  });

  it('GIVEN a message with no text THEN it is refused', async () => {
    const { h, question, threadId } = await asked();
    await expect(h.qa.answering.acceptMessage(GUILD, question.id, reply(threadId, '900000000000000006', '   '), member(ASKER))).rejects.toThrow(/no text/);
  });
});

describe('Track as a question (asking.trackable / track)', () => {
  const source = { channelId: GENERAL, messageId: '910000000000000001', authorId: HELPER };
  const input = (text = 'How should we budget for a platform team next year?') => ({
    guildId: GUILD,
    userId: READER,
    invokerId: READER,
    text,
    anonymous: false,
    target: { channelId: QA_CHANNEL, kind: 'text' as const },
    source,
  });

  it("GIVEN a member's message THEN it becomes a question asked by its author, the message gets one reply pinging nobody, the author a DM", async () => {
    const h = qaHarness();
    const tracked = await h.qa.asking.track(input());
    expect(tracked).toMatchObject({ state: 'posted', again: false });
    expect(tracked.question).toMatchObject({ askerId: HELPER, sourceChannelId: GENERAL, sourceMessageId: source.messageId });
    const replies = h.poster.inChannel(GENERAL);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.message).toMatchObject({ message_reference: { message_id: source.messageId }, allowed_mentions: { parse: [], replied_user: false } });
    expect(h.poster.directMessages.filter((dm) => dm.userId === HELPER)).toHaveLength(1);
  });

  it('GIVEN the same message tracked again (or at once) THEN the first question is returned and nothing is posted twice', async () => {
    const h = qaHarness();
    const [one, two] = await Promise.all([h.qa.asking.track(input()), h.qa.asking.track(input())]);
    expect(one.question.id).toBe(two.question.id);
    expect([one.again, two.again].sort()).toEqual([false, true]);
    expect(h.poster.inChannel(GENERAL)).toHaveLength(1);
    expect(await h.qa.asking.trackable(GUILD, READER, { ...source, text: 'anything', authorIsBot: false })).toMatchObject({ kind: 'tracked' });
  });

  it("GIVEN a bot's message, a too-short one or another server's question THEN trackable refuses or finds nothing", async () => {
    const h = qaHarness();
    await expect(h.qa.asking.trackable(GUILD, READER, { ...source, text: 'How do I hire well?', authorIsBot: true })).rejects.toThrow(/a bot's/);
    await expect(h.qa.asking.trackable(GUILD, READER, { ...source, text: 'hi', authorIsBot: false })).rejects.toThrow(/at least 10 characters/);
    await h.qa.asking.track(input());
    expect(await h.qa.asking.trackable(OTHER_GUILD, READER, { ...source, text: 'How should we budget for a platform team?', authorIsBot: false })).toMatchObject({ kind: 'new' });
  });

  it('GIVEN a message longer than a question may be THEN it is cut at a word with an ellipsis', async () => {
    const h = qaHarness();
    const tracked = await h.qa.asking.track(input(`How should we budget for a platform team? ${'We have many constraints to weigh here. '.repeat(20)}`));
    expect(tracked.question.text.length).toBeLessThanOrEqual(500);
    expect(tracked.question.text.endsWith('…')).toBe(true);
  });
});
