import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { buttonLabels, componentsOf, replyOf as reply } from './support/messages.js';

describe('/ask and /cto through the local Discord', () => {
  let t: TestBot;

  beforeAll(async () => {
    // Global commands (no development server), so /ask also works in direct messages.
    t = await startTestBot({ env: { DISCORD_GUILD_ID: '' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN a question the knowledge base covers THEN answers publicly with the entry, related topics, how it matched and four buttons', async () => {
    const result = await t.discord.invoke('/ask', { question: 'should I still be writing code as CTO?' }, at(t.world));
    const message = reply(result);
    expect(result.ephemeral).toBe(false);
    expect(result.latencyMs).toBeLessThan(3000);
    const embed = message.embeds[0];
    expect(embed?.title).toBe('How do I provide technical leadership while delegating the coding?');
    expect(embed?.fields?.map((field) => field.name)).toContain('Related');
    expect(embed?.footer?.text).toMatch(/^Matched ".+" · confidence \d+%/);
    expect(buttonLabels(message)).toEqual(['Helpful', 'Not helpful', 'More like this', 'Ask the community']);
    expect(message.pinged).toEqual({ everyone: false, roles: [], users: [] });
  });

  it('GIVEN private:true THEN only the asker sees the answer', async () => {
    const result = await t.discord.invoke('/ask', { question: 'CIO vs CTO?', private: true }, at(t.world));
    expect(result.ephemeral).toBe(true);
    expect(reply(result).embeds[0]?.title).toContain('CIO');
  });

  it('GIVEN Helpful then Not helpful from the same member THEN one vote per member per entry is kept, the latest', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'how do I win over a team I inherited?' }, at(t.world));
    const thanks = await t.discord.click(reply(asked), 'Helpful', at(t.world));
    expect(thanks.ephemeral).toBe(true);
    expect(reply(thanks).content).toContain('glad it helped');
    await t.discord.click(reply(asked), 'Not helpful', at(t.world));
    const votes = t.bot.db
      .prepare<[string], { helpful: number }>("SELECT helpful FROM kb_feedback WHERE entry_id = 'trust-with-inherited-team' AND user_id = ?")
      .all(t.world.people.member);
    expect(votes).toEqual([{ helpful: 0 }]);
  });

  it('GIVEN More like this THEN shows the next two results privately, each with a button that opens it', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'how do we deal with our tech debt?' }, at(t.world));
    const more = await t.discord.click(reply(asked), 'More like this', at(t.world));
    expect(more.ephemeral).toBe(true);
    const cards = reply(more);
    expect(cards.embeds).toHaveLength(2);
    expect(cards.embeds.map((embed) => embed.title)).not.toContain(reply(asked).embeds[0]?.title);
    const opened = await t.discord.click(cards, 0, at(t.world));
    expect(reply(opened).embeds[0]?.title).toBe(cards.embeds[0]?.title);
    expect(reply(opened).embeds[0]?.description?.length).toBeGreaterThan(500);
  });

  it('GIVEN Ask the community THEN the member gets a private answer, never an error', async () => {
    const asked = await t.discord.invoke('/ask', { question: 'how do I hire senior engineers?' }, at(t.world));
    const handed = await t.discord.click(reply(asked), 'Ask the community', at(t.world));
    expect(handed.acknowledged).toBe(true);
    const messages = [handed.reply, ...handed.followUps].filter(Boolean);
    expect(messages.every((message) => !message?.content.startsWith('Something went wrong'))).toBe(true);
  });

  it('GIVEN an off-topic question THEN says honestly it has no answer, offers the closest topics and the community, and pings nobody', async () => {
    const result = await t.discord.invoke('/ask', { question: 'What is the best movie of all time? @everyone <@&' + t.world.guild.id + '>' }, at(t.world));
    const message = reply(result);
    expect(message.embeds[0]?.title).toBe('No confident answer');
    expect(buttonLabels(message)).toContain('Ask the community');
    expect(buttonLabels(message).length).toBeLessThanOrEqual(4);
    expect(message.pinged).toEqual({ everyone: false, roles: [], users: [] });
  });

  it('GIVEN a closest-topic button on a no-answer reply THEN it opens that topic', async () => {
    const result = await t.discord.invoke('/ask', { question: 'my board wants a cheaper cloud, what do I tell them about our architecture' }, at(t.world));
    const message = reply(result);
    const labels = buttonLabels(message);
    if (message.embeds[0]?.title === 'No confident answer') {
      expect(labels.length).toBeGreaterThan(1);
      const opened = await t.discord.click(message, 0, at(t.world));
      expect(reply(opened).embeds[0]?.title).toBe(labels[0]);
    } else {
      expect(labels).toContain('Helpful');
    }
  });

  it('GIVEN a question longer than 1,000 characters THEN a clear private error, nothing recorded', async () => {
    const count = () => t.bot.db.prepare('SELECT count(*) FROM kb_questions').pluck().get() as number;
    const before = count();
    const result = await t.discord.invoke('/ask', { question: 'x '.repeat(501) }, { ...at(t.world), unchecked: true });
    expect(result.ephemeral).toBe(true);
    expect(reply(result).content).toMatch(/under 1000 characters/);
    expect(count()).toBe(before);
  });

  it('GIVEN every /ask THEN it is recorded with guild, member, text, match and score', async () => {
    await t.discord.invoke('/ask', { question: 'what is a fractional cto' }, at(t.world));
    const row = t.bot.db
      .prepare<[], { guild_id: string; user_id: string; question: string; entry_id: string; score: number }>('SELECT * FROM kb_questions ORDER BY id DESC LIMIT 1')
      .get();
    expect(row).toMatchObject({ guild_id: t.world.guild.id, user_id: t.world.people.member, question: 'what is a fractional cto', entry_id: 'fractional-cto' });
    expect(row?.score).toBeGreaterThan(0);
  });

  it('GIVEN /ask in a direct message THEN it answers there too', async () => {
    const result = await t.discord.invoke('/ask', { question: 'how do I become a CTO?' }, { userId: t.world.people.member });
    expect(reply(result).embeds[0]?.title).toContain('CTO');
  });

  it('GIVEN /cto topic autocomplete THEN at most 25 relevant choices, the best first', async () => {
    const choices = await t.discord.autocomplete('/cto topic', { topic: 'hir' }, 'topic', at(t.world));
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]).toEqual({ name: 'How do I hire great engineers?', value: 'hiring-engineers' });
    expect(await t.discord.autocomplete('/cto topic', { topic: '' }, 'topic', at(t.world))).toHaveLength(25);
    const tech = await t.discord.autocomplete('/cto topic', { topic: 'tech debt' }, 'topic', at(t.world));
    expect(tech.map((choice) => choice.value)).toContain('technical-debt');
  });

  it('GIVEN /cto topic with a picked id THEN shows the entry', async () => {
    const result = await t.discord.invoke('/cto topic', { topic: 'cto-vs-cpo' }, at(t.world));
    expect(reply(result).embeds[0]?.title).toContain('Chief Product Officer');
  });

  it('GIVEN /cto list with a tag no topic has THEN says so privately, with the tags there are', async () => {
    const listed = await t.discord.invoke('/cto list', { tag: 'nonsense' }, at(t.world, 'general', 'member'));
    expect(listed.reply?.ephemeralFor).toBe(t.world.people.member);
    expect(listed.reply?.content).toMatch(/^No topic is tagged `nonsense`\. Tags: `[a-z-]+`/);
    expect(listed.reply?.content).toContain('`hiring`');
  });

  it('GIVEN /cto list THEN pages with Next/Previous and opens a topic from the menu', async () => {
    const listed = await t.discord.invoke('/cto list', {}, at(t.world));
    const first = reply(listed);
    expect(first.embeds[0]?.footer?.text).toMatch(/^Page 1 of \d+/);
    await t.discord.click(first, 'Next', at(t.world));
    const updated = (await t.discord.messages(t.world.channelIds.get('general') ?? '')).find((message) => message.id === first.id);
    expect(updated?.embeds[0]?.footer?.text).toMatch(/^Page 2 of/);
    const option = componentsOf(updated ?? null).find((component) => component.type === 3)?.options?.[0];
    expect(option).toBeDefined();
    const opened = await t.discord.select(updated ?? first, 0, [option?.value ?? ''], at(t.world));
    expect(opened.ephemeral).toBe(true);
    expect(reply(opened).embeds[0]?.title).toBe(option?.label);
  });

  it('GIVEN someone else clicks Next on a public /cto list THEN they get their own page and the list stays as it was', async () => {
    const listed = await t.discord.invoke('/cto list', {}, at(t.world, 'general', 'member'));
    const paged = await t.discord.click(reply(listed), 'Next', at(t.world, 'general', 'moderator'));
    expect(paged.ephemeral).toBe(true);
    expect(reply(paged).embeds[0]?.footer?.text).toMatch(/^Page 2 of/);
    const original = (await t.discord.messages(t.world.channelIds.get('general') ?? '')).find((message) => message.id === reply(listed).id);
    expect(original?.embeds[0]?.footer?.text).toMatch(/^Page 1 of/);
  });

  it('GIVEN /kb stats THEN a member is refused even when the command reaches the bot, a moderator sees the figures', async () => {
    const refused = await t.discord.invoke('/kb stats', {}, at(t.world, 'general', 'member'));
    expect(reply(refused).content).toContain('Manage Server');
    const stats = await t.discord.invoke('/kb stats', { period: 'all' }, at(t.world, 'general', 'moderator'));
    expect(stats.ephemeral).toBe(true);
    const embed = reply(stats).embeds[0];
    expect(embed?.description).toMatch(/\*\*\d+\*\* questions asked/);
    expect(embed?.fields?.map((field) => field.name)).toEqual(['Most asked topics', 'Least helpful entries', 'Questions without an answer, most asked first']);
    expect(embed?.fields?.[2]?.value).toContain('best movie');
  });
});
