import { describe, expect, it } from 'vitest';
import { createAskLogStore, type AskRecord } from '../../src/knowledge/ask-log-store.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

const A = '100000000000000001';
const B = '200000000000000002';
const member = (n: number) => `40000000000000000${n}`;
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString();

const postgres = usePostgres();

// The /ask log and votes on both databases they are written for (docs/postgres.md).
describe.each(sqlDialects(postgres))('the /ask log and votes, on %s', (_dialect, open) => {
  async function setup() {
    const store = createAskLogStore(await open());
    const ask = (question: string, minute: number, overrides: Partial<AskRecord> = {}) =>
      store.recordQuestion({ guildId: A, userId: member(1), question, entryId: null, score: null, createdAt: at(minute), ...overrides });
    return { store, ask };
  }

  it('GIVEN a logged /ask THEN it reads back as logged by its id, and an unknown id is nothing', async () => {
    const { store, ask } = await setup();
    const first = await ask('How do I hire?', 0, { entryId: 'hiring', score: 0.75 });
    const second = await ask('kaizen huddle', 1, { guildId: null, userId: member(2) });
    expect(second).toBeGreaterThan(first);
    expect(await store.question(first)).toEqual({ id: first, guildId: A, userId: member(1), question: 'How do I hire?', entryId: 'hiring', score: 0.75, createdAt: at(0) });
    expect(await store.question(second)).toMatchObject({ guildId: null, entryId: null, score: null });
    expect(await store.question(second + 1000)).toBeUndefined();
  });

  it('GIVEN asks in two servers and two periods THEN the totals, answered and most asked count only the server and period, most asked first', async () => {
    const { store, ask } = await setup();
    await ask('old', 0, { entryId: 'hiring' });
    for (const [minute, entryId] of [[10, 'hiring'], [11, 'pay'], [12, 'pay'], [13, null], [14, 'budget']] as const) await ask(`q${minute}`, minute, { entryId });
    await ask('elsewhere', 15, { guildId: B, entryId: 'pay' });
    expect(await store.askCounts(A, at(10))).toEqual({ total: 5, answered: 4 });
    expect(await store.askCounts(A, '')).toEqual({ total: 6, answered: 5 });
    expect(await store.askCounts('300000000000000003', '')).toEqual({ total: 0, answered: 0 });
    // Ties by entry id.
    expect(await store.mostAsked(A, at(10), 2)).toEqual([{ entryId: 'pay', asks: 2 }, { entryId: 'budget', asks: 1 }]);
    expect(await store.mostAsked(A, '', 5)).toEqual([{ entryId: 'hiring', asks: 2 }, { entryId: 'pay', asks: 2 }, { entryId: 'budget', asks: 1 }]);
  });

  it('GIVEN votes, one changed THEN each member counts once with their last vote, and the least helpful share comes first', async () => {
    const { store } = await setup();
    await store.recordFeedback(A, 'pay', member(1), true, at(0));
    await store.recordFeedback(A, 'pay', member(1), false, at(1));
    await store.recordFeedback(A, 'pay', member(2), true, at(2));
    await store.recordFeedback(A, 'hiring', member(1), false, at(3));
    await store.recordFeedback(A, 'hiring', member(2), false, at(4));
    await store.recordFeedback(A, 'budget', member(1), true, at(5));
    await store.recordFeedback(B, 'budget', member(1), false, at(6));
    await store.recordFeedback(null, 'budget', member(3), false, at(7));
    expect(await store.leastHelpful(A, 5)).toEqual([
      { entryId: 'hiring', helpful: 0, unhelpful: 2 },
      { entryId: 'pay', helpful: 1, unhelpful: 1 },
    ]);
    expect(await store.leastHelpful(A, 1)).toEqual([{ entryId: 'hiring', helpful: 0, unhelpful: 2 }]);
    expect(await store.leastHelpful(B, 5)).toEqual([{ entryId: 'budget', helpful: 0, unhelpful: 1 }]);
    // A direct message's vote belongs to no server.
    expect(await store.leastHelpful('', 5)).toEqual([{ entryId: 'budget', helpful: 0, unhelpful: 1 }]);
  });

  it('GIVEN unanswered asks in several wordings THEN one group per wording in its last words, most asked then latest first, within the period and server', async () => {
    const { store, ask } = await setup();
    await ask('Best pizza in Rome?', 0);
    await ask('How do I tune a ukulele', 1);
    await ask('best PIZZA in rome', 2);
    await ask('Which ferry to Capri', 3);
    await ask('How do I tune a ukulele?!', 4);
    await ask('BEST pizza  in Rome!', 5);
    await ask('answered', 6, { entryId: 'pay' });
    await ask('Best pizza in Rome', 7, { guildId: B });
    expect(await store.unansweredGroups(A, '')).toEqual([
      { question: 'BEST pizza  in Rome!', count: 3, lastAskedAt: at(5) },
      { question: 'How do I tune a ukulele?!', count: 2, lastAskedAt: at(4) },
      { question: 'Which ferry to Capri', count: 1, lastAskedAt: at(3) },
    ]);
    expect(await store.unansweredGroups(A, at(3))).toEqual([
      { question: 'BEST pizza  in Rome!', count: 1, lastAskedAt: at(5) },
      { question: 'How do I tune a ukulele?!', count: 1, lastAskedAt: at(4) },
      { question: 'Which ferry to Capri', count: 1, lastAskedAt: at(3) },
    ]);
    expect(await store.unansweredGroups('300000000000000003', '')).toEqual([]);
  });
});
