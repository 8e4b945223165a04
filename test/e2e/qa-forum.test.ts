import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, fieldOf, questionMessage, settled, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** The same flow in a forum channel: each question is its own post, its answers the post's thread. */
describe('Community Q&A in a forum channel', () => {
  let t: TestBot;
  let forumId: string;
  let sam: Where;
  let morgan: Where;

  /** Forum posts of the forum: threads whose parent it is. */
  const posts = () => [...t.discord.core.state.channels.values()].filter((channel) => channel.parentId === forumId && !channel.deleted);

  beforeAll(async () => {
    t = await startTestBot();
    forumId = (await t.discord.createChannel(t.world.guild.id, { name: 'ask-a-cto', type: 'forum' })).id;
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    const setup = await t.discord.invoke('/qa setup', { channel: forumId }, morgan);
    expect(fieldOf(setup.reply as LoggedMessage, 'Q&A channel')).toContain('forum');
  });
  afterAll(async () => {
    await t?.close();
  });

  let starter: LoggedMessage;

  it('GIVEN a question THEN it becomes a forum post named after it, whose starter message is the question', async () => {
    const asked = await askQuestion(t, 'How do I say no to the CEO about a pet project without losing trust?', sam);
    expect(answerText(asked)).toMatch(/Posted \*\*#1\*\*/);
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post?.name).toBe('#1 · How do I say no to the CEO about a pet project without losing trust?');
    starter = await questionMessage(t, post?.id ?? '', 1);
    expect(starter.id).toBe(post?.id);
    expect(starter.pinged).toEqual({ everyone: false, roles: [], users: [] });
  });

  it('GIVEN an answer from the post and the asker accepts it THEN the answer is in the post and the starter message shows it accepted', async () => {
    const answered = await answerVia(t, starter, 'Say "not now", show what it would displace, and offer a cheap experiment.', { ...morgan, channelId: starter.channel_id });
    expect(answerText(answered)).toContain('is posted');
    const answer = await t.discord.waitForMessage(starter.channel_id, (message) => message.embeds[0]?.title === 'Answer to #1');
    const accepted = await settled(t, await t.discord.click(answer, 'Accept', { ...sam, channelId: starter.channel_id }), (words) => words.includes('Accepted'));
    expect(accepted.ephemeral).toBe(true);
    const updated = await questionMessage(t, starter.channel_id, 1, (message) => fieldOf(message, 'Status') === 'Answered ✅');
    expect(fieldOf(updated, 'Accepted answer')).toContain('not now');
    expect((await t.discord.dms(sam.userId)).length).toBe(1);
  });

  it('GIVEN a second question THEN it is a second post, numbered #2', async () => {
    await askQuestion(t, 'What should go into an engineering strategy document for the board?', sam);
    expect(posts().map((post) => post.name).sort()).toEqual([
      '#1 · How do I say no to the CEO about a pet project without losing trust?',
      '#2 · What should go into an engineering strategy document for the board?',
    ]);
  });

  it('GIVEN a moderator deletes a forum post THEN its question is marked deleted', async () => {
    const post = posts().find((candidate) => candidate.name?.startsWith('#2'));
    await t.discord.deleteChannel(post?.id ?? '');
    const shown = await t.discord.invoke('/question show', { id: 2 }, sam);
    expect(answerText(shown)).toContain('#2 was removed by a moderator');
    const listed = await t.discord.invoke('/questions list', {}, sam);
    expect(listed.reply?.embeds[0]?.description).not.toContain('**#2**');
  });
});
