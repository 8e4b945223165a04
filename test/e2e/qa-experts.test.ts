import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, ManualClock } from '../../src/core/clock.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, askQuestion, buttonLabels, craftClick, qaCast, questionMessage, type Where } from '../support/qa-discord.js';
import { startTestBot, tickAfter, type TestBot } from './support/harness.js';
import { componentsOf } from './support/messages.js';

const HIRING = [
  'How do we structure interviews when hiring backend engineers?',
  'What should a take-home exercise look like when hiring engineers?',
  'How do I attract senior engineering candidates as a small startup hiring?',
  'What is a good way to hire our first senior engineers?',
  'How many interview rounds should we have when hiring engineers?',
  'Who should be on the panel when hiring our first engineering manager?',
];
const STOP = 'Stop expert notifications';

/** Expert routing through the local Discord (issue 15): opt in, DMs capped per day, opt-out, one escalation. */
describe('Q&A expert routing', () => {
  let t: TestBot;
  let clock: ManualClock;
  let questions: string;
  let sam: Where;
  let morgan: Where;
  let alex: Where;
  let asked = 0;

  /** sam asks the next hiring question; the background job runs a minute later, as the minute tick would. */
  async function askNext(): Promise<number> {
    const text = HIRING[asked] ?? '';
    asked += 1;
    await askQuestion(t, text, sam);
    await questionMessage(t, questions, asked);
    await tickAfter(t, MINUTE_MS);
    return asked;
  }

  const expertDms = async (who: Where): Promise<LoggedMessage[]> => (await t.discord.dms(who.userId)).filter((dm) => buttonLabels(dm).includes(STOP));

  beforeAll(async () => {
    clock = new ManualClock('2026-03-16T09:00:00Z');
    t = await startTestBot({ clock });
    ({ questions, sam, morgan, alex } = await qaCast(t));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN /qa expertise THEN topics come from the knowledge base as one types, the reply is private with the opt-out, and an unknown topic is refused', async () => {
    const choices = await t.discord.autocomplete('/qa expertise', { add: 'hir' }, 'add', alex);
    expect(choices.map((choice) => choice.value)).toEqual(['hiring']);
    const added = await t.discord.invoke('/qa expertise', { add: 'hiring' }, alex);
    expect(added.ephemeral).toBe(true);
    expect(answerText(added)).toMatch(/Added `hiring`[\s\S]*Your expert topics:\*\* `hiring`/);
    expect(buttonLabels(added.reply as LoggedMessage)).toEqual([STOP]);
    const unknown = await t.discord.invoke('/qa expertise', { add: 'pizza' }, alex);
    expect(unknown.ephemeral).toBe(true);
    expect(answerText(unknown)).toContain('no topic called `pizza`');
    // The asker follows the topic too: never told about their own questions.
    await t.discord.invoke('/qa expertise', { add: 'hiring' }, sam);
  });

  it('GIVEN a question on the topic THEN the expert gets one DM with a link to it and the opt-out, pinging nobody; the asker none', async () => {
    await askNext();
    await tickAfter(t, MINUTE_MS);
    const dms = await expertDms(alex);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.content).toContain('#1');
    expect(dms[0]?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    const link = componentsOf(dms[0]).find((component) => component.label === 'Open the question') as { url?: string } | undefined;
    expect(link?.url).toContain(`/channels/${t.world.guild.id}/${questions}/`);
    expect(await expertDms(sam)).toEqual([]);
  });

  it('GIVEN an expert limit of 2 THEN a third question that day brings no DM, and the next day one does', async () => {
    const setup = await t.discord.invoke('/qa setup', { 'expert-limit': 2, 'escalate-after': 0 }, morgan);
    expect(answerText(setup) + JSON.stringify(setup.reply?.embeds)).toContain('At most 2 DMs per member a day');
    await askNext();
    await askNext();
    expect((await expertDms(alex)).map((dm) => dm.content.match(/#\d+/)?.[0])).toEqual(['#1', '#2']);
    await tickAfter(t, DAY_MS);
    await askNext();
    expect((await expertDms(alex)).map((dm) => dm.content.match(/#\d+/)?.[0])).toEqual(['#1', '#2', '#4']);
  });

  it('GIVEN the expert clicks "Stop expert notifications" on a DM THEN they are told privately and get no more; another member cannot stop them', async () => {
    const own = await t.discord.invoke('/qa expertise', {}, sam);
    const forged = await craftClick(t, sam, `qa:expert-stop:${t.world.guild.id}:${alex.userId}`, own.reply as LoggedMessage);
    expect(answerText(forged)).toContain('made for someone else');
    const [dm] = await expertDms(alex);
    expect(componentsOf(dm).find((component) => component.label === STOP)?.custom_id).toBe(`qa:expert-stop:${t.world.guild.id}:${alex.userId}`);
    const stopped = await t.discord.click(dm as LoggedMessage, STOP, { userId: alex.userId });
    expect(answerText(stopped)).toContain('Stopped: you follow no topics any more');
    expect(answerText(stopped)).toContain('CTO Community');
    const listed = await t.discord.invoke('/qa expertise', {}, alex);
    expect(answerText(listed)).toContain('Your expert topics:** none');
    await askNext();
    expect(await expertDms(alex)).toHaveLength(3);
  });

  it('GIVEN a question still unanswered after escalate-after hours THEN it escalates once, to the next expert in the rotation', async () => {
    await t.discord.invoke('/qa setup', { 'escalate-after': 24 }, morgan);
    await t.discord.invoke('/qa expertise', { add: 'hiring' }, morgan);
    const number = await askNext();
    expect((await expertDms(morgan)).map((dm) => dm.content.match(/#\d+/)?.[0])).toEqual([`#${number}`]);
    // alex is back, and had not been told about it: next in the rotation when it escalates.
    await t.discord.invoke('/qa expertise', { add: 'hiring' }, alex);
    await tickAfter(t, 23 * HOUR_MS);
    expect(await expertDms(alex)).toHaveLength(3);
    await tickAfter(t, HOUR_MS);
    await tickAfter(t, HOUR_MS);
    const escalated = (await expertDms(alex)).filter((dm) => dm.content.includes('Still unanswered'));
    expect(escalated.map((dm) => dm.content.match(/#\d+/)?.[0])).toEqual([`#${number}`]);
    expect(await expertDms(morgan)).toHaveLength(1);
    expect(await expertDms(sam)).toEqual([]);
  });
});
