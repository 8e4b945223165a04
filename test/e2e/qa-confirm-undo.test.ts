import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, buttonLabels, craftClick, fieldOf, questionMessage, qaCast, type Where } from '../support/qa-discord.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { componentsOf } from './support/messages.js';

const customIdOf = (message: LoggedMessage | null | undefined, label: string): string => componentsOf(message).find((component) => component.label === label)?.custom_id ?? '';

const MINUTE = 60_000;

/** Close, delete and merge ask the moderator first, and can be undone for 10 minutes (issue 14). */
describe('Q&A moderator actions: confirm first, undo for a while', () => {
  let t: TestBot;
  let clock: ManualClock;
  let questions: string;
  let sam: Where;
  let morgan: Where;
  let alex: Where;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await startTestBot({ clock });
    ({ questions, sam, morgan, alex } = await qaCast(t));
    await askQuestion(t, 'How do I run weekly one-on-ones with a new engineering manager?', sam);
    await answerVia(t, await questionMessage(t, questions, 1), 'Keep them weekly, their agenda first.', alex);
    await askQuestion(t, 'What is a good way to run one-on-ones with a brand new manager?', alex);
    const duplicate = await questionMessage(t, questions, 2);
    await answerVia(t, duplicate, 'Start with their goals, then the team.', morgan);
    await answerVia(t, duplicate, 'Write down what you agreed each week.', sam);
  });
  afterAll(async () => {
    await t?.close();
  });

  const ask = async (command: '/qa close' | '/qa delete' | '/qa merge', options: Record<string, number>): Promise<LoggedMessage> => {
    const asked = await t.discord.invoke(command, options, morgan);
    expect(asked.ephemeral).toBe(true);
    expect(buttonLabels(asked.reply as LoggedMessage)).toEqual(['Confirm', 'Cancel']);
    return asked.reply as LoggedMessage;
  };

  it('GIVEN /qa merge id: 2 into: 1 THEN nothing happens until Confirm; the prompt says what will move, and Cancel changes nothing', async () => {
    const prompt = await ask('/qa merge', { id: 2, into: 1 });
    // Member text is shown escaped (inline): compare it without the escapes.
    expect(prompt.content.replaceAll('\\', '')).toContain('Merge #2 "What is a good way to run one-on-ones with a brand new manager?" into #1 "How do I run weekly one-on-ones');
    expect(prompt.content).toContain('its 2 answers move to #1');
    expect(prompt.content).not.toContain('(s)');
    expect(fieldOf(await questionMessage(t, questions, 2), 'Status')).toBe('Open');
    const cancelled = await t.discord.click(prompt, 'Cancel', morgan);
    expect(answerText(cancelled)).toContain('Cancelled: nothing changed');
    expect((await t.bot.context.qa.moderation.audit(t.world.guild.id, { userId: morgan.userId, moderator: true })).some((entry) => entry.action === 'merge')).toBe(false);
  });

  it('GIVEN the merge confirmed THEN the answers move (numbered after #1\'s), the note says where they are now, and Undo puts everything back on Discord', async () => {
    const prompt = await ask('/qa merge', { id: 2, into: 1 });
    const done = await t.discord.click(prompt, 'Confirm', morgan);
    expect(answerText(done)).toContain('**#2** is merged into **#1**: 2 answers');
    await questionMessage(t, questions, 2, (message) => fieldOf(message, 'Merged') !== undefined);
    const note = await t.discord.waitForMessage((await questionMessage(t, questions, 1)).id, (message) => message.content.includes('was merged into this question'));
    expect(note.content).toContain('its 2 answers now belong here as answers 2–3');
    expect(note.content).not.toMatch(/answer\(s\)|are in/);
    const shown = (await t.discord.invoke('/question show', { id: 1 }, sam)).reply as LoggedMessage;
    expect(shown.embeds[1]?.fields?.map((field) => field.name.split(' · ')[0])).toEqual(['Answer 1', 'Answer 2', 'Answer 3']);

    const undoId = customIdOf(done.reply, 'Undo');
    const undone = await t.discord.click(done.reply as LoggedMessage, 'Undo', morgan);
    expect(answerText(undone)).toContain('Undone: **#2** is no longer merged into **#1**');
    const back = await questionMessage(t, questions, 2, (message) => fieldOf(message, 'Merged') === undefined && fieldOf(message, 'Status') === 'Open');
    expect(fieldOf(back, 'Answers')).toBe('2');
    await questionMessage(t, questions, 1, (message) => fieldOf(message, 'Answers') === '1');
    const again = (await t.discord.invoke('/question show', { id: 2 }, alex)).reply as LoggedMessage;
    expect(again.embeds[1]?.fields?.map((field) => field.name.split(' · ')[0])).toEqual(['Answer 1', 'Answer 2']);
    const log = (await t.discord.invoke('/qa audit', { id: 2 }, morgan)).reply?.embeds[0]?.description ?? '';
    expect(log).toContain(`<@${morgan.userId}> **undid** merging #2`);
    expect(answerText(await craftClick(t, morgan, undoId, done.reply as LoggedMessage))).toContain('That was undone already');
  });

  it('GIVEN a question deleted THEN a member cannot undo it, Undo after 10 minutes is refused, and within them it comes back', async () => {
    const done = await t.discord.click(await ask('/qa delete', { id: 2 }), 'Confirm', morgan);
    expect(answerText(done)).toContain('**#2** is deleted');
    await questionMessage(t, questions, 2, (message) => message.embeds[0]?.description === 'This question was removed by a moderator.');
    const undoId = customIdOf(done.reply, 'Undo');
    const byMember = await craftClick(t, alex, undoId, done.reply as LoggedMessage);
    expect(byMember.ephemeral).toBe(true);
    expect(answerText(byMember)).toContain('Only moderators');
    clock.advance(9 * MINUTE);
    expect(answerText(await t.discord.click(done.reply as LoggedMessage, 'Undo', morgan))).toContain('**#2** is back');
    await questionMessage(t, questions, 2, (message) => fieldOf(message, 'Status') === 'Open');

    const closed = await t.discord.click(await ask('/qa close', { id: 2 }), 'Confirm', morgan);
    expect(answerText(closed)).toContain('**#2** is closed');
    clock.advance(11 * MINUTE);
    const late = await t.discord.click(closed.reply as LoggedMessage, 'Undo', morgan);
    expect(answerText(late)).toContain('Undo works for 10 minutes after the action');
    expect(fieldOf(await questionMessage(t, questions, 2), 'Status')).toBe('Closed');
  });

  it('GIVEN a confirmation left open past 10 minutes, or one crafted for another moderator THEN Confirm is refused and nothing changes', async () => {
    const prompt = await ask('/qa close', { id: 1 });
    const confirmId = customIdOf(prompt, 'Confirm');
    const other = await t.discord.createMember(t.world.guild.id, { username: 'riley', roles: [t.world.role('moderators') ?? ''] });
    expect(answerText(await craftClick(t, { ...morgan, userId: other.user.id }, confirmId, prompt))).toContain('made for someone else');
    clock.advance(11 * MINUTE);
    expect(answerText(await t.discord.click(prompt, 'Confirm', morgan))).toContain('This confirmation has expired');
    expect(fieldOf(await questionMessage(t, questions, 1), 'Status')).toBe('Open');
  });
});
