import { describe, expect, it } from 'vitest';
import { ManualClock, MINUTE_MS } from '../../src/core/clock.js';
import { isUserError } from '../../src/core/errors.js';
import { createKbReview, type ReviewKnowledge } from '../../src/knowledge/review.js';
import { createReviewStore } from '../../src/knowledge/review-store.js';
import type { SearchHit, SearchResult } from '../../src/knowledge/search.js';
import { groupByWording, wordingKey } from '../../src/knowledge/wording.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';
import { createTestKnowledge } from '../support/knowledge.js';

const A = '100000000000000001';
const B = '200000000000000002';
const MOD = '300000000000000003';
const member = (n: number) => `40000000000000000${n}`;
/** Server jargon no shipped entry uses: /ask has no answer for it. */
const JARGON = 'how do we run our kaizen huddle';

async function expectUserError(run: () => unknown, identifier: string): Promise<void> {
  try {
    await run();
  } catch (error) {
    expect(isUserError(error) && error.identifier).toBe(identifier);
    return;
  }
  throw new Error(`expected the UserError ${identifier}`);
}

describe('wording keys and groups', () => {
  it('GIVEN the same words in another case, with accents, punctuation and spacing THEN the same key', () => {
    expect(wordingKey('  How do we run our Kaizen  huddle?! ')).toBe('how do we run our kaizen huddle');
    expect(wordingKey("What's a CTO's café?")).toBe('whats a ctos cafe');
    expect(wordingKey('???')).toBe('');
  });

  it('GIVEN similar questions and an unrelated one THEN the similar ones form one group, the other its own', () => {
    const items = [
      { id: 1, question: 'how do we run our kaizen huddle' },
      { id: 2, question: 'What is the best movie of all time?' },
      { id: 3, question: 'running the kaizen huddle' },
      { id: 4, question: 'HOW DO WE RUN OUR KAIZEN HUDDLE??' },
    ];
    expect(groupByWording(items).map((group) => group.map((item) => item.id))).toEqual([[1, 3, 4], [2]]);
  });
});

const postgres = usePostgres();

