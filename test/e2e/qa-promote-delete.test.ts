import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerText, answerVia, askQuestion, confirmedModeration, questionMessage, qaCast, type Where } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';

const QUESTION = 'How do we price a fractional CTO engagement for a seed-stage startup?';
const ANSWER = 'Price it as a monthly retainer for two days a week, with a three-month minimum and a clear exit.';

/** A promoted answer is this server's knowledge-base entry only as long as its question exists, and /qa delete says so. */
describe('/qa delete of a promoted question', () => {
  let t: TestBot;
  let sam: Where;
  let morgan: Where;

  beforeAll(async () => {
    t = await startTestBot();
    const cast = await qaCast(t);
    ({ sam, morgan } = cast);
    const { questions } = cast;
    await askQuestion(t, QUESTION, sam);
    const posted = await questionMessage(t, questions, 1);
    await answerVia(t, posted, ANSWER, morgan);
    const answer = await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === 'Answer to #1');
    await t.discord.click(answer, 'Accept', sam);
    const promoted = await t.discord.invoke('/qa promote', { id: 1 }, morgan);
    expect(answerText(promoted)).toContain('community-1');
  });
  afterAll(async () => {
    await t?.close();
  });

  const askShows = async (text: string) => JSON.stringify((await t.discord.invoke('/ask', { question: QUESTION, private: true }, sam)).reply?.embeds ?? []).includes(text);

  it('GIVEN the promoted answer THEN /ask and /cto topic find it before the delete', async () => {
    expect(await askShows('monthly retainer')).toBe(true);
    expect(answerText(await t.discord.invoke('/cto topic', { topic: 'community-1', private: true }, sam))).toContain('monthly retainer');
  });

  it('GIVEN the promoted answer THEN /cto topic credits its author once, under the answer, not again in its text', async () => {
    const [embed] = (await t.discord.invoke('/cto topic', { topic: 'community-1', private: true }, sam)).reply?.embeds ?? [];
    expect(embed?.description).toBe(ANSWER);
    expect(embed?.fields?.find((field) => field.name === 'Community answer')?.value).toBe(`Written by <@${morgan.userId}>`);
    expect(JSON.stringify(embed).split(`<@${morgan.userId}>`)).toHaveLength(2);
  });

  it('GIVEN /qa delete of its question THEN the reply says the entry goes too, and /ask and /cto topic no longer find it', async () => {
    const deleted = await confirmedModeration(t, '/qa delete', { id: 1 }, morgan);
    const said = answerText(deleted);
    expect(said).toContain('**#1** is deleted');
    expect(said).toContain("its entry in this server's knowledge base (`community-1`) is removed");
    expect(await askShows('monthly retainer')).toBe(false);
    expect(answerText(await t.discord.invoke('/cto topic', { topic: 'community-1', private: true }, sam))).not.toContain('monthly retainer');
    expect(t.bot.context.knowledge.guildEntries(t.world.guild.id)).toEqual([]);
  });
});
