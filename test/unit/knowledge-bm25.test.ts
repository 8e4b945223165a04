import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Bm25Index, type Bm25Hit } from '../../src/knowledge/bm25.js';
import { parseEvalFile } from '../../src/knowledge/evaluation.js';
import { createKnowledgeStore, FTS_COLUMN_WEIGHTS, type KnowledgeStore } from '../../src/knowledge/entry-store.js';
import { contentWords, ftsTerm } from '../../src/knowledge/text.js';
import { createTestKnowledge, quokkaEntry } from '../support/knowledge.js';

const QUESTIONS = ['../fixtures/kb-dev.jsonl', '../fixtures/kb-member-questions.jsonl'].flatMap((file) =>
  parseEvalFile(readFileSync(new URL(file, import.meta.url), 'utf8')).map((item) => item.q),
);
const OUR_SERVER = '111111111111111111';
const OTHER_SERVER = '222222222222222222';

/** The shipped entries, plus one server's own entry (with accents and words the others use). */
async function knowledgeWithServerEntry(): Promise<KnowledgeStore> {
  const { db, knowledge } = createTestKnowledge();
  await knowledge.addGuildEntry({
    id: 'hiring-in-our-city',
    guildId: OUR_SERVER,
    title: 'Hiring senior engineers in our city: what worked for members',
    aliases: ['local hiring', 'recrutement à Montréal', 'café meetups for hiring'],
    tags: ['hiring'],
    related: [],
    summary: 'What members of this server learned hiring senior engineers locally.',
    body: 'Post in the local meetup groups first; the café meetups brought the best senior engineers and the budget stayed small.',
  });
  return createKnowledgeStore(db);
}

/** Rows and scores agree; rows tied on the last score may be cut differently by the two limits. */
function expectSameRanking(ours: readonly Bm25Hit[], fts5: readonly Bm25Hit[]): void {
  expect(ours.length).toBe(fts5.length);
  ours.forEach((hit, index) => expect(hit.bm25).toBeCloseTo(fts5[index]?.bm25 ?? Number.NaN, 9));
  const last = fts5.at(-1)?.bm25;
  const rows = new Set(fts5.map((hit) => hit.rowid));
  for (const hit of ours) if (Math.abs(hit.bm25 - (last ?? 0)) > 1e-9) expect(rows.has(hit.rowid)).toBe(true);
}

describe("bm25 from FTS5's index held in memory", () => {
  it(`GIVEN ${QUESTIONS.length} member questions, every word OR'ed, in three places THEN the same rows and scores as FTS5's bm25()`, async () => {
    const store = await knowledgeWithServerEntry();
    const { rows, instances } = store.ftsIndex();
    const index = new Bm25Index(rows, instances, FTS_COLUMN_WEIGHTS);
    const owners = new Map(store.allEntries().map((stored) => [stored.rowid, stored.entry.guildId]));
    let compared = 0;
    for (const question of [...QUESTIONS, 'recrutement à Montréal, café meetups?']) {
      const words = [...new Set(contentWords(question))];
      if (words.length === 0) continue;
      for (const guildId of [null, OUR_SERVER, OTHER_SERVER]) {
        const visible = (rowid: number) => owners.get(rowid) === undefined || owners.get(rowid) === guildId;
        expectSameRanking(index.search(words.map(ftsTerm), visible, 20), store.search(words, guildId, 20));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(QUESTIONS.length * 2);
  });

  it("GIVEN a server's own entry added while the bot runs THEN the next search finds it, for that server only", async () => {
    const { knowledge } = createTestKnowledge();
    // The index was read into memory at start: an entry added since must still be found.
    expect(knowledge.search('quokka onboarding ritual', OUR_SERVER).answer?.entry.id).not.toBe('quokka-onboarding');
    await knowledge.addGuildEntry(quokkaEntry(OUR_SERVER));
    expect(knowledge.search('quokka onboarding ritual', OUR_SERVER).answer?.entry.id).toBe('quokka-onboarding');
    expect(knowledge.search('quokka onboarding ritual', OTHER_SERVER).hits.map((hit) => hit.entry.id)).not.toContain('quokka-onboarding');
  });
});
