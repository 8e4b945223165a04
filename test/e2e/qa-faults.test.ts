import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS, type ManualClock } from '../../src/core/clock.js';
import { answerText, answerVia, askQuestion, fieldOf, questionMessage, type Where } from '../support/qa-discord.js';
import { at, startTestBot, tickAfter, type TestBot } from './support/harness.js';

const MESSAGES = 'POST /channels/:channelId/messages';
const THREAD_FROM_MESSAGE = 'POST /channels/:channelId/messages/:messageId/threads';
const FORUM_POST = 'POST /channels/:channelId/threads';

/** Discord answering 5xx while questions and answers are posted: nothing lost, nothing twice. */
describe('Community Q&A when Discord fails', () => {
  let t: TestBot;
  let questions: string;
  let sam: Where;
  let morgan: Where;

  const titled = async (channelId: string, title: string) =>
    (await t.discord.messages(channelId)).filter((message) => !message.deleted && message.embeds[0]?.title === title);
  /** Time passes (the retry backoff) and the background job ticks, as every minute in production. */
  const tick = (minutes = 2) => tickAfter(t, minutes * MINUTE_MS);

  beforeAll(async () => {
    t = await startTestBot();
    questions = t.world.channelIds.get('questions') ?? '';
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    await t.discord.invoke('/qa setup', { channel: questions }, morgan);
  });
  afterEach(async () => {
    await t.discord.setFaults({});
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN every post answered 5xx THEN the question is saved as pending, shown so to its asker only, and the job posts it once Discord is back', async () => {
    await t.discord.setFaults({ serverErrors: { rate: 1, statuses: [502], routes: [MESSAGES] } });
    const asked = await askQuestion(t, 'How do I estimate a platform migration without lying to the board?', sam);
    expect(answerText(asked)).toContain('saved as **#1**');
    expect(answerText(asked)).toContain('pending');
    expect(await titled(questions, 'Question #1')).toHaveLength(0);
    const mine = await t.discord.invoke('/questions list', { status: 'mine' }, sam);
    expect(mine.reply?.embeds[0]?.description).toContain('pending');
    const others = await t.discord.invoke('/questions list', {}, morgan);
    expect(others.reply?.embeds[0]?.description).not.toContain('**#1**');

    await tick();
    expect(await titled(questions, 'Question #1')).toHaveLength(0);
    await t.discord.setFaults({});
    await tick(5);
    expect(await titled(questions, 'Question #1')).toHaveLength(1);
    const posted = await questionMessage(t, questions, 1);
    expect(posted.thread?.id).toBe(posted.id);
    await tick(60);
    expect(await titled(questions, 'Question #1')).toHaveLength(1);
  });

  it('GIVEN Discord creates the message and then answers 500 THEN the resend with the same nonce yields exactly one message', async () => {
    await t.discord.setFaults({ serverErrors: { next: 1, mode: 'apply-then-fail', routes: [MESSAGES] } });
    const asked = await askQuestion(t, 'Should a CTO still be on call for production incidents at 40 engineers?', sam);
    expect(answerText(asked)).toContain('Posted **#2**');
    expect(await titled(questions, 'Question #2')).toHaveLength(1);
    expect((await t.discord.stats()).injected.appliedThenFailed).toBeGreaterThan(0);
  });

  it('GIVEN the thread fails to start THEN the question stays pending, and the asker looking at it retries without a second message', async () => {
    await t.discord.setFaults({ serverErrors: { rate: 1, routes: [THREAD_FROM_MESSAGE] } });
    const asked = await askQuestion(t, 'How do I hand over architecture decisions to staff engineers?', sam);
    expect(answerText(asked)).toContain('saved as **#3**');
    expect(await titled(questions, 'Question #3')).toHaveLength(1);
    await t.discord.setFaults({});
    (t.clock as ManualClock).advance(2 * MINUTE_MS);
    const shown = await t.discord.invoke('/question show', { id: 3 }, sam);
    expect(fieldOf(shown.reply ?? (await questionMessage(t, questions, 3)), 'Status')).toBe('Open');
    const posted = await questionMessage(t, questions, 3, (message) => message.thread !== undefined);
    expect(posted.thread?.id).toBe(posted.id);
    expect(await titled(questions, 'Question #3')).toHaveLength(1);
  });

  it('GIVEN an answer whose post fails THEN it is kept and appears in the thread at the next tick, once', async () => {
    const question = await questionMessage(t, questions, 2);
    await t.discord.setFaults({ serverErrors: { rate: 1, routes: [MESSAGES] } });
    const answered = await answerVia(t, question, 'Yes, as a secondary, until the rotation is healthy.', morgan);
    expect(answerText(answered)).toContain('saved and will appear');
    await t.discord.setFaults({});
    await tick(5);
    expect(await titled(question.id, 'Answer to #2')).toHaveLength(1);
    await tick(60);
    expect(await titled(question.id, 'Answer to #2')).toHaveLength(1);
  });

  it('GIVEN a question\'s card answered 500 after Discord created it, every time, and the retry only after the nonce window THEN the bot finds its card: exactly one, with its thread', async () => {
    await t.discord.setFaults({ serverErrors: { rate: 1, mode: 'apply-then-fail', routes: [MESSAGES] } });
    const asked = await askQuestion(t, 'How do I tell the board our platform rewrite will take another quarter?', sam);
    expect(answerText(asked)).toContain('saved as **#4**');
    expect(await titled(questions, 'Question #4')).toHaveLength(1);
    await t.discord.setFaults({});
    // Five minutes: well past the emulator's 2-minute nonce window, so a resend would post a second card.
    await tick(5);
    expect(await titled(questions, 'Question #4')).toHaveLength(1);
    const posted = await questionMessage(t, questions, 4, (message) => message.thread !== undefined);
    expect(posted.thread?.id).toBe(posted.id);
    await tick(60);
    expect(await titled(questions, 'Question #4')).toHaveLength(1);
  });

  it('GIVEN an answer\'s post answered 500 after Discord created it, and the retry only after the nonce window THEN it appears once', async () => {
    const question = await questionMessage(t, questions, 4);
    await t.discord.setFaults({ serverErrors: { rate: 1, mode: 'apply-then-fail', routes: [MESSAGES] } });
    const answered = await answerVia(t, question, 'Show the board what the extra quarter buys, in their terms.', morgan);
    expect(answerText(answered)).toContain('saved and will appear');
    expect(await titled(question.id, 'Answer to #4')).toHaveLength(1);
    await t.discord.setFaults({});
    await tick(5);
    await tick(60);
    expect(await titled(question.id, 'Answer to #4')).toHaveLength(1);
  });

  it('GIVEN a forum post answered 5xx THEN the question waits and is posted once by the job', async () => {
    const forum = await t.discord.createChannel(t.world.guild.id, { name: 'cto-forum', type: 'forum' });
    await t.discord.invoke('/qa setup', { channel: forum.id }, morgan);
    await t.discord.setFaults({ serverErrors: { rate: 1, routes: [FORUM_POST] } });
    const asked = await askQuestion(t, 'What belongs in a first-90-days plan for a new VP of Engineering?', sam);
    expect(answerText(asked)).toContain('saved as **#5**');
    await t.discord.setFaults({});
    await tick(5);
    const posts = [...t.discord.core.state.channels.values()].filter((channel) => channel.parentId === forum.id);
    expect(posts.map((post) => post.name)).toEqual(['#5 · What belongs in a first-90-days plan for a new VP of Engineering?']);
  });

  it('GIVEN a forum post created by Discord and then answered 500 (forum posts take no nonce) THEN the retry finds the post: exactly one', async () => {
    const forum = [...t.discord.core.state.channels.values()].find((channel) => channel.name === 'cto-forum');
    await t.discord.setFaults({ serverErrors: { rate: 1, mode: 'apply-then-fail', routes: [FORUM_POST] } });
    const asked = await askQuestion(t, 'How should a new CTO split time between hiring and architecture?', sam);
    expect(answerText(asked)).toContain('saved as **#6**');
    await t.discord.setFaults({});
    await tick(5);
    await tick(60);
    const posts = [...t.discord.core.state.channels.values()].filter((channel) => channel.parentId === forum?.id && channel.name?.startsWith('#6 '));
    expect(posts).toHaveLength(1);
    const shown = await t.discord.invoke('/question show', { id: 6 }, sam);
    expect(fieldOf(shown.reply ?? (await questionMessage(t, posts[0]?.id ?? '', 6)), 'Status')).toBe('Open');
  });
});
