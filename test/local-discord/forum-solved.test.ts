import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandType, ChannelFlags, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord.js';
import type { AnyThreadChannel, ForumChannel, Interaction } from 'discord.js';
import { ManualClock, MINUTE_MS } from '../../src/core/clock.js';
import { apiError, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const P = PermissionFlagsBits;
/** A Q&A bot's permissions, without Manage Channels (a test grants it on one forum) or Manage Threads. */
const BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.EmbedLinks | P.ReadMessageHistory | P.CreatePublicThreads;

let h: Harness;
const clock = new ManualClock('2026-03-02T10:00:00Z');

/** "Mark as answer": the bot switches the post's tag to Answered and archives it in one PATCH, as the solved workflow will. */
async function bot(interaction: Interaction): Promise<void> {
  if (!interaction.isMessageContextMenuCommand() || !interaction.channel?.isThread()) return;
  const thread = interaction.channel;
  const forum = thread.parent as ForumChannel;
  const answered = forum.availableTags.find((tag) => tag.name === 'Answered');
  await interaction.reply({ content: `Accepted ${interaction.targetMessage.author.username}'s answer: "${interaction.targetMessage.content}"`, flags: MessageFlags.Ephemeral });
  await thread.edit({ appliedTags: answered ? [answered.id] : [], archived: true });
}

beforeAll(async () => {
  h = await startHarness(bot, { botPermissions: BOT_PERMISSIONS, clock, client: { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] } });
  await h.client.application.commands.set([{ type: ApplicationCommandType.Message, name: 'Mark as answer' }], h.guildId);
});

afterAll(async () => {
  await h.close();
});

async function forumChannel(name: string, manageChannels: boolean): Promise<ForumChannel> {
  const created = once(h.client, 'channelCreate');
  const overwrites = manageChannels ? [{ id: h.discord.botUserId, type: 'member' as const, allow: P.ManageChannels }] : [];
  const channel = await h.discord.createChannel(h.guildId, { name, type: 'forum', permissionOverwrites: overwrites });
  await created;
  return h.client.channels.cache.get(channel.id) as ForumChannel;
}

describe('the bot manages a forum\'s tags over REST (PATCH /channels/:id)', () => {
  it('GIVEN no Manage Channels THEN creating tags is 403 50013 and the forum is unchanged', async () => {
    const forum = await forumChannel('no-manage', false);
    expect(await apiError(forum.setAvailableTags([{ name: 'Answered' }]))).toMatchObject({ status: 403, code: 50013 });
    expect((await h.discord.channels(h.guildId)).find((c) => c.id === forum.id)).toMatchObject({ available_tags: [] });
  });

  it('GIVEN Manage Channels THEN tags are created, kept by id, renamed and deleted, REQUIRE_TAG set, and the bot hears CHANNEL_UPDATE', async () => {
    const forum = await forumChannel('manage', true);
    let updated = once(h.client, 'channelUpdate');
    await forum.setAvailableTags([{ name: 'Unanswered' }, { name: 'Answered', moderated: true, emoji: { id: null, name: '✅' } }]);
    await updated;
    expect(forum.availableTags.map((tag) => [tag.name, tag.moderated, tag.emoji?.name ?? null])).toEqual([
      ['Unanswered', false, null],
      ['Answered', true, '✅'],
    ]);
    const [unanswered, answered] = forum.availableTags;
    updated = once(h.client, 'channelUpdate');
    await forum.setAvailableTags([{ id: answered?.id ?? '', name: 'Solved', moderated: false }]);
    await updated;
    expect(forum.availableTags.map((tag) => [tag.id, tag.name])).toEqual([[answered?.id, 'Solved']]);
    expect(forum.availableTags.some((tag) => tag.id === unanswered?.id)).toBe(false);
    updated = once(h.client, 'channelUpdate');
    await forum.edit({ flags: ChannelFlags.RequireTag });
    await updated;
    expect(forum.flags.has(ChannelFlags.RequireTag)).toBe(true);
  });

  it('GIVEN tags off Discord\'s rules THEN 50035 at the field: more than 20, a name over 20 characters, an id the forum does not have', async () => {
    const forum = await forumChannel('rules', true);
    const tooMany = await apiError(forum.setAvailableTags(Array.from({ length: 21 }, (_, i) => ({ name: `tag ${i}` }))));
    expect(tooMany.rawError).toMatchObject({ code: 50035, errors: { available_tags: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const long = await apiError(forum.setAvailableTags([{ name: 'x'.repeat(21) }]));
    expect(long.rawError).toMatchObject({ errors: { available_tags: { '0': { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } } });
    const unknown = await apiError(forum.setAvailableTags([{ id: '1234567890123456789', name: 'Ghost' }]));
    expect(unknown.rawError).toMatchObject({ errors: { available_tags: { '0': { id: { _errors: [{ code: 'BASE_TYPE_CHOICES' }] } } } } });
  });
});

describe('the forum "solved" workflow end to end', () => {
  it('GIVEN a REQUIRE_TAG forum with tags the bot created THEN a post tagged Unanswered, a member\'s reply, "Mark as answer" switches the tag and archives the post; the next message unarchives it; idle posts archive on the clock', async () => {
    const forum = await forumChannel('ask-a-cto', true);
    await forum.setAvailableTags([{ name: 'Unanswered' }, { name: 'Answered' }]);
    await forum.edit({ flags: ChannelFlags.RequireTag });
    const tag = (name: string) => forum.availableTags.find((candidate) => candidate.name === name)?.id ?? '';

    const created = once(h.client, 'threadCreate') as Promise<[AnyThreadChannel]>;
    const post = await forum.threads.create({ name: 'How do I hire?', message: { content: 'How do I hire my first engineer?' }, appliedTags: [tag('Unanswered')], autoArchiveDuration: 60 });
    await created;
    expect(post.appliedTags).toEqual([tag('Unanswered')]);

    const asker = (await h.discord.createMember(h.guildId, { username: 'sam' })).user.id;
    const answerer = (await h.discord.createMember(h.guildId, { username: 'alex' })).user.id;
    const answer = await h.discord.postMessage(post.id, { userId: answerer, content: 'Hire a senior generalist first.', replyTo: post.id });
    expect(answer).toMatchObject({ channel_id: post.id, message_reference: { message_id: post.id } });

    const archivedUpdate = new Promise<AnyThreadChannel>((resolve) => {
      h.client.on('threadUpdate', (_old, thread) => {
        if (thread.id === post.id && thread.archived) resolve(thread);
      });
    });
    const result = await h.discord.invokeMessageCommand('Mark as answer', answer, { userId: asker });
    expect(result.reply?.content).toBe('Accepted alex\'s answer: "Hire a senior generalist first."');
    const archived = await archivedUpdate;
    expect([archived.appliedTags, archived.archived]).toEqual([[tag('Answered')], true]);
    expect((await h.discord.channels(h.guildId)).find((c) => c.id === post.id)).toMatchObject({ applied_tags: [tag('Answered')], thread_metadata: { archived: true } });

    // A member's follow-up reopens the post; an hour of quiet archives it again.
    await h.discord.postMessage(post.id, { userId: asker, content: 'Thanks!' });
    expect((await h.discord.channels(h.guildId)).find((c) => c.id === post.id)).toMatchObject({ thread_metadata: { archived: false } });
    await h.discord.advanceClock(60 * MINUTE_MS);
    expect((await h.discord.channels(h.guildId)).find((c) => c.id === post.id)).toMatchObject({ thread_metadata: { archived: true } });
  });
});
