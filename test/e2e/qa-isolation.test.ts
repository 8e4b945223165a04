import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { answerText, answerVia, askQuestion, craftClick, fieldOf, questionMessage, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/**
 * Two servers with the same bot: numbers, ids and custom_ids of one server find nothing in the
 * other, whether typed into a command or crafted into a button.
 */
describe('Community Q&A server isolation', () => {
  let t: TestBot;
  let sam: Where;
  let morgan: Where;
  let other: Where;
  let otherMember: Where;
  let questionA: LoggedMessage;
  let answerA: LoggedMessage;
  let answerIdA: number;

  beforeAll(async () => {
    // Global commands, so they exist in the second server too.
    t = await startTestBot({ env: { DISCORD_GUILD_ID: '' } });
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    const owner = await t.discord.createUser({ username: 'quinn' });
    const guild = await t.discord.createGuild({ name: 'Other Server', ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
    const channel = await t.discord.createChannel(guild.id, { name: 'lobby', type: 'text' });
    const pat = await t.discord.createMember(guild.id, { username: 'pat' });
    other = { guildId: guild.id, channelId: channel.id, userId: owner.id };
    otherMember = { ...other, userId: pat.user.id };
    await askQuestion(t, 'How do we keep a remote engineering team aligned across time zones?', sam);
    questionA = await questionMessage(t, sam.channelId, 1);
    await answerVia(t, questionA, 'A written weekly update and one overlapping hour a day.', morgan);
    answerA = await t.discord.waitForMessage(questionA.id, (message) => message.embeds[0]?.title === 'Answer to #1');
    answerIdA = Number(/Answer (\d+)/.exec(answerA.embeds[0]?.footer?.text ?? '')?.[1]);
    expect(answerIdA).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN #1 of the first server THEN /question show and answer id: 1 in the second find nothing', async () => {
    expect(answerText(await t.discord.invoke('/question show', { id: 1 }, otherMember))).toContain('There is no question #1 in this server');
    const answer = await t.discord.invoke('/question answer', { id: 1 }, otherMember);
    expect(answer.modal).toBeNull();
    expect(answerText(answer)).toContain('There is no question #1 in this server');
  });

  it('GIVEN a question in the second server THEN it is that server\'s #1, and search there never returns the first server\'s', async () => {
    const asked = await askQuestion(t, 'Which metrics should a new CTO report to the board each quarter?', otherMember);
    expect(answerText(asked)).toMatch(/Posted \*\*#1\*\*/);
    const searched = await t.discord.invoke('/questions search', { query: 'remote engineering team time zones' }, otherMember);
    expect(searched.reply?.embeds[0]?.description).toContain('No question or answer matches');
    const choices = await t.discord.autocomplete('/question answer', { id: '' }, 'id', otherMember);
    expect(choices.map((choice) => choice.name)).toEqual(['#1 · Which metrics should a new CTO report to the board each quarter?']);
  });

  it('GIVEN crafted custom_ids carrying the first server\'s answer id, clicked in the second THEN nothing in the first changes', async () => {
    const source = await questionMessage(t, other.channelId, 1);
    for (const customId of [`question:accept:${answerIdA}`, `question:up-answer:${answerIdA}`]) {
      const result = await craftClick(t, other, customId, source);
      expect(result.ephemeral, customId).toBe(true);
      expect(answerText(result), customId).toContain('That answer no longer exists');
    }
    const edit = await craftClick(t, other, `question:edit-answer:${answerIdA}`, source);
    expect(edit.modal).toBeNull();
    expect(fieldOf(await questionMessage(t, sam.channelId, 1), 'Status')).toBe('Open');
    const answer = (await t.discord.messages(questionA.id)).find((message) => message.id === answerA.id);
    expect(answer?.deleted).toBe(false);
    expect(answer?.embeds[0]?.fields?.find((field) => field.name === 'Upvotes')?.value).toBe('0');
  });

  it('GIVEN crafted custom_ids of buttons that rewrite their own message, on a public post THEN the post is left alone', async () => {
    const source = await questionMessage(t, other.channelId, 1);
    for (const customId of [`question:confirm-delete:${answerIdA}`, 'question:post:1', 'question:resolved:1', 'questions:page:all:newest:2']) {
      const result = await craftClick(t, otherMember, customId, source);
      expect(result.ephemeral, customId).toBe(true);
      expect(answerText(result), customId).toContain('no longer works here');
    }
    const after = (await t.discord.messages(other.channelId)).find((message) => message.id === source.id);
    expect(after?.embeds[0]?.title).toBe('Question #1');
    expect(after?.components).toEqual(source.components);
  });

  it('GIVEN a crafted custom_id naming a question number the second server lacks THEN it is not found there', async () => {
    const source = await questionMessage(t, other.channelId, 1);
    for (const customId of ['question:upvote:7', 'question:follow:7', 'question:answer:7']) {
      expect(answerText(await craftClick(t, otherMember, customId, source)), customId).toContain('There is no question #7 in this server');
    }
  });

  it('GIVEN a crafted custom_id with a malformed argument THEN the member is told the button is out of date', async () => {
    const source = await questionMessage(t, other.channelId, 1);
    expect(answerText(await craftClick(t, otherMember, 'question:upvote:abc', source))).toContain('out of date');
  });

  it('GIVEN a member who may not moderate clicks a crafted Approve THEN it is refused', async () => {
    const source = await questionMessage(t, other.channelId, 1);
    expect(answerText(await craftClick(t, otherMember, 'qa:approve:1', source))).toContain('Only moderators');
  });

  it('GIVEN the first server\'s leaderboard and export THEN they hold nothing from the second', async () => {
    const board = await t.discord.invoke('/leaderboard', { period: 'all' }, otherMember);
    expect(board.reply?.embeds[0]?.description).not.toContain(morgan.userId);
  });
});
