import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/core/clock.js';
import type { OutgoingMessage } from '../../src/core/poster.js';
import { auditLine } from '../../src/qa/render/audit-line.js';
import { deliveryNonce } from '../../src/scheduling/nonce.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, qaHarness, READER, type QaHarness } from '../support/qa.js';

const HIRING = [
  'How do we structure interviews when hiring backend engineers?',
  'What should a take-home exercise look like when hiring engineers?',
  'How do I attract senior engineering candidates as a small startup hiring?',
  'What is a good way to hire our first senior engineers?',
];
const OFF_TOPIC = 'What is the best pizza topping?';
const EXPERTS = ['310000000000000011', '310000000000000012', '310000000000000013', '310000000000000014'] as const;
const DIGEST = '210000000000000009';

/** Each question by its own asker, so the asking rate limit never gets in the way. */
const asker = (index: number) => `3200000000000000${String(10 + index)}`;

function dmsTo(h: QaHarness, userId: string): OutgoingMessage[] {
  return h.poster.directMessages.filter((dm) => dm.userId === userId).map((dm) => dm.message);
}

const customIds = (message: OutgoingMessage | undefined): string[] =>
  JSON.stringify(message?.components ?? [])
    .match(/"custom_id":"[^"]+"/g)
    ?.map((id) => id.slice(13, -1)) ?? [];

/** Experts opted in to `hiring`, one minute apart (the rotation's tie-break). */
async function optIn(h: QaHarness, userIds: readonly string[], topic = 'hiring'): Promise<void> {
  for (const userId of userIds) {
    await h.qa.experts.addTopic(GUILD, userId, topic);
    h.clock.advance(MINUTE_MS);
  }
}

