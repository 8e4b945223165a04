import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelFlags, ChannelType, PermissionFlagsBits, ThreadAutoArchiveDuration } from 'discord.js';
import type { AnyThreadChannel, APIThreadChannel, ForumChannel, TextChannel } from 'discord.js';
import { ManualClock, MINUTE_MS } from '../../src/core/clock.js';
import { apiError, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const P = PermissionFlagsBits;
/** The bot's role: everything a Q&A bot needs in threads, Manage Threads only where a test grants it. */
const BOT_PERMISSIONS = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.EmbedLinks | P.ReadMessageHistory | P.CreatePublicThreads;

let h: Harness;
const clock = new ManualClock('2026-03-02T10:00:00Z');

beforeAll(async () => {
  h = await startHarness(() => {}, { botPermissions: BOT_PERMISSIONS, clock });
});

afterAll(async () => {
  await h.close();
});


async function textChannel(name: string, manageThreads = false): Promise<TextChannel> {
  const created = once(h.client, 'channelCreate');
  const overwrites = manageThreads ? [{ id: h.discord.botUserId, type: 'member' as const, allow: P.ManageThreads }] : [];
  const channel = await h.discord.createChannel(h.guildId, { name, permissionOverwrites: overwrites });
  await created;
  return h.client.channels.cache.get(channel.id) as TextChannel;
}

/** A thread the bot started on its own message, as Q&A does. */
async function startThread(channel: TextChannel, autoArchiveDuration = ThreadAutoArchiveDuration.OneHour): Promise<AnyThreadChannel> {
  const message = await channel.send('How do I run my first retrospective?');
  const created = once(h.client, 'threadCreate');
  const thread = await message.startThread({ name: 'Retrospectives', autoArchiveDuration });
  await created;
  return thread;
}

const getThread = async (id: string) => (await h.client.rest.get(`/channels/${id}`)) as APIThreadChannel;
const patchThread = (id: string, body: unknown) => h.client.rest.patch(`/channels/${id}`, { body }) as Promise<APIThreadChannel>;

/** Resolves with the thread as discord.js sees it after the next THREAD_UPDATE for `id`. */
function nextThreadUpdate(id: string): Promise<AnyThreadChannel> {
  return new Promise((resolve) => {
    const listener = (_old: AnyThreadChannel, updated: AnyThreadChannel): void => {
      if (updated.id !== id) return;
      h.client.off('threadUpdate', listener);
      resolve(updated);
    };
    h.client.on('threadUpdate', listener);
  });
}

describe('threads archive after their auto_archive_duration of inactivity, on the world clock', () => {
  it('GIVEN an hour-long auto-archive THEN a message restarts the hour; an hour of quiet archives it as of then, seen in GET and a THREAD_UPDATE', async () => {
    const thread = await startThread(await textChannel('archiving'));
    clock.advance(59 * MINUTE_MS);
    await thread.send('Start with what went well.');
    const sentAt = clock.now().getTime();
    clock.advance(59 * MINUTE_MS);
    expect((await getThread(thread.id)).thread_metadata?.archived).toBe(false);

    clock.advance(2 * MINUTE_MS);
    const updated = nextThreadUpdate(thread.id);
    const seen = await getThread(thread.id);
    expect(seen.thread_metadata).toMatchObject({ archived: true, archive_timestamp: new Date(sentAt + 60 * MINUTE_MS).toISOString() });
    expect((await updated).archived).toBe(true);
    expect((await h.discord.channels(h.guildId)).find((channel) => channel.id === thread.id)).toMatchObject({ thread_metadata: { archived: true } });
  });

  it('GIVEN an archived thread THEN edits are refused with 50083, joining too, and a message unarchives it (THREAD_UPDATE first) and restarts its timer', async () => {
    const thread = await startThread(await textChannel('archived-edits'));
    const answer = await thread.send('Keep it blameless.');
    clock.advance(61 * MINUTE_MS);
    expect(await apiError(answer.edit('Keep it blameless and short.'))).toMatchObject({ status: 400, code: 50083 });
    expect(await apiError(h.client.rest.put(`/channels/${thread.id}/thread-members/@me`))).toMatchObject({ code: 50083 });

    const events: string[] = [];
    const onUpdate = (_old: AnyThreadChannel, updated: AnyThreadChannel): void => void events.push(`archived:${String(updated.archived)}`);
    const onMessage = (message: { channelId: string }): void => void (message.channelId === thread.id && events.push('message'));
    h.client.on('threadUpdate', onUpdate).on('messageCreate', onMessage);
    const created = once(h.client, 'messageCreate');
    await thread.send('One more idea: rotate the facilitator.');
    await created;
    h.client.off('threadUpdate', onUpdate).off('messageCreate', onMessage);
    expect(events).toEqual(['archived:false', 'message']);
    await answer.edit('Keep it blameless and short.');
    expect((await getThread(thread.id)).thread_metadata?.archive_timestamp).toBe(clock.now().toISOString());
  });

  it('GIVEN its creator THEN it may archive and unarchive its thread over REST; a new auto_archive_duration counts as activity', async () => {
    const thread = await startThread(await textChannel('self-archive'));
    expect((await patchThread(thread.id, { archived: true })).thread_metadata?.archived).toBe(true);
    expect((await patchThread(thread.id, { archived: false })).thread_metadata?.archived).toBe(false);
    clock.advance(50 * MINUTE_MS);
    await patchThread(thread.id, { auto_archive_duration: 60 });
    expect((await patchThread(thread.id, { auto_archive_duration: 1440 })).thread_metadata?.auto_archive_duration).toBe(1440);
    clock.advance(23 * 60 * MINUTE_MS);
    expect((await getThread(thread.id)).thread_metadata?.archived).toBe(false);
    expect(await apiError(patchThread(thread.id, { auto_archive_duration: 30 }))).toMatchObject({ code: 50035 });
  });
});

describe('locked threads', () => {
  it('GIVEN a thread a moderator locked THEN a bot without Manage Threads can neither send (160005), edit (160005), unarchive (50013) nor lock', async () => {
    const thread = await startThread(await textChannel('locked'));
    const answer = await thread.send('Before the lock.');
    const locked = nextThreadUpdate(thread.id);
    await h.discord.updateThread(thread.id, { locked: true });
    expect((await locked).locked).toBe(true);
    expect(await apiError(thread.send('After the lock?'))).toMatchObject({ code: 160005 });
    expect(await apiError(answer.edit('Edited after the lock?'))).toMatchObject({ code: 160005 });
    expect(await apiError(patchThread(thread.id, { locked: false }))).toMatchObject({ status: 403, code: 50013 });

    await h.discord.updateThread(thread.id, { archived: true });
    expect(await apiError(patchThread(thread.id, { archived: false }))).toMatchObject({ status: 403, code: 50013 });
    expect(await apiError(patchThread(thread.id, { name: 'Renamed' }))).toMatchObject({ code: 50083 });
    expect((await h.discord.messages(thread.id)).map((message) => message.content)).toEqual(['Before the lock.']);
  });

  it('GIVEN Manage Threads THEN the bot may post and edit in a locked thread, and must unarchive a locked archived one before it posts', async () => {
    const thread = await startThread(await textChannel('locked-moderated', true));
    const answer = await thread.send('Before the lock.');
    await h.discord.updateThread(thread.id, { locked: true, archived: true });
    expect(await apiError(thread.send('Straight into the archive?'))).toMatchObject({ code: 50083 });
    expect((await patchThread(thread.id, { archived: false })).thread_metadata).toMatchObject({ archived: false, locked: true });
    await thread.send('Posted by a moderator bot.');
    await answer.edit('Edited by a moderator bot.');
    expect((await patchThread(thread.id, { locked: false })).thread_metadata?.locked).toBe(false);
  });
});

describe('forum tags', () => {
  let forum: ForumChannel;
  let tagIds: Record<string, string>;

  beforeAll(async () => {
    const created = once(h.client, 'channelCreate');
    const channel = await h.discord.createChannel(h.guildId, { name: 'ask-a-cto', type: 'forum' });
    await created;
    const updated = once(h.client, 'channelUpdate');
    const settings = await h.discord.updateForum(channel.id, {
      availableTags: [{ name: 'Question' }, { name: 'Hiring', emojiName: '🧑‍💻' }, { name: 'Staff pick', moderated: true }],
      requireTag: true,
    });
    await updated;
    forum = h.client.channels.cache.get(channel.id) as ForumChannel;
    tagIds = Object.fromEntries((settings.type === ChannelType.GuildForum ? settings.available_tags : []).map((tag) => [tag.name, tag.id]));
  });

  const post = (appliedTags: string[] | undefined) =>
    h.client.rest.post(`/channels/${forum.id}/threads`, { body: { name: 'Which ATS?', message: { content: 'Which ATS do you use?' }, ...(appliedTags ? { applied_tags: appliedTags } : {}) } }) as Promise<APIThreadChannel>;

  it("GIVEN a forum's tags and REQUIRE_TAG THEN the bot sees them (CHANNEL_UPDATE), and the forum's flags say so", () => {
    expect(forum.availableTags.map((tag) => [tag.name, tag.moderated])).toEqual([
      ['Question', false],
      ['Hiring', false],
      ['Staff pick', true],
    ]);
    expect(forum.flags.has(ChannelFlags.RequireTag)).toBe(true);
  });

  it('GIVEN REQUIRE_TAG THEN a post without a tag is refused with 40067; unknown, too many or moderated tags are refused; nothing is created', async () => {
    const before = (await h.discord.channels(h.guildId)).length;
    expect(await apiError(post(undefined))).toMatchObject({ status: 400, code: 40067 });
    expect(await apiError(post([]))).toMatchObject({ code: 40067 });
    const unknown = await apiError(post(['1234567890123456789']));
    expect(unknown).toMatchObject({ code: 50035 });
    expect(unknown.rawError).toMatchObject({ errors: { applied_tags: { '0': { _errors: [{ code: 'BASE_TYPE_CHOICES' }] } } } });
    expect(await apiError(post([tagIds.Question ?? '', '1', '2', '3', '4', '5']))).toMatchObject({ code: 50035 });
    expect(await apiError(post([tagIds['Staff pick'] ?? '']))).toMatchObject({ status: 403, code: 50013 });
    expect(await h.discord.channels(h.guildId)).toHaveLength(before);
  });

  it('GIVEN a valid tag THEN the post carries it, as GET and the driver show; its creator may change its tags', async () => {
    const created = await post([tagIds.Hiring ?? '', tagIds.Hiring ?? '']);
    expect(created.applied_tags).toEqual([tagIds.Hiring]);
    expect((await getThread(created.id)).applied_tags).toEqual([tagIds.Hiring]);
    expect((await patchThread(created.id, { applied_tags: [tagIds.Question] })).applied_tags).toEqual([tagIds.Question]);
    expect(await apiError(patchThread(created.id, { applied_tags: [] }))).toMatchObject({ code: 40067 });
  });

  it('GIVEN a post with a moderated tag a moderator put on THEN its creator without Manage Threads may not take it off (403 50013) but may keep it while changing others', async () => {
    await h.discord.setPermissionOverwrites(forum.id, [{ id: h.discord.botUserId, type: 'member', allow: P.ManageThreads }]);
    const created = await post([tagIds.Question ?? '', tagIds['Staff pick'] ?? '']);
    await h.discord.setPermissionOverwrites(forum.id, []);
    expect(await apiError(patchThread(created.id, { applied_tags: [tagIds.Question] }))).toMatchObject({ status: 403, code: 50013 });
    expect((await getThread(created.id)).applied_tags).toEqual([tagIds.Question, tagIds['Staff pick']]);
    const kept = await patchThread(created.id, { applied_tags: [tagIds.Hiring, tagIds['Staff pick']] });
    expect(kept.applied_tags).toEqual([tagIds.Hiring, tagIds['Staff pick']]);
  });

  it('GIVEN an archived post THEN new tags are refused with 50083 unless the same edit unarchives it', async () => {
    const created = await post([tagIds.Question ?? '']);
    await patchThread(created.id, { archived: true });
    expect(await apiError(patchThread(created.id, { applied_tags: [tagIds.Hiring] }))).toMatchObject({ code: 50083 });
    const reopened = await patchThread(created.id, { archived: false, applied_tags: [tagIds.Hiring] });
    expect([reopened.applied_tags, reopened.thread_metadata?.archived]).toEqual([[tagIds.Hiring], false]);
  });
});
