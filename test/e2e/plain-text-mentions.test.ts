import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerVia, askQuestion, questionMessage, settled, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { componentsOf, replyOf as reply } from './support/messages.js';

/** A Discord id anywhere in text a member reads. */
const RAW_ID = /\d{17,20}/;
const UNKNOWN_ROLE = '123456789012345678';

/**
 * Thread names, menu labels, autocomplete choices and embed titles show text as typed: Discord renders
 * no mention there, so member text's `<@&id>`, `<@id>` and `<#id>` are shown by the names they stand for.
 */
describe('mentions in member text where Discord shows plain text', () => {
  let t: TestBot;
  let sam: Where;
  let morgan: Where;
  let questions: string;
  let general: string;
  let roleId: string;
  let posted: LoggedMessage;
  let question: string;

  beforeAll(async () => {
    t = await startTestBot();
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    questions = t.world.channelIds.get('questions') ?? '';
    general = t.world.channelIds.get('general') ?? '';
    roleId = (await t.discord.createRole(t.world.guild.id, { name: 'Platform Leads' })).id;
    await t.discord.invoke('/qa setup', { channel: questions }, morgan);
    question = `Should <@&${roleId}> or <@${sam.userId}> own onboarding in <#${general}>, not <@&${UNKNOWN_ROLE}>?`;
    await askQuestion(t, question, sam);
    posted = await questionMessage(t, questions, 1);
  });
  afterAll(async () => {
    await t?.close();
  });

  const named = (text: string) => {
    expect(text).toContain('@Platform Leads');
    expect(text).toContain('#general');
    expect(text).toContain('@unknown-role');
    expect(text).not.toMatch(RAW_ID);
  };

  it("GIVEN a question with role, member and channel mentions THEN its thread's name shows their names, and an unknown role neutrally", async () => {
    const thread = (await t.discord.channels(t.world.guild.id)).find((channel) => channel.id === posted.id);
    named(thread?.name ?? '');
    expect(thread?.name).toMatch(/^#1 · Should @Platform Leads or @sam own onboarding in #general/);
    // The question's own card is a body: there Discord renders the mentions, so they stay.
    expect(posted.embeds[0]?.description).toContain(`<@&${roleId}>`);
  });

  it('GIVEN /questions list and /questions search THEN the menu labels and the search title show names, never ids', async () => {
    const listed = reply(await t.discord.invoke('/questions list', {}, sam));
    const label = componentsOf(listed).find((component) => component.type === 3)?.options?.[0]?.label ?? '';
    named(label);
    const searched = reply(await t.discord.invoke('/questions search', { query: `onboarding <@&${roleId}> <@&${UNKNOWN_ROLE}> <#${general}>` }, sam));
    named(searched.embeds[0]?.title ?? '');
    named(componentsOf(searched).find((component) => component.type === 3)?.options?.[0]?.label ?? '');
  });

  it('GIVEN autocomplete of questions and of their answers THEN choice names show names, never ids', async () => {
    const choices = await t.discord.autocomplete('/question show', { id: 'onboarding' }, 'id', sam);
    named(choices[0]?.name ?? '');
    const answered = await answerVia(t, posted, `Ask <@&${roleId}> in <#${general}> first, then <@&${UNKNOWN_ROLE}> can follow.`, morgan);
    await settled(t, answered, (words) => words.includes('is posted'));
    const answers = await t.discord.autocomplete('/qa delete', { id: 1, answer: '' }, 'answer', morgan);
    named(answers[0]?.name ?? '');
  });

  it('GIVEN the answer accepted and promoted THEN /cto list menus and the /ask community answer title show names too', async () => {
    await settled(t, await t.discord.invoke('/question accept', { id: 1, answer: 1 }, sam), (words) => words.length > 0);
    await t.discord.invoke('/qa promote', { id: 1 }, morgan);
    const listed = reply(await t.discord.invoke('/cto list', { tag: 'community', private: true }, sam));
    const option = componentsOf(listed).find((component) => component.type === 3)?.options?.[0];
    // The entry's title is the question cut at 100 characters: its mentions are named within that.
    expect(option?.label).toMatch(/^Should @Platform Leads or @sam own onboarding in #general/);
    expect(option?.label).not.toMatch(RAW_ID);
    named((option as { description?: string } | undefined)?.description ?? '');
    const asked = reply(await t.discord.invoke('/ask', { question, private: true }, sam));
    const community = asked.embeds.find((embed) => embed.author?.name === 'Community answer');
    named(community?.title ?? '');
  });
});