describe('expert routing (issue 15)', () => {
  it('GIVEN a member THEN they opt in to the server\'s knowledge-base topics only, see them, and opting out removes all', async () => {
    const h = qaHarness();
    expect(h.qa.experts.availableTopics(GUILD)).toEqual(expect.arrayContaining(['hiring', 'management', 'people']));
    expect(await h.qa.experts.addTopic(GUILD, HELPER, 'hiring')).toEqual({ added: true, topics: ['hiring'] });
    expect((await h.qa.experts.addTopic(GUILD, HELPER, 'hiring')).added).toBe(false);
    await expect(h.qa.experts.addTopic(GUILD, HELPER, 'pizza')).rejects.toThrow(/no topic called `pizza`/);
    await h.qa.experts.addTopic(GUILD, HELPER, 'people');
    expect(h.qa.experts.topics(GUILD, HELPER)).toEqual(['hiring', 'people']);
    // Topics are per server.
    expect(h.qa.experts.topics(OTHER_GUILD, HELPER)).toEqual([]);
    expect(await h.qa.experts.optOut(GUILD, HELPER)).toBe(2);
    expect(h.qa.experts.topics(GUILD, HELPER)).toEqual([]);
  });

  it('GIVEN an expert on a topic THEN a matching question DMs them once (link, opt-out, nobody pinged), an off-topic one does not, and never the asker', async () => {
    const h = qaHarness();
    await optIn(h, [HELPER, ASKER]);
    await ask(h.qa, HIRING[0] ?? '', { userId: ASKER });
    await h.qa.background.tick();
    await h.qa.background.tick();
    const dms = dmsTo(h, HELPER);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.content).toContain('#1');
    expect(dms[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(dms[0]?.enforce_nonce).toBe(true);
    expect(customIds(dms[0])).toEqual([`qa:expert-stop:${GUILD}:${HELPER}`]);
    expect(JSON.stringify(dms[0]?.components)).toContain(`https://discord.com/channels/${GUILD}/`);
    expect(dmsTo(h, ASKER)).toEqual([]);
    await ask(h.qa, OFF_TOPIC, { userId: READER });
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER)).toHaveLength(1);
  });

  it('GIVEN four experts THEN three are told per question, least recently notified first', async () => {
    const h = qaHarness();
    await optIn(h, EXPERTS);
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.background.tick();
    const told = () => EXPERTS.map((userId) => dmsTo(h, userId).length);
    expect(told()).toEqual([1, 1, 1, 0]);
    h.clock.advance(MINUTE_MS);
    await ask(h.qa, HIRING[1] ?? '', { userId: asker(1) });
    await h.qa.background.tick();
    // The fourth had never been told: first now; then the longest-waiting of the others.
    expect(told()).toEqual([2, 2, 1, 1]);
  });

  it('GIVEN a daily limit of 2 THEN an expert gets 2 DMs that UTC day whatever is asked, and more the next day', async () => {
    const h = qaHarness('2026-03-02T20:00:00Z');
    await h.qa.experts.configure(GUILD, moderator, { dailyLimit: 2 });
    await expect(h.qa.experts.configure(GUILD, member(HELPER), { dailyLimit: 9 })).rejects.toThrow(/Only moderators/);
    await optIn(h, [HELPER]);
    for (const [index, text] of HIRING.slice(0, 3).entries()) {
      await ask(h.qa, text, { userId: asker(index) });
      await h.qa.background.tick();
    }
    expect(dmsTo(h, HELPER)).toHaveLength(2);
    // Still 2 later that day.
    h.clock.set('2026-03-02T23:30:00Z');
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER)).toHaveLength(2);
    // A new UTC day: the limit starts again.
    h.clock.set('2026-03-03T00:05:00Z');
    await ask(h.qa, HIRING[3] ?? '', { userId: asker(3) });
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER)).toHaveLength(3);
  });

  it('GIVEN an opted-out expert or one who left the server THEN they are not told, and the one who left loses their topics', async () => {
    const left = new Set<string>([EXPERTS[1]]);
    const h = qaHarness(undefined, { isMember: (_guildId, userId) => Promise.resolve(!left.has(userId)) });
    await optIn(h, [EXPERTS[0], EXPERTS[1], EXPERTS[2]]);
    await h.qa.experts.optOut(GUILD, EXPERTS[0]);
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.background.tick();
    expect(EXPERTS.map((userId) => dmsTo(h, userId).length)).toEqual([0, 0, 1, 0]);
    expect(h.qa.experts.topics(GUILD, EXPERTS[1])).toEqual([]);
  });

  it('GIVEN a question with no answer after the server\'s hours THEN it escalates once to the next experts, never one who answered', async () => {
    const h = qaHarness();
    await h.qa.experts.configure(GUILD, moderator, { escalateAfterHours: 6 });
    await optIn(h, EXPERTS);
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.background.tick();
    expect(EXPERTS.map((userId) => dmsTo(h, userId).length)).toEqual([1, 1, 1, 0]);
    h.clock.advance(5 * HOUR_MS);
    await h.qa.background.tick();
    expect(EXPERTS.map((userId) => dmsTo(h, userId).length)).toEqual([1, 1, 1, 0]);
    h.clock.advance(HOUR_MS);
    await h.qa.background.tick();
    await h.qa.background.tick();
    expect(EXPERTS.map((userId) => dmsTo(h, userId).length)).toEqual([1, 1, 1, 1]);
    expect(dmsTo(h, EXPERTS[3])[0]?.content).toContain('Still unanswered');
    // Escalated once: a day later, nothing more.
    h.clock.advance(DAY_MS);
    await h.qa.background.tick();
    expect(h.poster.directMessages).toHaveLength(4);
  });

  it('GIVEN a question asked before anyone followed its topic THEN its escalation still finds the expert who opted in since', async () => {
    const h = qaHarness();
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.background.tick();
    await optIn(h, [HELPER]);
    h.clock.advance(24 * HOUR_MS);
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER).map((dm) => dm.content?.includes('Still unanswered'))).toEqual([true]);
  });

  it('GIVEN an answered question THEN it does not escalate, and who answered before the routing is not told; GIVEN escalation off THEN nothing escalates', async () => {
    const h = qaHarness();
    await optIn(h, [EXPERTS[0], HELPER]);
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.answering.answer(GUILD, 1, member(HELPER), 'Pair a practical exercise with a structured debrief.');
    await h.qa.background.tick();
    expect([dmsTo(h, EXPERTS[0]).length, dmsTo(h, HELPER).length]).toEqual([1, 0]);
    await h.qa.experts.configure(GUILD, moderator, { escalateAfterHours: 0 });
    await ask(h.qa, HIRING[1] ?? '', { userId: asker(1) });
    await h.qa.background.tick();
    h.clock.advance(30 * DAY_MS);
    await h.qa.background.tick();
    // #1 answered, #2 asked with escalation off: each expert has only #2's first DM besides.
    const all = h.poster.directMessages.map((dm) => dm.message.content ?? '');
    expect(all.filter((content) => content.includes('Still unanswered'))).toEqual([]);
    expect([dmsTo(h, EXPERTS[0]).length, dmsTo(h, HELPER).length]).toEqual([2, 1]);
  });

  it('GIVEN no expert left THEN the escalation is one post in the digest channel pinging nobody, also across a crash and restart', async () => {
    const h = qaHarness();
    await h.qa.settings.setup(GUILD, moderator, { digestChannelId: DIGEST });
    await optIn(h, [EXPERTS[0]]);
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.background.tick();
    // The digest channel fails once: the claim stays and the next tick posts it.
    h.poster.failChannel(DIGEST, 'transient', 1);
    h.clock.advance(24 * HOUR_MS);
    await h.qa.background.tick();
    expect(h.poster.inChannel(DIGEST)).toHaveLength(0);
    h.restart();
    h.clock.advance(MINUTE_MS);
    await h.qa.background.tick();
    await h.qa.background.tick();
    const posts = h.poster.inChannel(DIGEST).filter((message) => message.message.content?.includes('has no answer yet'));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.message.allowed_mentions).toEqual({ parse: [] });
    expect(posts[0]?.message.enforce_nonce).toBe(true);
    expect(dmsTo(h, EXPERTS[0])).toHaveLength(1);
  });

  it('GIVEN a DM that failed for a moment THEN the next tick resends it with the same nonce; closed DMs, and claims older than the nonce window, are not retried', async () => {
    const h = qaHarness();
    await optIn(h, [HELPER]);
    const resendAfter = async (ms: number) => {
      h.poster.clearFailures();
      h.clock.advance(ms);
      await h.qa.background.tick();
    };
    h.poster.failDirectMessages('transient');
    const first = await ask(h.qa, HIRING[0] ?? '', { userId: asker(0) });
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER)).toHaveLength(0);
    await resendAfter(MINUTE_MS);
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER).map((dm) => dm.nonce)).toEqual([deliveryNonce('expert', String(first.question.id), HELPER)]);
    // Closed DMs: given up at once.
    h.poster.failDirectMessages('forbidden');
    await ask(h.qa, HIRING[1] ?? '', { userId: asker(1) });
    await h.qa.background.tick();
    await resendAfter(MINUTE_MS);
    // A claim left past Discord's nonce window: given up rather than risk a second DM.
    h.poster.failDirectMessages('transient');
    await ask(h.qa, HIRING[2] ?? '', { userId: asker(2) });
    await h.qa.background.tick();
    await resendAfter(6 * MINUTE_MS);
    expect(dmsTo(h, HELPER)).toHaveLength(1);
  });

  it('GIVEN a moderator changes the expert settings THEN the audit line says so in words', () => {
    const line = auditLine({ id: 1, actorId: moderator.userId, action: 'setup', questionId: null, questionNumber: null, answerId: null, answerNumber: null, previousAnswerNumber: null, details: { dailyLimit: 2, escalateAfterHours: 0 }, createdAt: '2026-03-02T10:00:00.000Z' });
    expect(line).toContain('**changed the Q&A settings**: at most 2 expert DMs per member a day, no escalation');
  });

  it('GIVEN a process that does not own the server (another shard) THEN it routes nothing there, and 30 questions there do not starve its own', async () => {
    const h = qaHarness(undefined, { ownsGuild: (guildId) => guildId === OTHER_GUILD });
    await optIn(h, [HELPER]);
    for (let index = 0; index < 30; index += 1) await ask(h.qa, HIRING[index % HIRING.length] ?? '', { userId: asker(index) });
    await h.qa.experts.addTopic(OTHER_GUILD, READER, 'hiring');
    await ask(h.qa, HIRING[0] ?? '', { userId: asker(0), guildId: OTHER_GUILD });
    await h.qa.background.tick();
    expect(dmsTo(h, HELPER)).toHaveLength(0);
    expect(dmsTo(h, READER)).toHaveLength(1);
  });
});
