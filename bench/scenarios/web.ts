import { z } from 'zod';
import type { BenchOptions } from '../options.js';
import { spawnNode } from '../processes/child.js';
import { profileFlags } from '../processes/profiling.js';
import type { WebResult } from '../report/results.js';
import { summarySchema } from '../support/summary-schema.js';

const timingsSchema = z.object({ serverMs: summarySchema, clientMs: summarySchema, maxBytes: z.number(), failures: z.number() });
const outputSchema = z.object({
  web: z.object({
    status: z.literal('ok'),
    questions: z.number(),
    published: z.number(),
    entries: z.number(),
    asks: z.number(),
    votes: z.number(),
    seedMs: z.number(),
    sitemaps: z.object({ files: z.number(), addresses: z.number(), largestFile: z.number() }),
    pages: z.object({ home: timingsSchema, question: timingsSchema, entry: timingsSchema, search: timingsSchema, sitemap: timingsSchema }),
    static: timingsSchema,
  }),
});

/** Scenario 5: the community site's pages over HTTP beside a static file of the same app, in a process of its own. */
export async function runWebScenario(options: BenchOptions): Promise<WebResult> {
  const child = spawnNode({ name: 'web benchmark', script: 'bench/web/web-main.ts', args: [String(options.quick ? 200 : 2_000)], nodeFlags: profileFlags(options, 'driver', 'web') });
  const { value } = await child.waitForJson(outputSchema, undefined, 900_000);
  await child.exited;
  return value.web;
}
