import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InteractionType } from 'discord-api-types/v10';
import { openDatabase } from '../../src/db/index.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { messageCommandData } from '../../src/local-discord/driver/context-menu.js';
import { dispatchInteraction } from '../../src/local-discord/services/interaction-dispatch.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { answerText, askQuestion, fieldOf, questionMessage, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** Apps → Mark as answer on members' plain replies, in a forum Q&A channel (issue 15). */
describe('Mark as answer (message command)', () => {
  let t: TestBot;
  let forumId: string;
  let sam: Where;
  let morgan: Where;
  let alex: Where;
  let threadId: string;
  let reply: LoggedMessage;

  const posts = () => [...t.discord.core.state.channels.values()].filter((channel) => channel.parentId === forumId && !channel.deleted);
  const stores = () => {
    const db = openDatabase(t.config.databasePath);
    return { db, answers: createAnswerStore(db), questions: createQuestionStore(db) };
  };
  const mark = (message: LoggedMessage, who: Where) => t.discord.invokeMessageCommand('Mark as answer', message, { ...who, channelId: message.channel_id });

  beforeAll(async () => {
    t = await startTestBot();
    forumId = (await t.discord.createChannel(t.world.guild.id, { name: 'ask-a-cto', type: 'forum' })).id;
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    alex = { ...sam, userId: t.world.members.get('alex') ?? '' };
    await t.discord.invoke('/qa setup', { channel: forumId }, morgan);
    await askQuestion(t, 'How do I run a useful architecture review without slowing teams down?', sam);
    threadId = posts()[0]?.id ?? '';
    reply = await t.discord.postMessage(threadId, { userId: alex.userId, content: 'Timebox it to 30 minutes and review decisions, not diagrams.' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN a member who is neither asker nor moderator marks a reply THEN it is refused privately and nothing is stored', async () => {
    const refused = await mark(reply, alex);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain('Only the member who asked #1');
    const { db, answers } = stores();
    expect(answers.byMessage(t.world.guild.id, reply.id)).toBeUndefined();
    db.close();
  });

  it("GIVEN a mark on the bot's own question card THEN it is refused privately", async () => {
    const card = await questionMessage(t, threadId, 1);
    const refused = await mark(card, sam);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain("a bot's, not a member's answer");
  });

  it('GIVEN the asker marks a plain thread reply THEN it is the accepted answer, its author credited and told, the card and leaderboard show it', async () => {
    const marked = await mark(reply, sam);
    expect(marked.ephemeral).toBe(true);
    expect(answerText(marked)).toContain('Accepted. **#1** now shows this answer');
    const card = await questionMessage(t, threadId, 1, (message) => fieldOf(message, 'Status') === 'Answered ✅');
    expect(fieldOf(card, 'Accepted answer')).toContain('Timebox it to 30 minutes');
    expect(fieldOf(card, 'Accepted answer')).toContain(`<@${alex.userId}>`);
    const { db, answers } = stores();
    const stored = answers.byMessage(t.world.guild.id, reply.id);
    expect(stored).toMatchObject({ authorId: alex.userId, origin: 'message', channelId: threadId, messageId: reply.id, delivery: 'posted' });
    db.close();
    // The member's message is theirs: the bot neither edits nor deletes it.
    const original = (await t.discord.messages(threadId)).find((message) => message.id === reply.id);
    expect(original?.content).toBe(reply.content);
    expect(original?.deleted).toBeFalsy();
    await vi.waitFor(async () => expect((await t.discord.dms(alex.userId)).some((dm) => dm.content.includes('was accepted'))).toBe(true), { timeout: 10_000 });
    const board = await t.discord.invoke('/leaderboard', { period: 'week' }, sam);
    expect(board.reply?.embeds[0]?.description).toContain(`<@${alex.userId}> · **15** reputation`);
  });

  it('GIVEN the same message marked twice at once THEN it is stored and accepted once', async () => {
    const second = await t.discord.postMessage(threadId, { userId: morgan.userId, content: 'Write the decision record first and review that document together.', replyTo: reply.id });
    const [one, two] = await Promise.all([mark(second, sam), mark(second, sam)]);
    const words = [answerText(one), answerText(two)];
    expect(words.filter((text) => text.includes('Accepted.'))).toHaveLength(1);
    expect(words.filter((text) => text.includes('already the accepted one'))).toHaveLength(1);
    const { db, answers, questions } = stores();
    const question = questions.byNumber(t.world.guild.id, 1);
    expect(answers.forQuestion(question?.id ?? 0).filter((answer) => answer.messageId === second.id)).toHaveLength(1);
    expect(question?.acceptedAnswerId).toBe(answers.byMessage(t.world.guild.id, second.id)?.id);
    db.close();
  });

  it('GIVEN a marked message is deleted on Discord THEN its stored answer is removed and the question is open again', async () => {
    const { db, answers, questions } = stores();
    const accepted = questions.byNumber(t.world.guild.id, 1)?.acceptedAnswerId ?? 0;
    const message = answers.byId(t.world.guild.id, accepted);
    db.close();
    await t.discord.deleteMessage({ id: message?.messageId ?? '', channel_id: threadId }, { userId: morgan.userId });
    await questionMessage(t, threadId, 1, (card) => fieldOf(card, 'Status') === 'Open');
    const after = stores();
    expect(after.answers.byId(t.world.guild.id, accepted)?.deletedAt).not.toBeNull();
    after.db.close();
  });

  it('GIVEN Mark as answer on a deleted message (a stale client) THEN it is refused privately and nothing is stored', async () => {
    const gone = await t.discord.postMessage(threadId, { userId: alex.userId, content: 'This reply is about to be deleted by its author.' });
    await t.discord.deleteMessage(gone, { userId: alex.userId });
    const refused = await t.discord.invokeMessageCommand('Mark as answer', gone, { ...sam, channelId: threadId, unchecked: true });
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain('That message was deleted');
    const { db, answers } = stores();
    expect(answers.byMessage(t.world.guild.id, gone.id)).toBeUndefined();
    db.close();
  });

  it("GIVEN a crafted Mark as answer naming a message in another server's thread THEN it is refused privately and nothing changes", async () => {
    const other = await t.discord.createGuild({ name: 'Elsewhere', ownerId: sam.userId });
    const channel = await t.discord.createChannel(other.id, { name: 'talk' });
    const foreign = await t.discord.postMessage(channel.id, { userId: sam.userId, content: 'A message in a server this one knows nothing about.' });
    const core = t.discord.core;
    const stored = core.state.requireMessage(core.state.requireChannel(channel.id), foreign.id);
    const here = core.state.requireChannel(threadId);
    const guild = core.state.guilds.get(t.world.guild.id) ?? null;
    const { data, commandName } = messageCommandData(core, 'Mark as answer', stored, here, guild, sam.userId, true);
    const record = dispatchInteraction(core, { type: InteractionType.ApplicationCommand, data, guildId: t.world.guild.id, channelId: threadId, userId: sam.userId, commandName });
    const refused = await t.discord.waitForInteraction(record.id, (state) => answerText(state).length > 0);
    expect(refused.ephemeral).toBe(true);
    expect(answerText(refused)).toContain('not in this channel of this server');
    const { db, answers } = stores();
    expect(answers.byMessage(t.world.guild.id, foreign.id)).toBeUndefined();
    db.close();
  });
});
