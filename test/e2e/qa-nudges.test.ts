import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../src/core/clock.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { answerText, answerVia, askQuestion, buttonLabels, fieldOf, qaCast, questionMessage, type QaCast } from '../support/qa-discord.js';
import { startTestBot, tickAfter, type TestBot } from './support/harness.js';

const NUDGE = /Did an answer solve your question #(\d+)\?/;

/** The custom_ids of a message's buttons. */
const customIdsOf = (message: LoggedMessage): string[] =>
  (message.components ?? []).flatMap((row) => ('components' in row ? row.components : []).flatMap((component) => ('custom_id' in component ? [component.custom_id] : [])));

/** Issue 15: one private nudge to an asker whose question has answers and none accepted, on the injected clock. */
describe('Nudges to accept an answer', () => {
  let t: TestBot;
  let cast: QaCast;

  const nudgesTo = async (userId: string, number: number): Promise<LoggedMessage[]> =>
    (await t.discord.dms(userId)).filter((dm) => NUDGE.exec(dm.content)?.[1] === String(number));

  /** sam asks, alex answers with the bot's Answer form: resolves with the question's number and its posted card. */
  async function answeredQuestion(text: string, answer: string): Promise<{ number: number; card: LoggedMessage }> {
    const asked = await askQuestion(t, text, cast.sam);
    const number = Number(/#(\d+)/.exec(answerText(asked))?.[1]);
    const card = await questionMessage(t, cast.questions, number);
    await answerVia(t, card, answer, { ...cast.alex, channelId: cast.questions });
    return { number, card };
  }

  beforeAll(async () => {
    t = await startTestBot();
    cast = await qaCast(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN an answered question nobody accepted THEN no nudge before 3 days, then exactly one DM to the asker that pings nobody, and none after a restart', async () => {
    const { number } = await answeredQuestion('How should a five-person team split on-call without burning out?', 'Weekly rotation, a paid secondary, and a runbook per alert.');
    await tickAfter(t, 3 * DAY_MS - HOUR_MS);
    expect(await nudgesTo(cast.sam.userId, number)).toHaveLength(0);

    await tickAfter(t, HOUR_MS);
    const [nudge, ...more] = await nudgesTo(cast.sam.userId, number);
    expect(more).toHaveLength(0);
    expect(nudge?.content).toContain('Weekly rotation, a paid secondary');
    expect(nudge && buttonLabels(nudge)).toEqual(['Accept answer 1']);
    expect(nudge?.pinged).toEqual({ everyone: false, roles: [], users: [] });

    await t.restart();
    await tickAfter(t, DAY_MS);
    expect(await nudgesTo(cast.sam.userId, number)).toHaveLength(1);
  });

  it("GIVEN the asker clicks Accept on the nudge THEN the answer is accepted, the card shows it, the DM loses its buttons, and the answer's author is told", async () => {
    const { number } = await answeredQuestion('What is a sane first SLO for an internal API nobody measured before?', 'Start with 99.5% availability over 28 days and measure before promising more.');
    await tickAfter(t, 3 * DAY_MS);
    const [nudge] = await nudgesTo(cast.sam.userId, number);
    if (!nudge) throw new Error('no nudge was sent');
    const [customId] = customIdsOf(nudge);
    const clicked = await t.discord.click(nudge, 'Accept answer 1', { userId: cast.sam.userId });
    expect(answerText(clicked)).toContain(`Accepted. **#${number}** now shows this answer`);
    const after = (await t.discord.dms(cast.sam.userId)).find((dm) => dm.id === nudge.id);
    expect(after?.content).toContain(`Accepted. **#${number}** now shows this answer`);
    expect(after && buttonLabels(after)).toEqual([]);
    const card = await questionMessage(t, cast.questions, number, (message) => fieldOf(message, 'Status') === 'Answered ✅');
    expect(fieldOf(card, 'Accepted answer')).toContain('Start with 99.5% availability');
    await t.discord.waitUntil(
      async () => (await t.discord.dms(cast.alex.userId)).some((dm) => dm.content.includes(`Your answer to #${number} was accepted`)),
      'the answer author was never told',
    );

    // A second click (a stale client) changes nothing and says why, privately.
    const again = await t.discord.craft({ kind: 'button', customId: customId ?? '', message: nudge }, { userId: cast.sam.userId });
    expect(again.ephemeral).toBe(true);
    expect(answerText(again)).toContain('This button no longer works here.');
  });

  it('GIVEN the asker accepted an answer before the nudge was due THEN no nudge is ever sent', async () => {
    const { number } = await answeredQuestion('Should a seed-stage startup run Kubernetes or a PaaS?', 'A PaaS until the bill or the limits hurt; Kubernetes is a team, not a tool.');
    const detail = await t.discord.invoke('/question accept', { id: number, answer: 1 }, cast.sam);
    expect(answerText(detail)).toContain('Accepted.');
    await tickAfter(t, 10 * DAY_MS);
    expect(await nudgesTo(cast.sam.userId, number)).toHaveLength(0);
  });

  it('GIVEN an asker who refuses DMs from the bot THEN the nudge is tried once, logged, and never again', async () => {
    const closed = await t.discord.createUser({ username: 'dana', dmsBlocked: true });
    await t.discord.createMember(t.world.guild.id, { userId: closed.id });
    const dana = { ...cast.sam, userId: closed.id };
    const asked = await askQuestion(t, 'How do I say no to a founder who wants a rewrite?', dana);
    const number = Number(/#(\d+)/.exec(answerText(asked))?.[1]);
    await answerVia(t, await questionMessage(t, cast.questions, number), 'Price the rewrite against the roadmap it replaces, in their own numbers.', { ...cast.alex, channelId: cast.questions });
    const undelivered = () => t.logs.find('Q&A nudge not delivered: the asker does not take DMs from the bot').length;
    const before = undelivered();
    await tickAfter(t, 3 * DAY_MS);
    expect(undelivered()).toBe(before + 1);
    await tickAfter(t, 3 * DAY_MS);
    expect(undelivered()).toBe(before + 1);
    expect(await t.discord.dms(closed.id)).toHaveLength(0);
  });

  it('GIVEN the asker left the server after the nudge THEN its Accept button is refused privately and the question stays unanswered', async () => {
    const user = await t.discord.createUser({ username: 'erin' });
    await t.discord.createMember(t.world.guild.id, { userId: user.id });
    const erin = { ...cast.sam, userId: user.id };
    const asked = await askQuestion(t, 'When should a CTO stop reviewing every pull request?', erin);
    const number = Number(/#(\d+)/.exec(answerText(asked))?.[1]);
    await answerVia(t, await questionMessage(t, cast.questions, number), 'When reviews queue behind you: name owners per area and review their reviews.', { ...cast.alex, channelId: cast.questions });
    await tickAfter(t, 3 * DAY_MS);
    const [nudge] = await nudgesTo(erin.userId, number);
    if (!nudge) throw new Error('no nudge was sent');
    await t.discord.removeMember(t.world.guild.id, erin.userId);
    const clicked = await t.discord.click(nudge, 'Accept answer 1', { userId: erin.userId });
    const refusal = clicked.followUps.find((message) => message.content.includes('no longer in the server'));
    expect(refusal && (refusal.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(fieldOf(await questionMessage(t, cast.questions, number), 'Status')).not.toBe('Answered ✅');
  });

  it('GIVEN the moderators turned nudges off THEN none is sent however long it waits', async () => {
    await t.discord.invoke('/qa setup', { clear: 'nudge' }, cast.morgan);
    const { number } = await answeredQuestion('How do I review architecture without becoming the bottleneck?', 'Write decision records and review the records, asynchronously.');
    await tickAfter(t, 30 * DAY_MS);
    expect(await nudgesTo(cast.sam.userId, number)).toHaveLength(0);
    const shown = await t.discord.invoke('/qa setup', {}, cast.morgan);
    expect(shown.reply?.embeds[0]?.fields?.find((field) => field.name === 'Nudges')?.value).toBe('Off');
    await t.discord.invoke('/qa setup', { 'nudge-after': 3 }, cast.morgan);
  });
});
