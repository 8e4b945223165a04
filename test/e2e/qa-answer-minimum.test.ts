import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, questionMessage, settled, qaCast, type Where } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';

const MINIMUM = 'write at least 3 words and 15 characters (spaces not counted)';

/** An answer must say something: "ok" or "+1" helps nobody, and the member is told the minimum, privately. */
describe('the shortest answer', () => {
  let t: TestBot;
  let sam: Where;
  let morgan: Where;
  let posted: LoggedMessage;

  const answersIn = async () => (await t.discord.messages(posted.id)).filter((message) => message.embeds[0]?.title?.startsWith('Answer to'));

  beforeAll(async () => {
    t = await startTestBot();
    const cast = await qaCast(t);
    ({ sam, morgan } = cast);
    const { questions } = cast;
    await askQuestion(t, 'How do we keep a remote team aligned across five time zones?', sam);
    posted = await questionMessage(t, questions, 1);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN the Answer form THEN Discord itself holds it to 15 characters and its hint asks for a few words', async () => {
    const opened = await t.discord.click(posted, 'Answer', morgan);
    const input = JSON.stringify(opened.modal);
    expect(input).toContain('"min_length":15');
    expect(input).toContain('in 3 words or more');
    // "ok" never leaves the member's client: Discord refuses the form below its minimum.
    await expect(t.discord.submitModal(opened, { text: 'ok' })).rejects.toThrow(/at least 15 characters/);
  });

  it('GIVEN an answer long enough for the form but of one or two words THEN it is refused privately with the minimum, and nothing is posted', async () => {
    for (const text of ['Absolutelyyyyyyyyy!!!', 'Agreed, wholeheartedly!']) {
      const refused = await settled(t, await answerVia(t, posted, text, morgan), (words) => words.length > 0);
      expect(refused.ephemeral).toBe(true);
      expect(answerText(refused)).toContain(`That answer is too short: ${MINIMUM}`);
    }
    expect(await answersIn()).toHaveLength(0);
  });

  it('GIVEN an answer edited down to two words THEN the edit is refused with the same minimum and the answer keeps its text', async () => {
    const text = 'One overlapping hour a day, and decisions written down.';
    await settled(t, await answerVia(t, posted, text, morgan), (words) => words.includes('is posted'));
    const answer = await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === 'Answer to #1');
    const form = await t.discord.click(answer, 'Edit', morgan);
    const refused = await settled(t, await t.discord.submitModal(form, { text: 'Agreed, wholeheartedly!' }), (words) => words.length > 0);
    expect(answerText(refused)).toContain(MINIMUM);
    expect((await t.discord.messages(posted.id)).find((message) => message.id === answer.id)?.embeds[0]?.description).toBe(text);
  });
});
