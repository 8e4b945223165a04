import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import type { InteractionContext, InteractionResult, LoggedMessage } from '../../src/local-discord/index.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { buttonLabels, componentsOf, replyOf as reply } from './support/messages.js';

/** Server jargon no shipped entry covers: /ask has no confident answer for it. */
const JARGON = 'how do we run our kaizen huddle';

/**
 * Learning from members end to end: what /ask missed reaches the moderators' `/kb review`, and one
 * choice there makes the same words answer in that server, and only there.
 */
describe('/kb review through the local Discord', () => {
  let t: TestBot;
  let other: InteractionContext;

  beforeAll(async () => {
    // Global commands, so a second server has them too.
    t = await startTestBot({ env: { DISCORD_GUILD_ID: '' } });
    const owner = await t.discord.createUser({ username: 'quinn' });
    const guild = await t.discord.createGuild({ name: 'Other Server', ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
    const lobby = await t.discord.createChannel(guild.id, { name: 'lobby', type: 'text' });
    other = { guildId: guild.id, channelId: lobby.id, userId: owner.id };
  });
  afterAll(async () => {
    await t?.close();
  });

  const moderator = () => at(t.world, 'general', 'moderator');
  const member = () => at(t.world, 'general', 'member');
  const title = (result: InteractionResult) => reply(result).embeds[0]?.title;
  const text = (message: LoggedMessage | null | undefined) =>
    [message?.content ?? '', ...(message?.embeds ?? []).flatMap((embed) => [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).map((field) => field.value)])].join('\n');
  /** The message as it is now (after the bot updated it). */
  const current = async (message: LoggedMessage) => (await t.discord.messages(message.channel_id)).find((candidate) => candidate.id === message.id);
  const select = (message: LoggedMessage) => componentsOf(message).find((component) => component.type === 3);
  const custom = (message: LoggedMessage, label: string) => componentsOf(message).find((component) => component.label === label)?.custom_id ?? '';

  it('GIVEN a miss WHEN a moderator adds its words as an alias in /kb review THEN the same wording is answered with that topic, in that server only', async () => {
    const missed = await t.discord.invoke('/ask', { question: JARGON }, member());
    expect(title(missed)).toBe('No confident answer');
    await t.discord.invoke('/ask', { question: 'How do we run our Kaizen huddle?' }, member());
    await t.discord.invoke('/ask', { question: JARGON }, other);

    const listed = await t.discord.invoke('/kb review', {}, moderator());
    expect(listed.ephemeral).toBe(true);
    const list = reply(listed);
    expect(list.embeds[0]?.title).toBe('What /ask missed');
    expect(list.embeds[0]?.description).toContain('How do we run our Kaizen huddle?');
    expect(text(list)).toContain('Asked 2× by 1 member: 2 without an answer');
    expect(buttonLabels(list)).toEqual(['Alias of another topic…', 'Draft a new entry', 'Dismiss']);
    const topic = select(list)?.options?.[0];
    if (!topic) throw new Error('no closest topic offered');

    const chosen = await t.discord.select(list, 0, [topic.value], moderator());
    expect(chosen.ephemeral).toBe(true);
    const updated = await current(list);
    expect(updated?.content).toContain(`now answers with **${topic.label}** in this server`);
    expect(updated?.embeds[0]?.title).toBe('Nothing to review');

    const answered = await t.discord.invoke('/ask', { question: 'How do we run our kaizen huddle!' }, member());
    expect(title(answered)).toBe(topic.label);
    expect(reply(answered).embeds[0]?.footer?.text).toMatch(/^Matched "How do we run our Kaizen huddle\?" · confidence 100%/);
    expect(buttonLabels(reply(answered))).toContain('Not helpful');
    expect(title(await t.discord.invoke('/ask', { question: JARGON }, other))).toBe('No confident answer');
  });

  it('GIVEN a plain member THEN /kb review and its buttons are refused, even crafted onto a moderator\'s list', async () => {
    const refused = await t.discord.invoke('/kb review', {}, member());
    expect(refused.ephemeral).toBe(true);
    expect(reply(refused).content).toContain('Manage Server');

    await t.discord.invoke('/ask', { question: 'what should our guild bake-off budget be' }, member());
    const list = reply(await t.discord.invoke('/kb review', {}, moderator()));
    const groupId = custom(list, 'Dismiss').split(':')[2] ?? '';
    const crafted = await t.discord.craft({ kind: 'button', customId: `kb:rv-dismiss:${groupId}:1`, message: list }, member());
    expect(reply(crafted).content).toContain('Manage Server');
    expect(text(await current(list))).toContain('guild bake');
    const stillThere = reply(await t.discord.invoke('/kb review', {}, moderator()));
    expect(stillThere.embeds[0]?.description).toContain('guild bake');
  });

  it("GIVEN another server's group id, another server's entry, or a public message THEN each is refused and nothing changes", async () => {
    await t.discord.invoke('/ask', { question: 'when is the otter standup' }, other);
    const theirs = reply(await t.discord.invoke('/kb review', {}, other));
    const theirGroup = custom(theirs, 'Dismiss').split(':')[2] ?? '';
    expect(theirGroup).toMatch(/^\d+$/);

    const ours = reply(await t.discord.invoke('/kb review', {}, moderator()));
    const foreignGroup = await t.discord.craft({ kind: 'button', customId: `kb:rv-dismiss:${theirGroup}:1`, message: ours }, moderator());
    expect(reply(foreignGroup).content).toContain('no longer waiting for review');
    const foreignAlias = await t.discord.craft({ kind: 'select', customId: `kb:rv-alias:${theirGroup}:1`, values: ['technical-debt'], message: ours }, moderator());
    expect(reply(foreignAlias).content).toContain('no longer waiting for review');
    const foreignForm = await t.discord.craft({ kind: 'modal', customId: `kb:rv-other-form:${theirGroup}:1`, fields: { topic: 'technical-debt' }, message: ours }, moderator());
    expect(reply(foreignForm).content).toContain('no longer waiting for review');

    // The other server drafts its own entry; its id means nothing in this server.
    const drafting = await t.discord.click(theirs, 'Draft a new entry', other);
    const drafted = await t.discord.submitModal(drafting, { title: 'When is the otter standup?', body: 'Every Tuesday at ten, in the big room, fifteen minutes.' });
    expect(text(await current(theirs))).toContain('New server entry');
    const ourGroup = custom(ours, 'Dismiss').split(':')[2] ?? '';
    const foreignEntry = await t.discord.craft({ kind: 'select', customId: `kb:rv-alias:${ourGroup}:1`, values: [`review-${theirGroup}`], message: ours }, moderator());
    expect(reply(foreignEntry).content).toContain('no topic called');
    expect(drafted.acknowledged).toBe(true);

    const publicPost = reply(await t.discord.invoke('/cto list', {}, moderator()));
    const onPublic = await t.discord.craft({ kind: 'button', customId: `kb:rv-dismiss:${ourGroup}:1`, message: publicPost }, moderator());
    expect(reply(onPublic).content).toContain('no longer works here');
    expect(text(reply(await t.discord.invoke('/kb review', {}, moderator())))).toContain('guild bake');
    expect(t.bot.db.prepare('SELECT count(*) FROM kb_guild_aliases WHERE guild_id = ?').pluck().get(t.world.guild.id)).toBe(1);
  });

  it('GIVEN "Not helpful" on an answer THEN /kb review shows the vote; another topic typed in the form becomes the alias', async () => {
    const question = 'how do I hire senior engineers?';
    const asked = await t.discord.invoke('/ask', { question }, member());
    const votedDown = title(asked);
    await t.discord.click(reply(asked), 'Not helpful', member());
    await t.discord.click(reply(asked), 'Not helpful', at(t.world, 'general', 'moderator'));

    let list = reply(await t.discord.invoke('/kb review', {}, moderator()));
    for (let page = 1; !text(list).includes(question) && page < 5; page += 1) {
      await t.discord.click(list, 'Next', moderator());
      list = (await current(list)) ?? list;
    }
    expect(text(list)).toContain('2 voted "Not helpful"');
    expect(text(list)).toContain(votedDown ?? '?');
    expect(select(list)?.options?.map((option) => option.label)).not.toContain(votedDown);

    const form = await t.discord.click(list, 'Alias of another topic…', moderator());
    expect(form.modal?.title).toBe('Add as an alias of a topic');
    await t.discord.submitModal(form, { topic: 'inclusive-hiring' });
    const inclusive = t.bot.context.knowledge.entry('inclusive-hiring', t.world.guild.id)?.title ?? '?';
    expect((await current(list))?.content).toContain(`now answers with **${inclusive}**`);
    expect(title(await t.discord.invoke('/ask', { question: 'How do I hire senior engineers' }, member()))).toBe(inclusive);
  });

  it('GIVEN Dismiss THEN the group leaves the list; Draft a new entry makes the wording answer with the new server entry', async () => {
    await t.discord.invoke('/ask', { question: 'who waters the office ficus' }, member());
    let list = reply(await t.discord.invoke('/kb review', {}, moderator()));
    const find = async (words: string) => {
      list = reply(await t.discord.invoke('/kb review', {}, moderator()));
      for (let page = 1; !text(list).includes(words) && page < 8; page += 1) {
        await t.discord.click(list, 'Next', moderator());
        list = (await current(list)) ?? list;
      }
      expect(text(list)).toContain(words);
      return list;
    };
    await find('office ficus');
    await t.discord.click(list, 'Dismiss', moderator());
    expect((await current(list))?.content).toContain('Dismissed “who waters the office ficus”');

    await find('guild bake');
    const form = await t.discord.click(list, 'Draft a new entry', moderator());
    expect(form.modal?.title).toBe('Draft a server entry');
    await t.discord.submitModal(form, { title: 'What is our guild bake-off budget?', body: 'Fifty euros a team, receipts to the office manager by Friday.' });
    expect((await current(list))?.content).toContain('New server entry **What is our guild bake\\-off budget?** (`review-');

    const answered = await t.discord.invoke('/ask', { question: 'What should our guild bake-off budget be?' }, member());
    expect(title(answered)).toBe('What is our guild bake-off budget?');
    const all = text(reply(await t.discord.invoke('/kb review', {}, moderator())));
    expect(all).not.toContain('office ficus');
    expect(all).not.toContain('guild bake');
  });
});
