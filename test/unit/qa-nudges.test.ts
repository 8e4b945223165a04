import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../src/core/clock.js';
import { questionIds } from '../../src/qa/custom-ids.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, qaHarness, READER, type QaHarness } from '../support/qa.js';

const QUESTION = 'How do I keep a monolith deployable while three teams work in it?';
const DM = `dm-${ASKER}`;

/** A question by ASKER with one answer by HELPER (and optionally one by READER), at the harness's clock. */
async function answered(options: { second?: boolean } = {}) {
  const h = qaHarness();
  const { question } = await ask(h.qa, QUESTION);
  const number = question.number ?? 0;
  const first = await h.qa.answering.answer(GUILD, number, member(HELPER), 'Trunk-based development with feature flags and a fast CI.');
  const second = options.second ? await h.qa.answering.answer(GUILD, number, member(READER), 'Split ownership by module and enforce it in code review.') : undefined;
  return { h, question, number, first: first.answer, second: second?.answer };
}

const nudgesTo = (h: QaHarness) => h.poster.inChannel(DM);
const customIds = (h: QaHarness) => nudgesTo(h).flatMap((sent) => (sent.message.components ?? []).flatMap((row) => ('components' in row ? row.components : []).flatMap((component) => ('custom_id' in component ? [component.custom_id] : []))));
const nudgeState = (h: QaHarness, questionId: number) => h.db.prepare<[number], { state: string }>('SELECT state FROM qa_nudges WHERE question_id = ?').get(questionId)?.state;

