import { z } from 'zod';
import type { Summary } from './percentiles.js';

export const summarySchema: z.ZodType<Summary> = z.object({
  count: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
