import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIChannel } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAY_MS, HOUR_MS, type ManualClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/db/index.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { answerText, answerVia, askQuestion, buttonLabels, fieldOf, questionMessage, settled, type Where } from '../support/qa-discord.js';
import { at, startTestBot, tickAfter, type TestBot } from './support/harness.js';

/** Discord archives a Q&A thread after 7 quiet days (the bot creates them with a 7-day auto-archive). */
const PAST_AUTO_ARCHIVE = 8 * DAY_MS;

/** A thread as the emulator has it now (its auto-archive applied). */
async function threadState(t: TestBot, threadId: string): Promise<{ archived: boolean; locked: boolean; appliedTags: string[] }> {
  const channel = (await t.discord.channels(t.world.guild.id)).find((candidate) => candidate.id === threadId) as (APIChannel & { thread_metadata?: { archived: boolean; locked: boolean }; applied_tags?: string[] }) | undefined;
  if (!channel?.thread_metadata) throw new Error(`no thread ${threadId}`);
  return { archived: channel.thread_metadata.archived, locked: channel.thread_metadata.locked, appliedTags: channel.applied_tags ?? [] };
}

/** How often the bot asked Discord to edit this message. */
async function editsOf(t: TestBot, messageId: string): Promise<number> {
  return (await t.discord.requests()).filter((request) => request.route === 'PATCH /channels/:channelId/messages/:messageId' && request.path.endsWith(`/messages/${messageId}`)).length;
}

/** How often the bot asked Discord to change this thread (unarchive it). */
async function threadPatchesOf(t: TestBot, threadId: string): Promise<number> {
  return (await t.discord.requests()).filter((request) => request.route === 'PATCH /channels/:channelId' && request.path.endsWith(`/channels/${threadId}`)).length;
}

describe('Q&A threads Discord archives and moderators lock', () => {
  let t: TestBot;
  let questions: string;
  let sam: Where;
  let morgan: Where;
  let alex: Where;
  const tick = (ms: number) => tickAfter(t, ms);

  beforeAll(async () => {
    t = await startTestBot();
    questions = t.world.channelIds.get('questions') ?? '';
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    alex = { ...sam, userId: (await t.discord.createMember(t.world.guild.id, { username: 'alex' })).user.id };
    await t.discord.invoke('/qa setup', { channel: questions }, morgan);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN a Q&A thread left quiet past its auto-archive THEN a vote, an accept and an edit each bring its messages in line, unarchiving it first', async () => {
    await askQuestion(t, 'How do I hand over on-call ownership to a new team lead?', sam);
    const posted = await questionMessage(t, questions, 1);
    await answerVia(t, posted, 'Shadow one rotation, then reverse-shadow the next.', morgan);
    let answer = await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === 'Answer to #1');

    await tick(PAST_AUTO_ARCHIVE);
    expect(await threadState(t, posted.id)).toMatchObject({ archived: true });
    await settled(t, await t.discord.click(answer, 'Upvote (0)', alex), (words) => words.includes('Upvoted'));
    answer = await t.discord.waitForMessage(posted.id, (message) => message.id === answer.id && buttonLabels(message).includes('Upvote (1)'));
    expect(await threadState(t, posted.id)).toMatchObject({ archived: false });
    expect(await threadPatchesOf(t, posted.id)).toBe(1);

    await tick(PAST_AUTO_ARCHIVE);
    await settled(t, await t.discord.click(answer, 'Accept', sam), (words) => words.includes('Accepted'));
    await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === '✅ Accepted answer to #1');
    expect(fieldOf(await questionMessage(t, questions, 1, (message) => fieldOf(message, 'Status') === 'Answered ✅'), 'Accepted answer')).toContain('Shadow one rotation');

    await tick(PAST_AUTO_ARCHIVE);
    const form = await t.discord.click(answer, 'Edit', morgan);
    expect(answerText(await t.discord.submitModal(form, { text: 'Shadow one rotation, reverse-shadow the next, then hand over the pager.' }))).toContain('updated');
    await t.discord.waitForMessage(posted.id, (message) => message.id === answer.id && (message.embeds[0]?.description ?? '').includes('hand over the pager'));
    expect((await t.bot.context.qa.moderation.audit(t.world.guild.id, { userId: morgan.userId, moderator: true }, 1)).map((entry) => entry.action)).not.toContain('not-updated-on-discord');
  });

  it('GIVEN a moderator locked a Q&A thread and the bot lacks Manage Threads THEN the first refused update is the last: no retries across ticks, and the moderation log says why', async () => {
    await t.discord.setPermissionOverwrites(questions, [{ id: t.world.guild.botRoleId ?? '', type: 'role', deny: PermissionFlagsBits.ManageThreads }]);
    await askQuestion(t, 'How do I say no to a roadmap item the CEO promised a customer?', sam);
    const posted = await questionMessage(t, questions, 2);
    await answerVia(t, posted, 'Show what it displaces and let the CEO choose.', morgan);
    const answer = await t.discord.waitForMessage(posted.id, (message) => message.embeds[0]?.title === 'Answer to #2');
    await t.discord.updateThread(posted.id, { locked: true });
    await tick(PAST_AUTO_ARCHIVE);
    expect(await threadState(t, posted.id)).toMatchObject({ archived: true, locked: true });

    // The member is answered from the database; Discord refuses the edit, then the unarchive.
    const voted = await settled(t, await t.discord.click(answer, 'Upvote (0)', alex), (words) => words.includes('Upvoted'));
    expect(answerText(voted)).toContain('(1 now)');
    // The bot's database changes after Discord's refusals, which change nothing on Discord: poll it.
    const db = openDatabase(t.config.databasePath);
    try {
      await vi.waitFor(() => expect(createAnswerStore(db).byMessage(t.world.guild.id, answer.id)).toMatchObject({ attempts: 1 }));
    } finally {
      db.close();
    }
    const edits = await editsOf(t, answer.id);
    const unarchives = await threadPatchesOf(t, posted.id);
    expect([edits, unarchives]).toEqual([1, 1]);

    for (let round = 0; round < 3; round += 1) await tick(2 * HOUR_MS);
    await tick(2 * DAY_MS);
    expect([await editsOf(t, answer.id), await threadPatchesOf(t, posted.id)]).toEqual([edits, unarchives]);
    expect(await threadState(t, posted.id)).toMatchObject({ archived: true, locked: true });
    const audit = await t.discord.invoke('/qa audit', { id: 2 }, morgan);
    expect(audit.reply?.embeds[0]?.description).toMatch(/The bot \*\*could not update\*\* answer \d+ to #2 on Discord: thread locked; needs Manage Threads/);
    expect(audit.reply?.embeds[0]?.description?.match(/could not update/g)).toHaveLength(1);

    // A moderator lifts the lock: what it stopped is due again, and the next tick brings it in line.
    await t.discord.updateThread(posted.id, { locked: false });
    await vi.waitFor(() => expect(t.logs.find('Q&A thread unlocked: its refused updates are due again')).toHaveLength(1));
    await tick(HOUR_MS);
    await t.discord.waitForMessage(posted.id, (message) => message.id === answer.id && buttonLabels(message).includes('Upvote (1)'));
  });
});

