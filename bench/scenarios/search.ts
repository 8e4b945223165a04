import { z } from 'zod';
import type { BenchOptions } from '../options.js';
import { spawnNode } from '../processes/child.js';
import { profileFlags } from '../processes/profiling.js';
import type { SearchResult } from '../report/results.js';
import { summarySchema } from '../support/summary-schema.js';

const timedSchema = z.object({ us: summarySchema, queries: z.number() });
const corpusSchema = z.union([
  z.object({ status: z.literal('ok'), corpus: z.number(), search: timedSchema, baseline: timedSchema }),
  z.object({ status: z.enum(['skipped', 'failed']), reason: z.string() }),
]);
const outputSchema = z.object({ search: z.object({ status: z.literal('ok'), knowledge: corpusSchema, questions: corpusSchema }) });

/** Scenario 3: knowledge-base and community-question search, µs per query, in a process of its own. */
export async function runSearchScenario(options: BenchOptions): Promise<SearchResult> {
  const child = spawnNode({ name: 'search benchmark', script: 'bench/search/search-main.ts', args: [String(options.quick ? 300 : 5_000)], nodeFlags: profileFlags(options, 'driver', 'search') });
  const { value } = await child.waitForJson(outputSchema, undefined, 600_000);
  await child.exited;
  return value.search;
}
