import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bm25OnlyAnswerer, fuseAnswerer } from '../../src/knowledge/baselines.js';
import { runKnowledgeCli } from '../../src/knowledge/cli.js';
import { evaluate, parseEvalFile } from '../../src/knowledge/evaluation.js';
import { createKnowledgeStore } from '../../src/knowledge/entry-store.js';
import { createTestKnowledge } from '../support/knowledge.js';

describe('answer-quality evaluation', () => {
  it('GIVEN a two-topic question labelled with an acceptable second entry THEN either entry first counts as right', () => {
    const cases = parseEvalFile('{"q":"a","expect":"x","also":["y"]}\n{"q":"b","expect":"x"}\n{"q":"c","expect":null}\n');
    const entry = (id: string) => ({ id, title: id, aliases: [], tags: [], related: [], summary: '', body: '' });
    const answers: Record<string, string | null> = { a: 'y', b: 'y', c: null };
    const report = evaluate(cases, (q) => {
      const id = answers[q] ?? null;
      const hit = id ? { entry: entry(id), score: 1 } : null;
      return { hits: hit ? [hit] : [], answer: hit };
    });
    expect(report).toMatchObject({ onTopic: 2, offTopic: 1, top1: 0.5, top3: 0.5, offTopicRejected: 1 });
    expect(report.misses.map((miss) => miss.q)).toEqual(['b']);
  });

  it('GIVEN the BM25-only and fuse.js baselines THEN both find an entry by its title and reject an off-topic message', () => {
    const { db, knowledge } = createTestKnowledge();
    for (const answer of [bm25OnlyAnswerer(createKnowledgeStore(db)), fuseAnswerer(knowledge.list(null))]) {
      expect(answer('How should I manage technical debt?').answer?.entry.id).toBe('technical-debt');
      expect(answer('what is the capital of australia').answer).toBeNull();
    }
  });

  it('GIVEN npm run kb -- eval with sets THEN each is reported for the bot, BM25-only and fuse.js in one run', async () => {
    // Small sets: fuse.js takes about a second per long message, the whole sets a minute.
    const dir = mkdtempSync(join(tmpdir(), 'kb-eval-'));
    try {
      writeFileSync(join(dir, 'one.jsonl'), '{"q":"how do I handle tech debt","expect":"technical-debt"}\n{"q":"what is the capital of australia","expect":null}\n');
      writeFileSync(join(dir, 'two.jsonl'), '{"q":"when do we need a CISO","expect":"security-leadership"}\n');
      let text = '';
      const out = { write: (chunk: string) => ((text += chunk), true) };
      expect(await runKnowledgeCli(['eval', join(dir, 'one.jsonl'), join(dir, 'two.jsonl')], out)).toBe(0);
      expect(text).toMatch(/^one +1 \+ 1 off +bot +100\.0% +100\.0% +100\.0%$/m);
      expect(text).toMatch(/^two +1 \+ 0 off +bot /m);
      expect(text.match(/bm25-only/g)).toHaveLength(2);
      expect(text.match(/fuse\.js/g)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