describe('Q&A in a forum that requires a tag on every post', () => {
  let t: TestBot;
  let forumId: string;
  let tags: Record<string, string>;
  let sam: Where;
  let morgan: Where;

  beforeAll(async () => {
    t = await startTestBot();
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    forumId = (await t.discord.createChannel(t.world.guild.id, { name: 'ask-a-cto', type: 'forum' })).id;
    const forum = await t.discord.updateForum(forumId, { availableTags: [{ name: 'Question' }, { name: 'Hiring' }, { name: 'Staff pick', moderated: true }], requireTag: true });
    tags = Object.fromEntries(('available_tags' in forum ? forum.available_tags : []).map((tag) => [tag.name, tag.id]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN /qa setup with the forum and no tag THEN it is refused, saying the forum requires one and how to choose it', async () => {
    const refused = await t.discord.invoke('/qa setup', { channel: forumId }, morgan);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain(`<#${forumId}> requires a tag on every post`);
    expect(answerText(refused)).toContain('`tag:`');
    expect((await t.bot.context.qa.settings.get(t.world.guild.id)).channelId).toBeNull();
  });

  it("GIVEN the tag option THEN autocomplete offers the forum's tags, an unknown one is refused naming them, and a moderated one needs Manage Threads", async () => {
    const choices = await t.discord.autocomplete('/qa setup', { channel: forumId, tag: '' }, 'tag', morgan);
    expect(choices.map((choice) => [choice.name, choice.value])).toEqual([
      ['Question', tags.Question],
      ['Hiring', tags.Hiring],
      ['Staff pick (moderators only)', tags['Staff pick']],
    ]);
    expect(await t.discord.autocomplete('/qa setup', { channel: forumId, tag: 'hir' }, 'tag', morgan)).toEqual([{ name: 'Hiring', value: tags.Hiring }]);
    const unknown = await t.discord.invoke('/qa setup', { channel: forumId, tag: 'Gossip' }, morgan);
    expect(answerText(unknown)).toContain('has no tag "Gossip". Its tags: **Question**, **Hiring**, **Staff pick**.');
    await t.discord.setPermissionOverwrites(forumId, [{ id: t.world.guild.botRoleId ?? '', type: 'role', deny: PermissionFlagsBits.ManageThreads }]);
    expect(answerText(await t.discord.invoke('/qa setup', { channel: forumId, tag: tags['Staff pick'] ?? '' }, morgan))).toContain('I lack **Manage Threads** there');
  });

  it('GIVEN the tag chosen at setup THEN questions become posts carrying it, and a later vote on a post Discord archived brings its card in line', async () => {
    const setup = await t.discord.invoke('/qa setup', { channel: forumId, tag: tags.Question ?? '' }, morgan);
    expect(fieldOf(setup.reply as LoggedMessage, 'Q&A channel')).toBe(`<#${forumId}> (forum: one post per question, tagged **Question**)`);
    expect(answerText(await askQuestion(t, 'How do I structure a hiring loop for staff engineers?', sam))).toMatch(/Posted \*\*#1\*\*/);
    const post = (await t.discord.channels(t.world.guild.id)).find((channel) => 'parent_id' in channel && channel.parent_id === forumId);
    expect(post).toBeDefined();
    expect(await threadState(t, post?.id ?? '')).toEqual({ archived: false, locked: false, appliedTags: [tags.Question] });

    (t.clock as ManualClock).advance(PAST_AUTO_ARCHIVE);
    expect(await threadState(t, post?.id ?? '')).toMatchObject({ archived: true });
    const starter = await questionMessage(t, post?.id ?? '', 1);
    await settled(t, await t.discord.click(starter, 'Upvote (0)', morgan), (words) => words.includes('Upvoted'));
    await questionMessage(t, post?.id ?? '', 1, (message) => buttonLabels(message).includes('Upvote (1)'));
    expect(await threadState(t, post?.id ?? '')).toMatchObject({ archived: false });
  });
});
