import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetaStoreNow, openDatabase } from '../../src/db/index.js';
import { loadKnowledgeContent } from '../../src/knowledge/content.js';
import { evaluate, parseEvalFile } from '../../src/knowledge/evaluation.js';
import { indexedText, syncShippedEntries } from '../../src/knowledge/indexer.js';
import { createKnowledgeStore } from '../../src/knowledge/entry-store.js';
import { stem } from '../../src/knowledge/stemmer.js';
import { contentWords, normalizeText } from '../../src/knowledge/text.js';
import { createTestKnowledge } from '../support/knowledge.js';

// A copy of ../shared/eval/kb-dev.jsonl, so a clean clone can run the tests on its own.
const DEV_SET = new URL('../fixtures/kb-dev.jsonl', import.meta.url);
const MEMBER_SET = new URL('../fixtures/kb-member-questions.jsonl', import.meta.url);

describe('text normalisation', () => {
  it('GIVEN role names and abbreviations THEN rewrites them to the words entries use', () => {
    expect(normalizeText('Chief Information Officer vs VP Eng')).toBe('cio vs vpengineering');
    expect(contentWords('How do I run good 1:1s?')).toEqual(['run', 'oneonone']);
    expect(contentWords('we have loads of tech debt')).toEqual(['loads', 'technical', 'debt']);
  });

  it('GIVEN a question made only of stop words THEN nothing is left to search', () => {
    expect(contentWords('what is it that you do?')).toEqual([]);
  });

  it('GIVEN every word of the knowledge base THEN the JS stemmer agrees with SQLite FTS5 porter', () => {
    const db = openDatabase(':memory:');
    db.exec("CREATE VIRTUAL TABLE words USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE vocab USING fts5vocab(words, 'row');");
    const insert = db.prepare('INSERT INTO words (text) VALUES (?)');
    const words = new Set<string>();
    for (const entry of loadKnowledgeContent().entries) {
      for (const text of Object.values(indexedText(entry))) for (const word of text.match(/[a-z]+/g) ?? []) words.add(word);
    }
    for (const word of words) insert.run(word);
    const sqliteStems = new Set(db.prepare<[], { term: string }>('SELECT term FROM vocab').all().map((row) => row.term));
    const disagreements = [...words].filter((word) => !sqliteStems.has(stem(word)));
    expect(disagreements).toEqual([]);
  });
});

describe('knowledge search', () => {
  it('GIVEN the development set THEN answers ≥ 95% with the right entry first and rejects every off-topic question', () => {
    const { knowledge } = createTestKnowledge();
    const report = evaluate(parseEvalFile(readFileSync(DEV_SET, 'utf8')), (question) => knowledge.search(question, null));
    expect(report.top1).toBeGreaterThanOrEqual(0.95);
    expect(report.offTopicRejected).toBe(1);
  });

  it('GIVEN member phrasings written without seeing the entries THEN ≥ 90% right first and ≥ 90% off-topic rejected', () => {
    const { knowledge } = createTestKnowledge();
    const report = evaluate(parseEvalFile(readFileSync(MEMBER_SET, 'utf8')), (question) => knowledge.search(question, null));
    expect(report.onTopic).toBeGreaterThanOrEqual(150);
    expect(report.top1).toBeGreaterThanOrEqual(0.9);
    expect(report.offTopicRejected).toBeGreaterThanOrEqual(0.9);
  });

  it('GIVEN paraphrases with synonyms THEN finds the entry', () => {
    const { knowledge } = createTestKnowledge();
    expect(knowledge.search('chief information officer or chief technology officer, who does what?', null).answer?.entry.id).toBe('cto-vs-cio');
    expect(knowledge.search('should I still be coding?', null).answer?.entry.id).toBe('delegating-code');
    expect(knowledge.search('how do I win over a team I inherited?', null).answer?.entry.id).toBe('trust-with-inherited-team');
  });

  it('GIVEN an off-topic or empty question THEN there is no answer, but scores stay ranked', () => {
    const { knowledge } = createTestKnowledge();
    expect(knowledge.search('How do I bake sourdough bread?', null).answer).toBeNull();
    expect(knowledge.search('???', null)).toMatchObject({ hits: [], answer: null, notAQuestion: true });
    const result = knowledge.search('hiring engineers', null, 5);
    const scores = result.hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.answer?.score).toBeGreaterThan(0);
  });

  it('GIVEN SQL or FTS syntax in a question THEN it is searched as plain words', () => {
    const { knowledge } = createTestKnowledge();
    expect(() => knowledge.search('"hiring" OR NEAR( tech* ) ; DROP TABLE kb_entries; --', null)).not.toThrow();
    expect(knowledge.search('hiring" AND "debt', null).hits.length).toBeGreaterThan(0);
  });
});

describe('knowledge index', () => {
  it('GIVEN unchanged content THEN a restart does not rebuild the index; changed content does, in place', () => {
    const { db } = createTestKnowledge();
    const store = createKnowledgeStore(db);
    const meta = createMetaStoreNow(db);
    const content = loadKnowledgeContent();
    expect(syncShippedEntries(store, meta, content, '2026-03-01T12:00:00Z')).toBe('unchanged');
    const [first, ...others] = content.entries;
    const edited = { entries: [{ ...first!, title: 'A retitled entry about the CTO role' }, ...others], hash: `${content.hash}-edited` };
    expect(syncShippedEntries(store, meta, edited, '2026-03-01T12:00:00Z')).toBe('rebuilt');
    expect(store.allEntries()).toHaveLength(content.entries.length);
    expect(store.allEntries().map((stored) => stored.entry.title)).toContain('A retitled entry about the CTO role');
    expect(store.search(['retitled'], null, 5)).toHaveLength(1);
  });
});

describe('autocomplete', () => {
  it('GIVEN the start of a word THEN the entry whose title starts that way comes first, at most 25', () => {
    const { knowledge } = createTestKnowledge();
    const choices = knowledge.suggest('hir', null);
    expect(choices[0]).toEqual({ name: 'How do I hire great engineers?', value: 'hiring-engineers' });
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it('GIVEN the starts of several words THEN titles holding them in a row rank first', () => {
    const { knowledge } = createTestKnowledge();
    expect(knowledge.suggest('tech d', null)[0]?.value).toBe('technical-debt');
    expect(knowledge.suggest('arch dec', null).map((choice) => choice.value)).toContain('architecture-decisions');
  });

  it('GIVEN nothing typed THEN the first 25 topics alphabetically', () => {
    const { knowledge } = createTestKnowledge();
    const choices = knowledge.suggest('', null);
    expect(choices).toHaveLength(25);
    expect(choices.map((choice) => choice.name)).toEqual([...choices.map((choice) => choice.name)].sort((a, b) => a.localeCompare(b)));
  });

  it("GIVEN a server's own entry THEN only that server's autocomplete offers it", async () => {
    const { knowledge } = createTestKnowledge();
    await knowledge.addGuildEntry({
      id: 'hiring-in-our-city',
      guildId: '111111111111111111',
      title: 'Hiring in our city: what worked for members',
      aliases: ['local hiring'],
      tags: ['hiring'],
      related: [],
      summary: 'What members of this server learned hiring locally.',
      body: 'Post in the local meetup groups first.',
    });
    expect(knowledge.suggest('hiring in', '111111111111111111').map((choice) => choice.value)).toContain('hiring-in-our-city');
    expect(knowledge.suggest('hiring in', '222222222222222222').map((choice) => choice.value)).not.toContain('hiring-in-our-city');
  });
});
