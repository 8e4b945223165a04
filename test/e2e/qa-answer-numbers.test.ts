import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, buttonLabels, fieldOf, questionMessage, settled, qaCast, type Where } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';

/**
 * Answers are numbered within their question (issue 14): #2's first answer is "Answer 1" even when
 * #1 was answered before it, and that is the number members see, pick and type everywhere.
 */
describe('Q&A answers numbered per question', () => {
  let t: TestBot;
  let questions: string;
  let sam: Where;
  let morgan: Where;
  let alex: Where;
  let second: LoggedMessage;

  /** The answers in a question's thread once the one footed `last` is there. */
  const answersIn = async (question: LoggedMessage, last: string): Promise<LoggedMessage[]> => {
    await t.discord.waitForMessage(question.id, (message) => message.embeds[0]?.footer?.text === last);
    return (await t.discord.messages(question.id)).filter((message) => !message.deleted && message.embeds[0]?.footer?.text?.startsWith('Answer ') === true);
  };

  beforeAll(async () => {
    t = await startTestBot();
    ({ questions, sam, morgan, alex } = await qaCast(t));
    await askQuestion(t, 'How do I run weekly one-on-ones with a new engineering manager?', sam);
    await answerVia(t, await questionMessage(t, questions, 1), 'Keep them weekly, their agenda first.', morgan);
    await askQuestion(t, 'How should we split an on-call rotation across two time zones?', sam);
    second = await questionMessage(t, questions, 2);
    await answerVia(t, second, 'Follow the sun: each office covers its own daytime.', morgan);
    await answerVia(t, second, 'Write the runbook before anyone is paged at night.', alex);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN #1 answered first and #2 answered twice THEN #2\'s answers are Answer 1 and Answer 2 in the thread, /question show and its Accept buttons', async () => {
    const inThread = await answersIn(second, 'Answer 2');
    expect(inThread.map((message) => message.embeds[0]?.footer?.text)).toEqual(['Answer 1', 'Answer 2']);
    const shown = (await t.discord.invoke('/question show', { id: 2 }, sam)).reply as LoggedMessage;
    expect(shown.embeds[1]?.fields?.map((field) => field.name.split(' · ')[0])).toEqual(['Answer 1', 'Answer 2']);
    expect(buttonLabels(shown).filter((label) => label.startsWith('Accept'))).toEqual(['Accept answer 1', 'Accept answer 2']);
    expect((await t.discord.dms(sam.userId)).some((dm) => dm.content.includes('answered (answer 2)') && dm.content.includes('#2'))).toBe(true);
  });

  it('GIVEN /question accept id: 2 THEN autocomplete offers answers 1 and 2 by number, and answer: 1 accepts #2\'s first answer', async () => {
    const choices = await t.discord.autocomplete('/question accept', { id: 2, answer: '' }, 'answer', sam);
    expect(choices.map((choice) => [choice.value, choice.name.split(' · ')[0]])).toEqual([[1, 'Answer 1'], [2, 'Answer 2']]);
    expect((await t.discord.autocomplete('/question accept', { id: 2, answer: '2' }, 'answer', sam)).map((choice) => choice.value)).toEqual([2]);
    const accepted = await settled(t, await t.discord.invoke('/question accept', { id: 2, answer: 1 }, sam), (words) => words.includes('ccepted'));
    expect(answerText(accepted)).not.toMatch(/not one of/);
    const card = await questionMessage(t, questions, 2, (message) => fieldOf(message, 'Status')?.startsWith('Answered') === true);
    expect(JSON.stringify(card.embeds[0])).toContain('Follow the sun');
    expect(answerText(await t.discord.invoke('/question accept', { id: 2, answer: 3 }, sam))).toContain('#2 has no answer 3');
  });

  it('GIVEN a moderator deletes answer 2 of #2 by number THEN a new answer is Answer 3 (numbers never reused) and the audit names answers by number', async () => {
    const deleted = await t.discord.invoke('/qa delete', { id: 2, answer: 2 }, morgan);
    expect(answerText(deleted)).toContain('Answer 2 to **#2** is deleted');
    await answerVia(t, second, 'Hand over in writing at the end of each shift.', sam);
    const inThread = await answersIn(second, 'Answer 3');
    expect(inThread.map((message) => message.embeds[0]?.footer?.text)).toEqual(['Answer 1', 'Answer 3']);
    expect(answerText(await t.discord.invoke('/question accept', { id: 2, answer: 2 }, sam))).toContain('Answer 2 to #2 was deleted');
    const audit = JSON.stringify((await t.discord.invoke('/qa audit', { id: 2 }, morgan)).reply?.embeds);
    expect(audit).toContain('**deleted** answer 2 to #2');
    expect(audit).not.toMatch(/answer [3-9]\d* to #2/);
  });

  it('GIVEN the JSON export THEN each answer keeps its stable id and carries its number within the question', async () => {
    const exported = await settled(t, await t.discord.invoke('/qa export', { format: 'json' }, morgan), (words) => words.includes('JSON'));
    const file = exported.reply?.attachments[0];
    const data = JSON.parse((await t.discord.attachment(file?.id ?? '')).data.toString('utf8')) as { questions: { number: number; answers: { id: number; number: number; accepted: boolean }[] }[] };
    expect(data.questions.map((question) => question.answers.map((answer) => answer.number))).toEqual([[1], [1, 3]]);
    expect(data.questions[1]?.answers.map((answer) => answer.id)).toEqual([2, 4]);
    expect(data.questions[1]?.answers[0]?.accepted).toBe(true);
  });
});