describe('Nudging askers to accept an answer (issue 15)', () => {
  it('GIVEN answers and none accepted THEN nothing before 3 days after the first answer, then exactly one private DM with an Accept button per answer, pinging nobody', async () => {
    const { h, question, number, first, second } = await answered({ second: true });
    h.clock.advance(3 * DAY_MS - HOUR_MS);
    expect((await h.qa.background.tick()).nudges.sent).toBe(0);
    expect(nudgesTo(h)).toHaveLength(0);

    h.clock.advance(HOUR_MS);
    expect((await h.qa.background.tick()).nudges.sent).toBe(1);
    const [dm] = nudgesTo(h);
    expect(dm?.message.content).toContain(`Did an answer solve your question #${number}?`);
    expect(dm?.message.content).toContain('Trunk-based development');
    expect(dm?.message.content).toContain('Split ownership by module');
    expect(dm?.message.allowed_mentions).toEqual({ parse: [] });
    expect(customIds(h)).toEqual([questionIds.nudgeAccept(number, first.id, GUILD, ASKER), questionIds.nudgeAccept(number, second?.id ?? 0, GUILD, ASKER)]);
    expect(nudgeState(h, question.id)).toBe('sent');

    h.clock.advance(10 * DAY_MS);
    await h.qa.background.tick();
    h.restart();
    await h.qa.background.tick();
    expect(nudgesTo(h)).toHaveLength(1);
  });

  it('GIVEN an accepted answer, or a closed, locked or deleted question THEN no nudge', async () => {
    const accepted = await answered();
    await accepted.h.qa.answering.accept(GUILD, accepted.first.id, member(ASKER));
    const closed = await answered();
    await closed.h.qa.moderation.close(GUILD, closed.number, moderator);
    const locked = await answered();
    await locked.h.qa.moderation.setLocked(GUILD, locked.number, moderator, true);
    const deleted = await answered();
    await deleted.h.qa.moderation.remove(GUILD, deleted.number, moderator);
    for (const { h } of [accepted, closed, locked, deleted]) {
      h.clock.advance(4 * DAY_MS);
      expect((await h.qa.background.tick()).nudges.due).toBe(0);
      expect(nudgesTo(h)).toHaveLength(0);
    }
  });

  it('GIVEN only the asker answered their own question THEN there is nothing to pick from: no nudge', async () => {
    const h = qaHarness();
    const { question } = await ask(h.qa, QUESTION);
    await h.qa.answering.answer(GUILD, question.number ?? 0, member(ASKER), 'Answering myself: we went with trunk-based development.');
    h.clock.advance(4 * DAY_MS);
    await h.qa.background.tick();
    expect(nudgesTo(h)).toHaveLength(0);
  });

  it('GIVEN the server turned nudges off, or set 7 days THEN none after 3 days, and with 7 days one after 7', async () => {
    const off = await answered();
    await off.h.qa.settings.setup(GUILD, moderator, { nudgeAfterDays: null });
    off.h.clock.advance(30 * DAY_MS);
    await off.h.qa.background.tick();
    expect(nudgesTo(off.h)).toHaveLength(0);

    const week = await answered();
    await week.h.qa.settings.setup(GUILD, moderator, { nudgeAfterDays: 7 });
    week.h.clock.advance(4 * DAY_MS);
    await week.h.qa.background.tick();
    expect(nudgesTo(week.h)).toHaveLength(0);
    week.h.clock.advance(3 * DAY_MS);
    await week.h.qa.background.tick();
    expect(nudgesTo(week.h)).toHaveLength(1);
  });

  it('GIVEN the asker turned Q&A DMs off THEN no nudge, recorded as skipped', async () => {
    const { h, question } = await answered();
    h.qa.voting.setNotifications(GUILD, ASKER, false);
    h.clock.advance(4 * DAY_MS);
    expect((await h.qa.background.tick()).nudges.skipped).toBe(1);
    expect(nudgesTo(h)).toHaveLength(0);
    expect(nudgeState(h, question.id)).toBe('skipped');
  });

  it('GIVEN the asker refuses DMs THEN the nudge is recorded undeliverable and never tried again', async () => {
    const { h, question } = await answered();
    h.poster.failChannel(DM, 'forbidden');
    h.clock.advance(4 * DAY_MS);
    expect((await h.qa.background.tick()).nudges.undeliverable).toBe(1);
    const attempts = h.poster.attempts;
    h.clock.advance(DAY_MS);
    await h.qa.background.tick();
    expect(h.poster.attempts).toBe(attempts);
    expect(nudgeState(h, question.id)).toBe('undeliverable');
  });

  it('GIVEN Discord fails for now THEN the claim stays and the next tick sends it once', async () => {
    const { h, question } = await answered();
    h.poster.failChannel(DM, 'transient', 1);
    h.clock.advance(4 * DAY_MS);
    expect((await h.qa.background.tick()).nudges.retrying).toBe(1);
    expect(nudgeState(h, question.id)).toBe('claimed');
    await h.qa.background.tick();
    expect(nudgesTo(h)).toHaveLength(1);
    expect(nudgeState(h, question.id)).toBe('sent');
  });

  it('GIVEN a crash after the DM reached Discord but before it was recorded THEN the restarted bot finds it and sends no second one', async () => {
    const { h, question } = await answered();
    h.clock.advance(4 * DAY_MS);
    h.poster.crashAfter(0, { afterSending: true });
    expect((await h.qa.background.tick()).nudges.failed).toBe(1);
    expect(nudgesTo(h)).toHaveLength(1);
    expect(nudgeState(h, question.id)).toBe('claimed');
    h.poster.clearFailures();
    // Long after Discord's nonce window: only the look-up in the DM channel can prevent a double.
    h.clock.advance(HOUR_MS);
    h.restart();
    await h.qa.background.tick();
    expect(nudgesTo(h)).toHaveLength(1);
    expect(nudgeState(h, question.id)).toBe('sent');
  });

  it("GIVEN a server this shard does not own THEN its askers are not nudged here", async () => {
    const { h } = await answered();
    h.restart({ ownsGuild: (guildId) => guildId !== GUILD });
    h.clock.advance(4 * DAY_MS);
    expect((await h.qa.background.tick()).nudges.due).toBe(0);
    expect(nudgesTo(h)).toHaveLength(0);
  });

  it("GIVEN more questions due in another shard's server than one tick takes THEN this shard's asker is still nudged", async () => {
    const h = qaHarness();
    for (let index = 0; index < 30; index += 1) {
      const { question } = await ask(h.qa, `Elsewhere question number ${index}: how do we plan capacity for service ${index}?`, { guildId: OTHER_GUILD });
      await h.qa.answering.answer(OTHER_GUILD, question.number ?? 0, member(HELPER), `Measure service ${index} at peak and keep a third in reserve.`);
      h.clock.advance(11 * 60_000);
    }
    const { question } = await ask(h.qa, QUESTION);
    await h.qa.answering.answer(GUILD, question.number ?? 0, member(HELPER), 'Trunk-based development with feature flags and a fast CI.');
    h.restart({ ownsGuild: (guildId) => guildId === GUILD });
    h.clock.advance(4 * DAY_MS);
    expect((await h.qa.background.tick()).nudges).toMatchObject({ due: 1, sent: 1 });
    expect(nudgesTo(h)).toHaveLength(1);
  });

  describe('Accept from the nudge', () => {
    it('GIVEN the asker clicks Accept THEN that answer is accepted and its author credited', async () => {
      const { h, question, number, first } = await answered();
      const accepted = await h.qa.nudging.accept({ guildId: GUILD, number, answerId: first.id, askerId: ASKER }, ASKER);
      expect(accepted.reputation).toBe(15);
      expect(h.questionById(GUILD, question.id)).toMatchObject({ acceptedAnswerId: first.id, status: 'answered' });
    });

    it('GIVEN the asker has left the server since the nudge THEN the accept is refused and nothing accepted', async () => {
      const { h, question, number, first } = await answered();
      const asked: string[] = [];
      h.restart({ isMember: (guildId, userId) => { asked.push(`${guildId}/${userId}`); return Promise.resolve(false); } });
      await expect(h.qa.nudging.accept({ guildId: GUILD, number, answerId: first.id, askerId: ASKER }, ASKER)).rejects.toThrow(/no longer in the server/);
      expect(asked).toEqual([`${GUILD}/${ASKER}`]);
      expect(h.questionById(GUILD, question.id)?.acceptedAnswerId).toBeNull();
    });

    it('GIVEN someone other than the asker, a deleted answer, an answer of another question or a closed question THEN refused and nothing accepted', async () => {
      const { h, question, number, first } = await answered();
      const choice = { guildId: GUILD, number, answerId: first.id, askerId: ASKER };
      await expect(h.qa.nudging.accept(choice, READER)).rejects.toThrow(/sent to someone else/);
      const other = await ask(h.qa, 'Which on-call tooling do small teams actually keep using after a year?', { userId: READER });
      const elsewhere = await h.qa.answering.answer(GUILD, other.question.number ?? 0, member(HELPER), 'A pager plus a shared runbook, nothing fancier.');
      await expect(h.qa.nudging.accept({ ...choice, answerId: elsewhere.answer.id }, ASKER)).rejects.toThrow(/was deleted/);
      await h.qa.answering.remove(GUILD, first.id, member(HELPER));
      await expect(h.qa.nudging.accept(choice, ASKER)).rejects.toThrow(/was deleted/);
      const again = await h.qa.answering.answer(GUILD, number, member(READER), 'Modular monolith: boundaries enforced by the build.');
      await h.qa.moderation.close(GUILD, number, moderator);
      await expect(h.qa.nudging.accept({ ...choice, answerId: again.answer.id }, ASKER)).rejects.toThrow(/closed by a moderator/);
      expect(h.questionById(GUILD, question.id)?.acceptedAnswerId).toBeNull();
    });
  });
});
