import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DAY_MS, ManualClock, MINUTE_MS } from '../../src/core/clock.js';
import { openDatabase } from '../../src/db/index.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { answerText, askQuestion, buttonLabels, craftClick, fieldOf, qaCast, type QaCast } from '../support/qa-discord.js';
import { startTestBot, tickAfter, type TestBot } from './support/harness.js';

/** The forum-native "solved" workflow (issue 15): Unanswered/Answered tags, archiving quiet solved posts, tags made at setup. */
describe('forum "solved" workflow through the local Discord', () => {
  const clock = new ManualClock('2026-03-02T10:00:00Z');
  let t: TestBot;
  let cast: QaCast;
  let forumId: string;
  const tags = new Map<string, string>();

  /** The forum post (thread) of question #N as the local Discord holds it. */
  const post = async (number: number) => (await t.discord.channels(t.world.guild.id)).find((channel) => 'parent_id' in channel && channel.parent_id === forumId && channel.name?.startsWith(`#${number} · `));
  const tagsOf = async (number: number) => {
    const found = await post(number);
    return found && 'applied_tags' in found ? found.applied_tags : undefined;
  };
  const archived = async (number: number) => {
    const found = await post(number);
    return found && 'thread_metadata' in found ? found.thread_metadata?.archived : undefined;
  };
  const patchesOf = async (threadId: string) => (await t.discord.requests()).filter((request) => request.method === 'PATCH' && request.path.endsWith(`/channels/${threadId}`) && request.status === 200).length;
  const activityOf = (threadId: string): string | null => {
    const db = openDatabase(t.config.databasePath);
    try {
      return db.prepare<[string], { at: string | null }>('SELECT activity_at AS at FROM qa_forum_posts WHERE thread_id = ?').get(threadId)?.at ?? null;
    } finally {
      db.close();
    }
  };
  const mark = (message: LoggedMessage, who: QaCast['sam']) => t.discord.invokeMessageCommand('Mark as answer', message, { ...who, channelId: message.channel_id });

  beforeAll(async () => {
    t = await startTestBot({ clock });
    cast = await qaCast(t, { setup: false });
    forumId = (await t.discord.createChannel(t.world.guild.id, { name: 'help-forum', type: 'forum' })).id;
    const forum = await t.discord.updateForum(forumId, { availableTags: [{ name: 'Unanswered' }, { name: 'Answered' }, { name: 'Hiring' }], requireTag: true });
    for (const tag of 'available_tags' in forum ? forum.available_tags : []) tags.set(tag.name, tag.id);
    const setup = await t.discord.invoke('/qa setup', { channel: forumId, tag: tags.get('Unanswered') ?? '', 'answered-tag': tags.get('Answered') ?? '', 'archive-after': '1d' }, cast.morgan);
    expect(fieldOf(setup.reply as LoggedMessage, 'Answered posts')).toBe(
      'Posts switch from **Unanswered** to **Answered** when an answer is accepted, and back when it is undone.\nSolved posts are archived after 1 day without activity.',
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN a member answers with a plain thread reply and the asker marks it THEN the answer is stored with its author credited, the tag switches to Answered, and the leaderboard counts it', async () => {
    await askQuestion(t, 'How do I structure the first 90 days as a new CTO?', cast.sam);
    expect(await tagsOf(1)).toEqual([tags.get('Unanswered')]);
    const threadId = (await post(1))?.id ?? '';
    const reply = await t.discord.postMessage(threadId, { userId: cast.alex.userId, content: 'Listen for 30 days, fix one painful thing, then write the strategy.' });

    const marked = await mark(reply, cast.sam);
    expect(marked.ephemeral).toBe(true);
    expect(answerText(marked)).toContain('Accepted. **#1** now shows this answer');
    const db = openDatabase(t.config.databasePath);
    expect(createAnswerStore(db).byMessage(t.world.guild.id, reply.id)).toMatchObject({ authorId: cast.alex.userId, origin: 'message', messageId: reply.id });
    db.close();
    await vi.waitFor(async () => expect(await tagsOf(1)).toEqual([tags.get('Answered')]), { timeout: 10_000 });
    const board = await t.discord.invoke('/leaderboard', { period: 'week' }, cast.sam);
    expect(board.reply?.embeds[0]?.description).toContain(`<@${cast.alex.userId}> · **15** reputation`);
  });

  it('GIVEN the solved post stays quiet THEN it is archived after the quiet period on the clock, exactly once; a member writing reopens it until quiet again', async () => {
    const threadId = (await post(1))?.id ?? '';
    const before = await patchesOf(threadId);
    await tickAfter(t, DAY_MS - 2 * MINUTE_MS);
    expect(await archived(1)).toBe(false);
    await tickAfter(t, 2 * MINUTE_MS);
    expect(await archived(1)).toBe(true);
    expect(await tagsOf(1)).toEqual([tags.get('Answered')]);
    await tickAfter(t, DAY_MS);
    expect(await patchesOf(threadId)).toBe(before + 1);

    // Writing in an archived post reopens it on Discord; it is not archived again until a day of quiet.
    await t.discord.postMessage(threadId, { userId: cast.sam.userId, content: 'One follow-up: what about the board?' });
    expect(await archived(1)).toBe(false);
    // The bot hears the message over the gateway (no content): wait until it counted it as activity.
    await vi.waitFor(() => expect(activityOf(threadId)).toBe(clock.now().toISOString()), { timeout: 10_000 });
    await tickAfter(t, DAY_MS - 2 * MINUTE_MS);
    expect(await archived(1)).toBe(false);
    await tickAfter(t, 2 * MINUTE_MS);
    expect(await archived(1)).toBe(true);
    expect(await patchesOf(threadId)).toBe(before + 2);
  });

  it('GIVEN a moderator deleted the Answered tag THEN Mark as answer says so privately, setup says so, and a new tag chosen later is applied by the background job', async () => {
    await t.discord.updateForum(forumId, { availableTags: [{ id: tags.get('Unanswered') ?? '', name: 'Unanswered' }, { id: tags.get('Hiring') ?? '', name: 'Hiring' }, { name: 'Solved' }] });
    await askQuestion(t, 'When should a startup hire its first engineering manager?', cast.sam);
    const threadId = (await post(2))?.id ?? '';
    const reply = await t.discord.postMessage(threadId, { userId: cast.alex.userId, content: 'When you have more than eight engineers and no one has time for one-on-ones.' });
    const marked = await mark(reply, cast.sam);
    expect(answerText(marked)).toContain("The post keeps its old tag for now: the forum's Answered tag was deleted.");
    expect(await tagsOf(2)).toEqual([tags.get('Unanswered')]);

    const shown = await t.discord.invoke('/qa setup', {}, cast.morgan);
    expect(fieldOf(shown.reply as LoggedMessage, '⚠️ Check')).toContain('The **Answered** tag was deleted from');
    const solved = (await t.discord.channels(t.world.guild.id)).flatMap((channel) => (channel.id === forumId && 'available_tags' in channel ? channel.available_tags : [])).find((tag) => tag.name === 'Solved')?.id ?? '';
    await t.discord.invoke('/qa setup', { 'answered-tag': solved }, cast.morgan);
    await tickAfter(t, MINUTE_MS);
    expect(await tagsOf(2)).toEqual([solved]);
  });

  it('GIVEN a forum without tags THEN setup explains the permission privately without Manage Channels, and with it creates the two tags from a button only its moderator may use', async () => {
    const ideas = (await t.discord.createChannel(t.world.guild.id, { name: 'ideas', type: 'forum' })).id;
    const without = await t.discord.invoke('/qa setup', { channel: ideas }, cast.morgan);
    expect(without.ephemeral).toBe(true);
    expect(fieldOf(without.reply as LoggedMessage, '⚠️ Check')).toContain('grant me **Manage Channels** in');
    expect(buttonLabels(without.reply as LoggedMessage)).toEqual([]);

    await t.discord.setPermissionOverwrites(ideas, [{ id: t.discord.botUserId, type: 'member', allow: PermissionFlagsBits.ManageChannels }]);
    const offered = await t.discord.invoke('/qa setup', {}, cast.morgan);
    expect(buttonLabels(offered.reply as LoggedMessage)).toEqual(['Create Unanswered and Answered tags']);
    // The owner (Manage Server too) crafting the same click is refused: the button is morgan's.
    const customId = (offered.reply?.components?.[0] as { components: { custom_id: string }[] } | undefined)?.components[0]?.custom_id ?? '';
    const refused = await craftClick(t, { ...cast.morgan, userId: t.world.guild.ownerId }, customId, offered.reply as LoggedMessage);
    expect(answerText(refused)).toContain('made for someone else');

    const created = await t.discord.click(offered.reply as LoggedMessage, 'Create Unanswered and Answered tags', cast.morgan);
    await t.discord.waitForInteraction(created.interactionId, (state) => answerText(state).includes('Done:'));
    const forum = (await t.discord.channels(t.world.guild.id)).find((channel) => channel.id === ideas);
    const made = forum && 'available_tags' in forum ? forum.available_tags : [];
    expect(made.map((tag) => [tag.name, tag.emoji_name])).toEqual([
      ['Unanswered', '❓'],
      ['Answered', '✅'],
    ]);
    forumId = ideas;
    await askQuestion(t, 'How do I decide between building and buying an internal tool?', cast.sam);
    expect(await tagsOf(3)).toEqual([made[0]?.id]);
  });
});
