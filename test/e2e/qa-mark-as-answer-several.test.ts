import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { answerText, askQuestion, qaCast, questionMessage, type QaCast, type Where } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';

/**
 * Mark as answer where one channel or thread holds several tracked questions (issue 15): the question
 * is the one the message replies to, never simply the first; a message that replies to none of them is
 * refused rather than guessed. And Answer from the knowledge base on a deleted message.
 */
describe('Mark as answer with several questions in one place', () => {
  let t: TestBot;
  let cast: QaCast;
  let general: string;
  let first: LoggedMessage;
  let second: LoggedMessage;
  /** #1's thread, where alex asked #3. */
  let thread: string;
  let nested: LoggedMessage;

  const mark = (message: LoggedMessage, who: Where) => t.discord.invokeMessageCommand('Mark as answer', message, { ...who, channelId: message.channel_id });
  const stored = () => {
    const db = openDatabase(t.config.databasePath);
    const questions = createQuestionStore(db);
    const answers = createAnswerStore(db);
    return {
      accepted: (number: number) => questions.byNumber(t.world.guild.id, number)?.acceptedAnswerId ?? null,
      answerOf: (messageId: string) => answers.byMessage(t.world.guild.id, messageId),
      close: () => db.close(),
    };
  };

  beforeAll(async () => {
    t = await startTestBot();
    // No Q&A channel: each question is posted where it is asked, so #general holds several cards.
    cast = await qaCast(t, { setup: false });
    general = cast.sam.channelId;
    await askQuestion(t, 'How do I stop every incident review from turning into blame?', cast.sam);
    await askQuestion(t, 'When should a startup hire its first dedicated SRE?', cast.alex);
    first = await questionMessage(t, general, 1);
    second = await questionMessage(t, general, 2);
    // The thread Discord opened on #1's card carries its id; alex asks #3 inside it.
    thread = first.id;
    await askQuestion(t, 'Should the incident commander also write the postmortem?', { ...cast.alex, channelId: thread });
    nested = await questionMessage(t, thread, 3);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("GIVEN a reply in #general to the second question's card THEN Mark as answer accepts it for that question, not the first", async () => {
    const reply = await t.discord.postMessage(general, { userId: cast.morgan.userId, content: 'Once on-call load is more than a quarter of one engineer.', replyTo: second.id });
    const marked = await mark(reply, cast.alex);
    expect(answerText(marked)).toContain('Accepted. **#2** now shows this answer');
    const db = stored();
    expect(db.answerOf(reply.id)?.id).toBe(db.accepted(2));
    expect(db.accepted(1)).toBeNull();
    db.close();
  });

  it('GIVEN a reply to a card asked inside another question\'s thread THEN it is accepted for the question it replies to', async () => {
    const reply = await t.discord.postMessage(thread, { userId: cast.morgan.userId, content: 'No: the commander runs the incident, someone rested writes it up.', replyTo: nested.id });
    const marked = await mark(reply, cast.alex);
    expect(answerText(marked)).toContain('Accepted. **#3** now shows this answer');
    const db = stored();
    expect(db.answerOf(reply.id)?.id).toBe(db.accepted(3));
    expect(db.accepted(1)).toBeNull();
    db.close();
  });

  it('GIVEN a plain message in a thread holding two questions THEN Mark as answer is refused privately, naming both, and nothing is stored', async () => {
    const plain = await t.discord.postMessage(thread, { userId: cast.morgan.userId, content: 'Ask what the system made easy to get wrong, never who got it wrong.' });
    const refused = await mark(plain, cast.sam);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain('Several questions live in this thread (#1, #3)');
    const db = stored();
    expect(db.answerOf(plain.id)).toBeUndefined();
    expect(db.accepted(1)).toBeNull();
    db.close();

    // Replying to #1's own message settles it.
    const reply = await t.discord.postMessage(general, { userId: cast.morgan.userId, content: 'Review the system that allowed the mistake, with the people who saw it happen.', replyTo: first.id });
    expect(answerText(await mark(reply, cast.sam))).toContain('Accepted. **#1** now shows this answer');
  });

  it('GIVEN Answer from the knowledge base on a deleted message (a stale client) THEN it is refused privately and nothing is posted', async () => {
    const gone = await t.discord.postMessage(general, { userId: cast.sam.userId, content: 'How should a CTO prepare for a board meeting?' });
    await t.discord.deleteMessage(gone, { userId: cast.sam.userId });
    const refused = await t.discord.invokeMessageCommand('Answer from the knowledge base', gone, { ...cast.alex, unchecked: true });
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain('That message was deleted');
    expect((await t.discord.messages(general)).filter((message) => message.message_reference?.message_id === gone.id)).toHaveLength(0);
  });
});
