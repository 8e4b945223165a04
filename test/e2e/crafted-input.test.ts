import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** Input no honest client sends, found by the fuzz test (test/reliability): refused privately, never an error. */
describe('crafted interactions', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['question:answer-modal:1', 'member'],
    ['question:ask-modal:1', 'member'],
    ['qa:edit-question:1', 'moderator'],
    ['announce:body:1', 'moderator'],
    ['announce:amend:1', 'moderator'],
  ] as const)('GIVEN the form %s submitted without its text field THEN the member is told privately it is out of date', async (customId, who) => {
    const result = await t.discord.craft({ kind: 'modal', customId, fields: { other: 'hello' } }, at(t.world, 'general', who));
    expect(result.reply?.content).toBe('This form is out of date. Run the command again.');
    expect(result.reply?.ephemeralFor).toBe(t.world.people[who]);
    expect(t.logs.find('interaction handler failed')).toEqual([]);
  });

  it.each([
    ['/question accept', true],
    ['/question accept', 'seven'],
    ['/qa edit', 1.5],
  ] as const)('GIVEN %s autocompleting an answer while id holds %j THEN no choices, no error', async (command, id) => {
    const choices = await t.discord.autocomplete(command, { id, answer: '' }, 'answer', at(t.world, 'general', 'moderator'));
    expect(choices).toEqual([]);
    expect(t.logs.find('interaction handler failed')).toEqual([]);
  });
});
