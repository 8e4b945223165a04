import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../src/core/clock.js';
import { ask, GUILD, HELPER, member, OTHER_GUILD, QA_CHANNEL, qaHarness, type QaHarness } from '../support/qa.js';

/** More than one background tick takes (its batch is 25). */
const ELSEWHERE = 30;
const ownsOnlyGuild = (guildId: string) => guildId === GUILD;
const asker = (index: number) => `3200000000000${String(index).padStart(5, '0')}`;

async function askElsewhere(h: QaHarness, index: number) {
  h.clock.advance(11 * MINUTE_MS);
  return ask(h.qa, `Elsewhere question number ${index}: how do we plan capacity for service ${index}?`, { guildId: OTHER_GUILD, userId: asker(index) });
}

describe("Q&A background work in a shard's own servers (starvation)", () => {
  it("GIVEN more questions waiting for Discord in another shard's server than one tick takes THEN this shard's question is still posted", async () => {
    const h = qaHarness();
    h.poster.failChannel(QA_CHANNEL, 'transient', ELSEWHERE + 1);
    for (let index = 0; index < ELSEWHERE; index += 1) expect((await askElsewhere(h, index)).state).toBe('pending');
    const mine = await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    expect(mine.state).toBe('pending');
    h.restart({ ownsGuild: ownsOnlyGuild });
    h.clock.advance(10 * MINUTE_MS);
    expect((await h.qa.background.tick()).questions).toBe(1);
    expect(h.questionById(GUILD, mine.question.id)?.publication).toBe('posted');
  });

  it("GIVEN more answers waiting for Discord in another shard's server than one tick takes THEN this shard's answer is still posted", async () => {
    const h = qaHarness();
    const answerWhileThreadFails = async (guildId: string, number: number, threadId: string, index: number) => {
      h.poster.failChannel(threadId, 'transient', 1);
      const answered = await h.qa.answering.answer(guildId, number, member(HELPER), `Measure service ${index} at peak and keep a third of it in reserve.`);
      expect(answered.state).toBe('pending');
      return answered.answer;
    };
    for (let index = 0; index < ELSEWHERE; index += 1) {
      const { question } = await askElsewhere(h, index);
      await answerWhileThreadFails(OTHER_GUILD, question.number ?? 0, question.threadId ?? '', index);
    }
    const { question } = await ask(h.qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    const mine = await answerWhileThreadFails(GUILD, question.number ?? 0, question.threadId ?? '', ELSEWHERE);
    h.restart({ ownsGuild: ownsOnlyGuild });
    h.clock.advance(10 * MINUTE_MS);
    expect((await h.qa.background.tick()).answers).toBe(1);
    expect(h.answerById(GUILD, mine.id)?.delivery).toBe('posted');
  });
});
