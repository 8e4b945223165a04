import { z } from 'zod';
import type { RankedAnswer } from './baselines.js';

const evalCaseSchema = z.object({
  q: z.string().min(1),
  /** The entry that answers it best; null when no entry should answer (off-topic, not a question). */
  expect: z.string().nullable(),
  /** Entries that answer it too: the second topic of a two-topic question. Counted right as well. */
  also: z.array(z.string()).default([]),
});
type EvalCase = z.output<typeof evalCaseSchema>;

interface EvalReport {
  readonly onTopic: number;
  readonly offTopic: number;
  /** Share of on-topic questions whose confident answer is the expected entry (or an acceptable one). */
  readonly top1: number;
  /** Share of on-topic questions with the expected (or an acceptable) entry among the first three results. */
  readonly top3: number;
  /** Share of off-topic questions that got no answer. */
  readonly offTopicRejected: number;
  readonly misses: { q: string; expect: string | null; got: string | null; score: number }[];
}

export function parseEvalFile(text: string): EvalCase[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = evalCaseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`line ${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}

/** Runs each question through a subject (the bot or a baseline) and measures answer quality. */
export function evaluate(cases: readonly EvalCase[], search: (question: string) => RankedAnswer): EvalReport {
  let onTopic = 0;
  let offTopic = 0;
  let top1 = 0;
  let top3 = 0;
  let rejected = 0;
  const misses: EvalReport['misses'] = [];
  for (const { q, expect, also } of cases) {
    const result = search(q);
    const got = result.answer?.entry.id ?? null;
    const score = result.hits[0]?.score ?? 0;
    if (expect === null) {
      offTopic++;
      if (got === null) rejected++;
      else misses.push({ q, expect, got, score });
      continue;
    }
    onTopic++;
    const right = new Set([expect, ...also]);
    if (got !== null && right.has(got)) top1++;
    else misses.push({ q, expect, got, score });
    if (result.hits.slice(0, 3).some((hit) => right.has(hit.entry.id))) top3++;
  }
  const ratio = (count: number, total: number) => (total === 0 ? 1 : count / total);
  return { onTopic, offTopic, top1: ratio(top1, onTopic), top3: ratio(top3, onTopic), offTopicRejected: ratio(rejected, offTopic), misses };
}
