import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionResult, LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, questionMessage, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** Characters that show nothing: zero-width spaces and joiners, word joiners, the BOM, a Hangul filler, a blank Braille cell, bidi marks. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u3164', '\u2800', '\u180e', '\u034f', '\u00ad'];
const blank = (length: number) => Array.from({ length }, (_, index) => INVISIBLE[index % INVISIBLE.length]).join('');

/** Text of only invisible characters is empty wherever the bot takes text: refused, nothing posted or saved. */
describe('text that shows nothing', () => {
  let t: TestBot;
  let sam: Where;
  let morgan: Where;
  let questions: string;
  let first: LoggedMessage;

  beforeAll(async () => {
    t = await startTestBot();
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    questions = t.world.channelIds.get('questions') ?? '';
    await t.discord.invoke('/qa setup', { channel: questions }, morgan);
    await askQuestion(t, 'How do we run a good incident review after an outage?', sam);
    first = await questionMessage(t, questions, 1);
  });
  afterAll(async () => {
    await t?.close();
  });

  const privately = (result: InteractionResult): string => {
    expect(result.reply?.ephemeralFor ?? result.followUps[0]?.ephemeralFor).toBeTruthy();
    return answerText(result);
  };
  const botPosts = async (channelId: string) => (await t.discord.messages(channelId)).filter((message) => message.author.id === t.discord.botUserId && !message.ephemeralFor);

  it('GIVEN /question ask with only zero-width characters THEN refused as too short, and no card is posted', async () => {
    const before = (await botPosts(questions)).length;
    const result = await t.discord.invoke('/question ask', { text: blank(24) }, sam);
    expect(privately(result)).toContain('Write at least 10 characters');
    expect(await botPosts(questions)).toHaveLength(before);
  });

  it('GIVEN a question of two letters padded with zero-width characters THEN it is still too short', async () => {
    expect(privately(await t.discord.invoke('/question ask', { text: `ok${blank(20)}` }, sam))).toContain('Write at least 10 characters');
  });

  it('GIVEN an answer of only invisible characters THEN it is empty', async () => {
    const result = await answerVia(t, first, blank(20), sam);
    const settled = await t.discord.waitForInteraction(result.interactionId, (state) => answerText(state).length > 0);
    expect(privately(settled)).toContain('The answer is empty');
    expect((await t.discord.messages(first.id)).filter((message) => message.embeds[0]?.title?.startsWith('Answer to'))).toHaveLength(0);
  });

  it('GIVEN /ask and /questions search with only invisible characters THEN both are refused', async () => {
    expect(privately(await t.discord.invoke('/ask', { question: blank(8), private: true }, sam))).toContain('at least 3 characters');
    expect(privately(await t.discord.invoke('/questions search', { query: blank(6) }, sam))).toContain('at least 2 characters');
  });

  it('GIVEN a moderator editing a question to only invisible characters THEN refused, the question unchanged', async () => {
    const opened = await t.discord.invoke('/qa edit', { id: 1 }, morgan);
    const submitted = await t.discord.submitModal(opened, { text: blank(30) });
    const settled = await t.discord.waitForInteraction(submitted.interactionId, (state) => answerText(state).length > 0);
    expect(privately(settled)).toContain('at least 10 characters');
    expect(t.bot.context.qa.finding.question(t.world.guild.id, 1, { userId: morgan.userId, moderator: true }).text).toBe('How do we run a good incident review after an outage?');
  });

  it('GIVEN an announcement body of only invisible characters THEN the form is refused', async () => {
    const opened = await t.discord.invoke('/announce post', { channel: t.world.channelIds.get('general') ?? '' }, morgan);
    const submitted = await t.discord.submitModal(opened, { body: blank(40) });
    const settled = await t.discord.waitForInteraction(submitted.interactionId, (state) => answerText(state).length > 0);
    expect(privately(settled)).toContain('Write the announcement text');
  });

  it('GIVEN an announcement title of only invisible characters THEN it has no title', async () => {
    const opened = await t.discord.invoke('/announce post', { channel: t.world.channelIds.get('general') ?? '', title: blank(5) }, morgan);
    const submitted = await t.discord.submitModal(opened, { body: 'The offsite moves to Thursday.' });
    const preview = await t.discord.waitForInteraction(submitted.interactionId, (state) => Boolean(state.reply?.components?.length));
    expect(preview.reply?.embeds[0]?.description).toBe('The offsite moves to Thursday.');
    expect(preview.reply?.embeds[0]?.title).toBeUndefined();
  });
});
