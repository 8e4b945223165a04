import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentBuilder, ChannelType, EmbedBuilder, MessageFlags, PermissionFlagsBits, ThreadAutoArchiveDuration } from 'discord.js';
import type { ForumChannel, Message, NewsChannel, TextChannel } from 'discord.js';
import { apiError, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const BOT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.ReadMessageHistory | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.MentionEveryone;

let h: Harness;

beforeAll(async () => {
  h = await startHarness(() => {}, { botPermissions: BOT_PERMISSIONS });
});

afterAll(async () => {
  await h.close();
});

async function textChannel(name: string, type: 'text' | 'announcement' = 'text'): Promise<TextChannel> {
  const created = once(h.client, 'channelCreate');
  const channel = await h.discord.createChannel(h.guildId, { name, type });
  await created;
  return h.client.channels.cache.get(channel.id) as TextChannel;
}


describe("Discord's message rules", () => {
  it('an over-long embed is rejected with 50035 and the field path; nothing is posted', async () => {
    const channel = await textChannel('rules');
    const error = await apiError(channel.send({ embeds: [new EmbedBuilder().setTitle('t').setDescription('x'.repeat(4_096)), new EmbedBuilder().setDescription('y'.repeat(2_000))] }));
    expect(error.status).toBe(400);
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
    const tooManyFields = new EmbedBuilder().setTitle('t');
    const fieldError = await apiError(
      h.client.rest.post(`/channels/${channel.id}/messages`, { body: { embeds: [{ ...tooManyFields.toJSON(), fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] } }),
    );
    expect(fieldError.rawError).toMatchObject({ errors: { embeds: { '0': { fields: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect(await apiError(channel.send({ content: '' }))).toMatchObject({ code: 50006 });
    expect(await h.discord.messages(channel.id)).toEqual([]);
  });

  it('lengths are counted in code points, as Discord counts them: 2,000 emoji fit in a message, 4,096 in a description', async () => {
    const channel = await textChannel('emoji');
    const post = (body: unknown) => h.client.rest.post(`/channels/${channel.id}/messages`, { body });
    await post({ content: '🦀'.repeat(2_000), embeds: [{ description: '🦀'.repeat(4_096) }] });
    expect((await apiError(post({ content: '🦀'.repeat(2_001) }))).rawError).toMatchObject({ errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    expect((await apiError(post({ embeds: [{ description: '🦀'.repeat(4_096) }, { description: '🦀'.repeat(2_000) }] }))).rawError).toMatchObject({
      errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } },
    });
    expect(await h.discord.messages(channel.id)).toHaveLength(1);
  });

  it('missing SendMessages → 403 50013, missing ViewChannel → 403 50001', async () => {
    const channel = await textChannel('locked');
    const updated = once(h.client, 'channelUpdate');
    await h.discord.setPermissionOverwrites(channel.id, [{ id: h.discord.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }]);
    await updated;
    const noSend = await apiError(channel.send('hello'));
    expect([noSend.status, noSend.code]).toEqual([403, 50013]);
    await h.discord.setPermissionOverwrites(channel.id, [{ id: h.guildId, type: 'role', deny: PermissionFlagsBits.ViewChannel }]);
    const noView = await apiError(h.client.rest.post(`/channels/${channel.id}/messages`, { body: { content: 'hello' } }));
    expect([noView.status, noView.code]).toEqual([403, 50001]);
  });

  it('without EmbedLinks the message is accepted and its embeds are dropped (recorded)', async () => {
    const channel = await textChannel('no-embeds');
    await h.discord.setPermissionOverwrites(channel.id, [{ id: h.discord.botUserId, type: 'member', deny: PermissionFlagsBits.EmbedLinks }]);
    const sent = await channel.send({ content: 'with embed', embeds: [new EmbedBuilder().setTitle('hidden')] });
    expect(sent.embeds).toHaveLength(0);
    const [logged] = await h.discord.messages(channel.id);
    expect(logged?.embedsStripped).toBe(true);
  });

  it('without EmbedLinks a message that would be left empty is refused: a send with 403 50013, an edit with 50006', async () => {
    const channel = await textChannel('embeds-only');
    await h.discord.setPermissionOverwrites(channel.id, [{ id: h.discord.botUserId, type: 'member', deny: PermissionFlagsBits.EmbedLinks }]);
    const post = (body: unknown) => h.client.rest.post(`/channels/${channel.id}/messages`, { body });
    expect(await apiError(post({ embeds: [{ title: 'card' }] }))).toMatchObject({ status: 403, code: 50013 });
    expect(await h.discord.messages(channel.id)).toEqual([]);
    // With buttons there is something left to show: Discord posts it without the embed.
    const button = { type: 1, components: [{ type: 2, style: 1, custom_id: 'b', label: 'Go' }] };
    const withButtons = (await post({ embeds: [{ title: 'card' }], components: [button] })) as { id: string; embeds: unknown[] };
    expect(withButtons.embeds).toEqual([]);
    const text = (await post({ content: 'text' })) as { id: string };
    const edit = (id: string, body: unknown) => h.client.rest.patch(`/channels/${channel.id}/messages/${id}`, { body });
    expect(await apiError(edit(text.id, { content: '', embeds: [{ title: 'card' }] }))).toMatchObject({ status: 400, code: 50006 });
    const kept = await edit(text.id, { embeds: [{ title: 'card' }] });
    expect(kept).toMatchObject({ content: 'text', embeds: [] });
    expect((await h.discord.messages(channel.id)).map((message) => message.embedsStripped)).toEqual([true, true]);
  });

  it('an edit that leaves a message with nothing to show is refused with 50006 and changes nothing', async () => {
    const channel = await textChannel('empty-edits');
    const sent = await channel.send('hello');
    expect(await apiError(sent.edit({ content: '' }))).toMatchObject({ status: 400, code: 50006 });
    const withEmbed = await channel.send({ embeds: [new EmbedBuilder().setTitle('card')] });
    expect(await apiError(withEmbed.edit({ embeds: [] }))).toMatchObject({ code: 50006 });
    await withEmbed.edit({ content: 'now text', embeds: [] });
    expect((await h.discord.messages(channel.id)).map((message) => [message.content, message.embeds.length])).toEqual([
      ['hello', 0],
      ['now text', 0],
    ]);
  });

  it('nonce + enforce_nonce: the same nonce returns the first message and creates nothing', async () => {
    const channel = await textChannel('nonce');
    const first = await channel.send({ content: 'tip of the day', nonce: 'tip-2024-05-01', enforceNonce: true });
    const second = await channel.send({ content: 'tip of the day (retry)', nonce: 'tip-2024-05-01', enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(second.content).toBe('tip of the day');
    const log = await h.discord.messages(channel.id);
    expect(log).toHaveLength(1);
    expect(log[0]?.nonce).toBe('tip-2024-05-01');
  });
});

describe('threads, forum posts, DMs and crossposts', () => {
  it('starts a thread from a message (thread id = message id, THREAD_CREATE) and posts in it', async () => {
    const channel = await textChannel('questions');
    const question = await channel.send('How do I hire my first engineers?');
    const threadCreated = once(h.client, 'threadCreate');
    const thread = await question.startThread({ name: 'Hiring', autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    await threadCreated;
    expect(thread.id).toBe(question.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(channel.id);
    await thread.send('Start with a referral network.');
    expect((await h.discord.messages(thread.id)).map((m) => m.content)).toEqual(['Start with a referral network.']);
    const [starter] = await h.discord.messages(channel.id);
    expect(((starter?.flags ?? 0) & MessageFlags.HasThread) !== 0).toBe(true);
    // discord.js already knows (from MESSAGE_UPDATE) that the message has a thread; the API refuses too.
    expect(question.hasThread).toBe(true);
    expect(await apiError(h.client.rest.post(`/channels/${channel.id}/messages/${question.id}/threads`, { body: { name: 'again' } }))).toMatchObject({ code: 160004 });
  });

  it('creates a forum post: a thread whose starter message shares its id', async () => {
    const created = once(h.client, 'channelCreate');
    const forum = await h.discord.createChannel(h.guildId, { name: 'ask-a-cto', type: 'forum' });
    await created;
    const channel = h.client.channels.cache.get(forum.id) as ForumChannel;
    const post = await channel.threads.create({ name: 'Scaling on-call', message: { content: 'How big before on-call rotations?' } });
    expect(post.parentId).toBe(forum.id);
    const log = await h.discord.messages(post.id);
    expect(log).toHaveLength(1);
    expect(log[0]?.id).toBe(post.id);
    expect(log[0]?.content).toBe('How big before on-call rotations?');
  });

  it('sends a DM readable per user through the driver', async () => {
    const member = await h.discord.createMember(h.guildId, { username: 'ada' });
    const user = await h.client.users.fetch(member.user.id);
    await user.send('Welcome to CTO Community!');
    const dms = await h.discord.dms(member.user.id);
    expect(dms.map((m) => m.content)).toEqual(['Welcome to CTO Community!']);
    const blocked = await h.discord.createUser({ username: 'private', dmsBlocked: true });
    expect(await apiError((await h.client.users.fetch(blocked.id)).send('hi'))).toMatchObject({ code: 50007 });
  });

  it('crossposts in an announcement channel only', async () => {
    const news = (await textChannel('announcements', 'announcement')) as unknown as NewsChannel;
    const message = await news.send('Meetup on Friday');
    const published = await message.crosspost();
    expect(published.flags.has(MessageFlags.Crossposted)).toBe(true);
    expect(await apiError(message.crosspost())).toMatchObject({ code: 40033 });
    const plain = await (await textChannel('plain')).send('not news');
    expect(await apiError(h.client.rest.post(`/channels/${plain.channelId}/messages/${plain.id}/crosspost`))).toMatchObject({ code: 50024 });
  });
});

describe('mentions: who would actually be pinged', () => {
  it('allowedMentions { parse: [] } pings nobody; no allowed_mentions pings per Discord rules', async () => {
    const channel = await textChannel('pings');
    const mods = await h.discord.createRole(h.guildId, { name: 'Moderators', mentionable: true });
    const hidden = await h.discord.createRole(h.guildId, { name: 'Hidden', mentionable: false });
    const member = await h.discord.createMember(h.guildId, { username: 'grace' });

    await channel.send({ content: `@everyone <@&${mods.id}> <@${member.user.id}> new tip`, allowedMentions: { parse: [] } });
    await h.client.rest.post(`/channels/${channel.id}/messages`, { body: { content: `@everyone <@&${mods.id}> <@&${hidden.id}> <@${member.user.id}> ping` } });
    await channel.send({ content: `<@&${mods.id}> <@${member.user.id}> only mods`, allowedMentions: { roles: [mods.id] } });

    const [silent, loud, onlyMods] = await h.discord.messages(channel.id);
    expect(silent?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(silent?.allowedMentions).toEqual({ parse: [] });
    expect(silent?.mention_everyone).toBe(false);
    // The bot has MentionEveryone: @everyone and even non-mentionable roles ping.
    expect(loud?.pinged).toEqual({ everyone: true, roles: [mods.id, hidden.id], users: [member.user.id] });
    expect(loud?.allowedMentions).toBeNull();
    expect(onlyMods?.pinged).toEqual({ everyone: false, roles: [mods.id], users: [] });
  });

  it('without MentionEveryone, @everyone and non-mentionable roles do not ping', async () => {
    const channel = await textChannel('quiet');
    await h.discord.setPermissionOverwrites(channel.id, [{ id: h.discord.botUserId, type: 'member', deny: PermissionFlagsBits.MentionEveryone }]);
    const hidden = await h.discord.createRole(h.guildId, { name: 'Staff', mentionable: false });
    await channel.send(`@everyone <@&${hidden.id}> hello`);
    const [message] = await h.discord.messages(channel.id);
    expect(message?.pinged).toEqual({ everyone: false, roles: [], users: [] });
  });
});

describe('attachments', () => {
  it('stores a multipart upload and serves the bytes back', async () => {
    const channel = await textChannel('exports');
    const csv = 'question,answer\nWhat does a CTO do?,Many things\n';
    const sent: Message = await channel.send({ content: 'export', files: [new AttachmentBuilder(Buffer.from(csv), { name: 'export.csv' })] });
    const attachment = sent.attachments.first();
    expect(attachment?.name).toBe('export.csv');
    expect(attachment?.size).toBe(Buffer.byteLength(csv));
    const stored = await h.discord.attachment(attachment?.id ?? '');
    expect(stored.data.toString()).toBe(csv);
    const downloaded = await fetch(attachment?.url ?? '');
    expect(await downloaded.text()).toBe(csv);
  });

  it("refuses a file over 10 MiB and a request over 25 MiB with 413 40005, as Discord's upload limits; 10 MiB exactly is accepted", async () => {
    const channel = await textChannel('big-files');
    const MiB = 1024 * 1024;
    const file = (name: string, bytes: number) => new AttachmentBuilder(Buffer.alloc(bytes, 'a'), { name });
    const sent = await channel.send({ files: [file('ten.txt', 10 * MiB)] });
    expect(sent.attachments.first()?.size).toBe(10 * MiB);
    expect(await apiError(channel.send({ files: [file('eleven.txt', 10 * MiB + 1)] }))).toMatchObject({ status: 413, code: 40005 });
    expect(await apiError(channel.send({ files: [file('a.txt', 9 * MiB), file('b.txt', 9 * MiB), file('c.txt', 9 * MiB)] }))).toMatchObject({ status: 413, code: 40005 });
    expect((await h.discord.messages(channel.id)).map((message) => message.id)).toEqual([sent.id]);
  });
});

describe('things that disappear', () => {
  it('a deleted channel answers 10003 and the bot gets CHANNEL_DELETE; a kicked bot gets GUILD_DELETE', async () => {
    const doomed = await textChannel('doomed');
    const deleted = once(h.client, 'channelDelete');
    await h.discord.deleteChannel(doomed.id);
    await deleted;
    expect(h.client.channels.cache.has(doomed.id)).toBe(false);
    expect(await apiError(h.client.rest.post(`/channels/${doomed.id}/messages`, { body: { content: 'hello?' } }))).toMatchObject({ status: 404, code: 10003 });

    const other = await h.discord.createGuild({ name: 'Elsewhere' });
    await once(h.client, 'guildCreate');
    const left = once(h.client, 'guildDelete');
    await h.discord.removeBot(other.id);
    await left;
    expect(h.client.guilds.cache.has(other.id)).toBe(false);
    expect(await apiError(h.client.rest.get(`/guilds/${other.id}`))).toMatchObject({ status: 404, code: 10004 });
  });
});
