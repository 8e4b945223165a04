import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { InteractionResult, LoggedMessage } from '../../src/local-discord/index.js';
import { isOwnServerLink, markdownLinkTargets, messageLinkTargets } from '../support/links.js';
import { answerVia, askQuestion, questionMessage, visible, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

const HIJACK = 'How do we hire our first SRE? ](https://evil.example/login) [more';
const MASKED = 'Where do we keep runbooks? [Verify your account](https://evil.example/verify)';
const ANSWER = 'In the wiki. [Click here](https://evil.example/wiki) and `[code](stays)` as written.';

/** Member text never changes where the bot's links go, nor makes a link of its own in the bot's messages. */
describe('member text inside the bot’s Markdown', () => {
  let t: TestBot;
  let sam: Where;
  let morgan: Where;
  const clock = new ManualClock('2026-03-15T08:00:00Z');

  beforeAll(async () => {
    t = await startTestBot({ clock });
    sam = at(t.world, 'general', 'member');
    morgan = at(t.world, 'general', 'moderator');
    await t.discord.invoke('/qa setup', { channel: t.world.channelIds.get('questions') ?? '', digest: t.world.channelIds.get('general') ?? '' }, morgan);
    await askQuestion(t, HIJACK, sam);
    await askQuestion(t, MASKED, sam);
    const second = await questionMessage(t, t.world.channelIds.get('questions') ?? '', 2);
    await answerVia(t, second, ANSWER, morgan);
    await t.discord.waitForMessage(second.id, (message) => message.embeds[0]?.title === 'Answer to #2');
  });
  afterAll(async () => {
    await t?.close();
  });

  const links = (messages: readonly LoggedMessage[]) => messages.flatMap((message) => messageLinkTargets(message));
  const expectOnlyOwnLinks = (messages: readonly LoggedMessage[]) => {
    const found = links(messages);
    expect(found.filter((target) => !isOwnServerLink(target, t.world.guild.id))).toEqual([]);
    return found;
  };
  const replies = (result: InteractionResult) => visible(result);

  it('GIVEN the link-breaking title THEN /questions list links it to its own message only', async () => {
    const found = expectOnlyOwnLinks(replies(await t.discord.invoke('/questions list', {}, sam)));
    expect(found.length).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN the link-breaking title THEN /questions search does too', async () => {
    expectOnlyOwnLinks(replies(await t.discord.invoke('/questions search', { query: 'hire SRE' }, sam)));
  });

  it("GIVEN the link-breaking title THEN the asker's /profile does too", async () => {
    expectOnlyOwnLinks(replies(await t.discord.invoke('/profile', {}, sam)));
  });

  it('GIVEN masked links in a question and an answer THEN their posts, /question show and the thread link nowhere the bot did not choose, and code is left as written', async () => {
    const posted = (await t.discord.messages(t.world.channelIds.get('questions') ?? '')).filter((message) => message.author.id === t.discord.botUserId);
    expectOnlyOwnLinks(posted);
    const shown = replies(await t.discord.invoke('/question show', { id: 2 }, sam));
    expectOnlyOwnLinks(shown);
    const thread = (await t.discord.messages(posted.find((message) => message.embeds[0]?.title === 'Question #2')?.id ?? '')).filter((message) => message.author.id === t.discord.botUserId);
    expectOnlyOwnLinks(thread);
    const answerText = thread.find((message) => message.embeds[0]?.title?.includes('Answer to #2'))?.embeds[0]?.description ?? '';
    expect(answerText).toContain('`[code](stays)`');
    expect(markdownLinkTargets(answerText)).toEqual([]);
  });

  it('GIVEN the weekly digest THEN it links each question to its own message only', async () => {
    clock.set(new Date('2026-03-16T09:00:00Z'));
    await t.bot.context.qa.background.tick();
    const digest = (await t.discord.messages(t.world.channelIds.get('general') ?? '')).filter((message) => message.embeds[0]?.title === 'This week in Community Q&A');
    expect(digest).toHaveLength(1);
    const found = expectOnlyOwnLinks(digest);
    expect(found.length).toBeGreaterThanOrEqual(1);
  });
});