// The review store's queries on both databases it speaks (docs/postgres.md); the search index stays SQLite.
describe.each(sqlDialects(postgres))('the review service with an injected clock, on %s', (_dialect, open) => {
  async function setup() {
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const database = await open();
    const { knowledge } = createTestKnowledge(clock, database);
    return { database, clock, knowledge, review: knowledge.review };
  }

  it('GIVEN a miss in one server THEN it waits for review there, at the clock time, and never in another server or for DMs', async () => {
    const { knowledge, review, clock } = await setup();
    const outcome = await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    expect(outcome.answer).toBeNull();
    await knowledge.ask(JARGON, { guildId: null, userId: member(1) });
    const [group, ...others] = await review.groups(A);
    expect(others).toEqual([]);
    expect(group).toMatchObject({ counts: { miss: 1, 'near-miss': 0, unhelpful: 0, total: 1 }, members: 1, lastAt: clock.now().toISOString() });
    expect(group?.wordings.map((wording) => wording.text)).toEqual([JARGON]);
    expect(await review.groups(B)).toEqual([]);
    await expectUserError(() => review.group(B, group?.id ?? 0), 'kb.review-gone');
  });

  it('GIVEN a near miss THEN a near-miss signal naming its topic; a miss names the closest; an answer or words that are no question, nothing', async () => {
    const store = createReviewStore(await open());
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const entry = (id: string) => ({ id, title: id, aliases: [], tags: [], related: [], summary: '', body: '' });
    const knowledge: ReviewKnowledge = { entry: (id) => entry(id), search: () => ({ hits: [], answer: null }), addGuildEntry: (added) => Promise.resolve(added), refresh: () => Promise.resolve() };
    const review = createKbReview({ store, clock, knowledge });
    const hit = (id: string, score: number) => ({ entry: entry(id), score }) as unknown as SearchHit;
    const note = (questionId: number, result: SearchResult) => review.noteAsk({ guildId: A, userId: member(1), questionId, question: `question ${questionId}`, result });
    await note(1, { hits: [hit('board-and-investors', 0.29), hit('first-90-days', 0.2)], answer: null, nearMiss: hit('board-and-investors', 0.29) });
    await note(2, { hits: [hit('first-90-days', 0.1)], answer: null, nearMiss: null });
    await note(3, { hits: [hit('on-call', 0.8)], answer: hit('on-call', 0.8) });
    await note(4, { hits: [], answer: null, notAQuestion: true });
    expect((await store.openSignals(A, 10)).map((signal) => [signal.questionId, signal.kind, signal.entryId, signal.score])).toEqual([
      [2, 'miss', 'first-90-days', 0.1],
      [1, 'near-miss', 'board-and-investors', 0.29],
    ]);
  });

  it('GIVEN "test" asked in a server THEN it is not a signal for review', async () => {
    const { knowledge, review } = await setup();
    expect((await knowledge.ask('test', { guildId: A, userId: member(1) })).notAQuestion).toBe(true);
    expect(await review.groups(A)).toEqual([]);
  });

  it('GIVEN "Not helpful" on an answer THEN one signal per member however often they click; "Helpful" afterwards takes it back', async () => {
    const { knowledge, review } = await setup();
    const asked = await knowledge.ask('should I still be writing code as CTO?', { guildId: A, userId: member(1) });
    const entryId = asked.answer?.entry.id ?? '';
    expect(entryId).not.toBe('');
    await knowledge.recordFeedback(entryId, { guildId: A, userId: member(2) }, false, asked.questionId);
    await knowledge.recordFeedback(entryId, { guildId: A, userId: member(2) }, false, asked.questionId);
    await knowledge.recordFeedback(entryId, { guildId: A, userId: member(3) }, false, asked.questionId);
    expect((await review.groups(A))[0]).toMatchObject({ counts: { unhelpful: 2, total: 2 }, unhelpfulIds: [entryId], members: 2 });
    await knowledge.recordFeedback(entryId, { guildId: A, userId: member(3) }, true, asked.questionId);
    expect((await review.groups(A))[0]?.counts.unhelpful).toBe(1);
  });

  it("GIVEN a vote naming another server's question THEN it is refused and nothing is recorded", async () => {
    const { knowledge, review } = await setup();
    const asked = await knowledge.ask('should I still be writing code as CTO?', { guildId: B, userId: member(1) });
    await expectUserError(() => knowledge.recordFeedback(asked.answer?.entry.id ?? '', { guildId: A, userId: member(2) }, false, asked.questionId), 'kb.unknown-question');
    expect(await review.groups(A)).toEqual([]);
    expect(await review.groups(B)).toEqual([]);
  });

  it('GIVEN a miss WHEN a moderator adds it as an alias THEN the same wording answers with that entry in that server only, and the group is resolved', async () => {
    const { knowledge, review, clock } = await setup();
    await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    await knowledge.ask('How do we run our Kaizen huddle?', { guildId: A, userId: member(2) });
    await knowledge.ask(JARGON, { guildId: B, userId: member(1) });
    const group = (await review.groups(A))[0];
    expect(group?.counts.total).toBe(2);
    clock.advance(5 * MINUTE_MS);
    const added = await review.addAlias(A, group?.id ?? 0, 'one-on-ones-and-feedback', MOD);
    expect(added.entry.id).toBe('one-on-ones-and-feedback');
    expect(added.wordings).toHaveLength(1);

    const again = await knowledge.ask('how do we run our kaizen huddle!!', { guildId: A, userId: member(3) });
    expect(again.answer?.entry.id).toBe('one-on-ones-and-feedback');
    expect(again.answer?.signals.phrase).toBe('How do we run our Kaizen huddle?');
    expect((await knowledge.ask(JARGON, { guildId: B, userId: member(3) })).answer).toBeNull();
    expect(await review.groups(A)).toEqual([]);
    expect((await review.groups(B))[0]?.counts.miss).toBe(2);
    expect(await review.aliases(A)).toMatchObject([{ wording: 'how do we run our kaizen huddle', entryId: 'one-on-ones-and-feedback', addedBy: MOD, createdAt: clock.now().toISOString() }]);
    await expectUserError(() => review.addAlias(A, group?.id ?? 0, 'one-on-ones-and-feedback', MOD), 'kb.review-gone');
  });

  it("GIVEN another server's group or entry THEN adding an alias is refused", async () => {
    const { knowledge, review } = await setup();
    await knowledge.ask(JARGON, { guildId: B, userId: member(1) });
    const foreign = (await review.groups(B))[0]?.id ?? 0;
    await expectUserError(() => review.addAlias(A, foreign, 'one-on-ones-and-feedback', MOD), 'kb.review-gone');
    await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    const own = (await review.groups(A))[0]?.id ?? 0;
    await expectUserError(() => review.addAlias(A, own, 'no-such-entry', MOD), 'kb.unknown-entry');
    const drafted = await review.draftEntry(B, foreign, { title: 'How do we run a kaizen huddle?', body: 'Fifteen minutes, standing.' }, MOD);
    await expectUserError(() => review.addAlias(A, own, drafted.id, MOD), 'kb.unknown-entry');
    expect(await review.groups(A)).toHaveLength(1);
  });

  it('GIVEN a drafted entry THEN it is a server-local entry the same wording answers with', async () => {
    const { knowledge, review } = await setup();
    await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    const group = (await review.groups(A))[0];
    const entry = await review.draftEntry(A, group?.id ?? 0, { title: 'How do we run our kaizen huddle?', body: 'Every Wednesday, fifteen minutes: one thing that slowed us down, one fix.' }, MOD);
    expect(entry).toMatchObject({ guildId: A, authorId: MOD, tags: ['server'], aliases: [JARGON] });
    expect((await knowledge.ask(JARGON, { guildId: A, userId: member(2) })).answer?.entry.id).toBe(entry.id);
    expect(knowledge.entry(entry.id, B)).toBeUndefined();
    expect(await review.groups(A)).toEqual([]);
  });

  it('GIVEN a dismissed group THEN it leaves the list; the same wording asked later starts a new group', async () => {
    const { knowledge, review, clock } = await setup();
    await knowledge.ask(JARGON, { guildId: A, userId: member(1) });
    const dismissed = await review.dismiss(A, (await review.groups(A))[0]?.id ?? 0);
    expect(await review.groups(A)).toEqual([]);
    clock.advance(60 * MINUTE_MS);
    await knowledge.ask(JARGON, { guildId: A, userId: member(2) });
    const [group] = await review.groups(A);
    expect(group?.id).not.toBe(dismissed.id);
    expect(group).toMatchObject({ counts: { total: 1 }, firstAt: clock.now().toISOString() });
  });

  it('GIVEN groups of different sizes THEN the largest comes first', async () => {
    const { knowledge, review } = await setup();
    await knowledge.ask('what is the best movie of all time', { guildId: A, userId: member(1) });
    for (const n of [1, 2, 3]) await knowledge.ask(JARGON, { guildId: A, userId: member(n) });
    expect((await review.groups(A)).map((group) => [group.wordings[0]?.text, group.counts.total])).toEqual([
      [JARGON, 3],
      ['what is the best movie of all time', 1],
    ]);
  });

  it('GIVEN an answer voted "Not helpful" THEN the topics offered as its alias leave that answer out', async () => {
    const { knowledge, review } = await setup();
    const asked = await knowledge.ask('should I still be writing code as CTO?', { guildId: A, userId: member(1) });
    const voted = asked.answer?.entry.id ?? '';
    expect(knowledge.search('should I still be writing code as CTO?', A, 5).hits.map((hit) => hit.entry.id)).toContain(voted);
    await knowledge.recordFeedback(voted, { guildId: A, userId: member(1) }, false, asked.questionId);
    const group = (await review.groups(A))[0];
    if (!group) throw new Error('no group');
    const topics = review.closestTopics(A, group).map((topic) => topic.id);
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.length).toBeLessThanOrEqual(5);
    expect(topics).not.toContain(voted);
  });
});
