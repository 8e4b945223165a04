import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { newMember } from '../support/announcements-e2e.js';
import { answerText, askQuestion, questionMessage, fieldOf, type Where } from '../support/qa-discord.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/** /qa review is a second pair of eyes on anonymous questions: a moderator never approves her own. */
describe('/qa review: approving one’s own anonymous question', () => {
  let t: TestBot;
  let morgan: Where;
  let bea: Where;

  beforeAll(async () => {
    t = await startTestBot();
    morgan = at(t.world, 'general', 'moderator');
    bea = (await newMember(t, 'bea', [t.world.role('moderators') ?? ''])) as Where;
    await t.discord.invoke('/qa setup', { channel: t.world.channelIds.get('questions') ?? '', review: true }, morgan);
  });
  afterAll(async () => {
    await t?.close();
  });

  const approve = async (who: Where): Promise<string> => {
    const queue = await t.discord.invoke('/qa review', {}, who);
    const clicked = await t.discord.click(queue.reply as LoggedMessage, 'Approve', who);
    return answerText(await t.discord.waitForInteraction(clicked.interactionId, (state) => /Approved|another moderator/.test(answerText(state))));
  };

  it('GIVEN a moderator asked anonymously WHEN she approves it in /qa review THEN she is refused, nothing is posted, and another moderator approves it', async () => {
    expect(answerText(await askQuestion(t, 'Is it fine to skip the reference checks for a senior hire we like?', morgan, { anonymous: true }))).toContain('waiting for a moderator');

    expect(await approve(morgan)).toContain('You asked this question: another moderator has to approve it');
    const questions = t.world.channelIds.get('questions') ?? '';
    expect((await t.discord.messages(questions)).filter((message) => message.author.id === t.discord.botUserId)).toEqual([]);

    expect(await approve(bea)).toContain('posted as **#1**');
    expect(fieldOf(await questionMessage(t, questions, 1), 'Asked by')).toBe('Anonymous member');
  });
});
