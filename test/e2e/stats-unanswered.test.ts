import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionResult, LoggedMessage } from '../../src/local-discord/index.js';
import { OFF_TOPIC_QUESTIONS } from '../support/knowledge.js';
import { answerText, craftClick, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { buttonLabels, componentsOf, replyOf as reply } from './support/messages.js';

const OFF_TOPIC = OFF_TOPIC_QUESTIONS;
const PIZZA = ['best pizza in Rome?', 'Best pizza in rome', 'BEST pizza in Rome!!'];

const fieldNamed = (message: LoggedMessage, start: string) => message.embeds[0]?.fields?.find((field) => field.name.startsWith(start));
const customIdOf = (message: LoggedMessage, label: string) => componentsOf(message).find((component) => component.label === label)?.custom_id ?? '';

/** /kb stats and /qa stats: each unanswered /ask wording once with its count, most asked first, paged. */
describe('questions /ask could not answer, in stats', () => {
  let t: TestBot;
  let morgan: Where;
  let robin: Where;

  beforeAll(async () => {
    t = await startTestBot();
    morgan = at(t.world, 'general', 'moderator');
    const sam = at(t.world, 'general', 'member');
    for (const question of [...PIZZA, ...OFF_TOPIC]) {
      const asked = await t.discord.invoke('/ask', { question, private: true }, sam);
      expect(answerText(asked)).not.toContain('Something went wrong');
    }
    // A second moderator, with Manage Server and Manage Messages through a role.
    const role = await t.discord.createRole(t.world.guild.id, { name: 'Stewards', permissions: String((1n << 5n) | (1n << 13n)) });
    const member = await t.discord.createMember(t.world.guild.id, { username: 'robin', roles: [role.id] });
    robin = { ...morgan, userId: member.user.id };
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectPaged = async (command: '/kb stats' | '/qa stats', title: string) => {
    const first = await t.discord.invoke(command, { period: 'all' }, morgan);
    expect(first.ephemeral).toBe(true);
    const page1 = reply(first);
    const field = fieldNamed(page1, title);
    expect(field?.name).toBe(`${title}, most asked first (page 1 of 2)`);
    // The same question asked three ways is one line, counted, first.
    expect(field?.value.split('\n')[0]).toMatch(/^\*\*3×\*\* BEST pizza in Rome!! · last \d{4}-\d{2}-\d{2}$/);
    expect(field?.value.match(/pizza/gi)).toHaveLength(1);
    expect(buttonLabels(page1)).toEqual(['Previous', 'Next']);

    const next = await t.discord.click(page1, 'Next', morgan);
    const page2 = reply(next);
    expect(fieldNamed(page2, title)?.name).toBe(`${title}, most asked first (page 2 of 2)`);
    const shown = [...(field?.value.split('\n') ?? []), ...(fieldNamed(page2, title)?.value.split('\n') ?? [])];
    expect(shown).toHaveLength(1 + OFF_TOPIC.length);
    for (const question of OFF_TOPIC) expect(shown.filter((line) => line.includes(question.slice(0, 20)))).toHaveLength(1);
    const back = await t.discord.click(page2, 'Previous', morgan);
    expect(fieldNamed(reply(back), title)?.name).toContain('(page 1 of 2)');
    return page1;
  };

  const refused = (result: InteractionResult) => {
    expect(result.ephemeral).toBe(true);
    return answerText(result);
  };

  it('GIVEN /kb stats THEN every unanswered wording is listed once with its count, and Previous/Next page through them all', async () => {
    await expectPaged('/kb stats', 'Questions without an answer');
  });

  it('GIVEN /qa stats THEN the /ask questions the knowledge base could not answer are grouped and paged the same way', async () => {
    await expectPaged('/qa stats', '/ask questions the knowledge base could not answer');
  });

  it("GIVEN another moderator, or another server, using a moderator's stats buttons THEN they page nothing", async () => {
    for (const command of ['/kb stats', '/qa stats'] as const) {
      const own = reply(await t.discord.invoke(command, { period: 'all' }, morgan));
      const next = customIdOf(own, 'Next');
      expect(next).toContain(t.world.guild.id);
      expect(next).toContain(morgan.userId);
      const theirs = reply(await t.discord.invoke(command, { period: 'all' }, robin));
      expect(refused(await craftClick(t, robin, next, theirs))).toContain("someone else's stats");
      const elsewhere = next.replace(t.world.guild.id, '123456789012345678');
      expect(refused(await craftClick(t, morgan, elsewhere, own))).toContain("someone else's stats");
    }
  });
});
