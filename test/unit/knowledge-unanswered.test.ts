import { describe, expect, it } from 'vitest';
import { DAY_MS, ManualClock, MINUTE_MS } from '../../src/core/clock.js';
import { sqlDialects } from '../support/dialects.js';
import { createTestKnowledge, OFF_TOPIC_QUESTIONS } from '../support/knowledge.js';
import { usePostgres } from '../support/postgres.js';

const GUILD = '410000000000000001';
const OTHER = '410000000000000002';

const OFF_TOPIC = ['What is the best pizza in Rome?', ...OFF_TOPIC_QUESTIONS];

const postgres = usePostgres();

// The /ask log on both databases it is written for; the wordings are grouped in JavaScript on each.
describe.each(sqlDialects(postgres))('/ask questions the knowledge base could not answer, on %s', (_dialect, open) => {
  const createKnowledge = async () => createTestKnowledge(new ManualClock('2026-03-01T12:00:00Z'), await open());

  it('GIVEN the same question asked in different case and punctuation THEN it is one line with its count, most asked first, shown as last asked', async () => {
    const { knowledge, clock } = await createKnowledge();
    for (const question of OFF_TOPIC) {
      await knowledge.ask(question, { guildId: GUILD, userId: '1' });
      clock.advance(MINUTE_MS);
    }
    for (const wording of ['what is the best pizza in rome', 'What is the best pizza in Rome??', 'WHAT is the best  pizza in Rome!']) {
      await knowledge.ask(wording, { guildId: GUILD, userId: '2' });
      clock.advance(MINUTE_MS);
    }
    await knowledge.ask('How do I tune a ukulele by ear', { guildId: GUILD, userId: '3' });
    await knowledge.ask('What is the best pizza in Rome?', { guildId: OTHER, userId: '4' });

    const first = (await knowledge.stats(GUILD, 'all')).unanswered;
    expect(first).toMatchObject({ page: 1, pages: 2, total: 10 });
    expect(first.groups.slice(0, 2).map(({ question, count }) => ({ question, count }))).toEqual([
      { question: 'WHAT is the best  pizza in Rome!', count: 4 },
      { question: 'How do I tune a ukulele by ear', count: 2 },
    ]);
    expect(first.groups.slice(2).every((group) => group.count === 1)).toBe(true);

    const second = (await knowledge.stats(GUILD, 'all', { unansweredPage: 2 })).unanswered;
    const all = [...first.groups, ...second.groups].map((group) => group.question.toLowerCase().replace(/[^a-z ]/g, '').replace(/ +/g, ' '));
    expect(new Set(all).size).toBe(10);
    expect(all).toHaveLength(10);
    // Past the last page: the last page, never an empty one.
    expect((await knowledge.stats(GUILD, 'all', { unansweredPage: 99 })).unanswered).toMatchObject({ page: 2, groups: second.groups });
    expect((await knowledge.stats(OTHER, 'all')).unanswered.groups).toMatchObject([{ count: 1 }]);
  });

  it('GIVEN a period THEN only its questions count', async () => {
    const { knowledge, clock } = await createKnowledge();
    await knowledge.ask('What is the best pizza in Rome?', { guildId: GUILD, userId: '1' });
    clock.advance(10 * DAY_MS);
    await knowledge.ask('What is the best pizza in Rome?', { guildId: GUILD, userId: '1' });
    expect((await knowledge.stats(GUILD, 'week')).unanswered.groups).toMatchObject([{ count: 1 }]);
    expect((await knowledge.stats(GUILD, 'all')).unanswered.groups).toMatchObject([{ count: 2 }]);
    expect((await knowledge.stats('410000000000000009', 'all')).unanswered).toEqual({ groups: [], page: 1, pages: 1, total: 0 });
  });
});
