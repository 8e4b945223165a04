import { z } from 'zod';

/**
 * How big the reliability runs are: sized for CI by default (each well under a minute here), and
 * longer under `npm run bench -- --soak`, which sets RELIABILITY_SOAK=1 and a fresh FUZZ_SEED.
 */
const environment = z
  .object({
    RELIABILITY_SOAK: z.enum(['0', '1']).default('0'),
    // Fixed for CI, so every run replays the same inputs; any other seed explores new ones.
    FUZZ_SEED: z.coerce.number().int().nonnegative().default(20_251_128),
  })
  .parse(process.env);

const soak = environment.RELIABILITY_SOAK === '1';

export const RELIABILITY = {
  soak,
  fuzz: { seed: environment.FUZZ_SEED, interactions: soak ? 20_000 : 1_500, concurrency: 4 },
  // One Q&A channel takes 5 posts and 5 edits per 5 s on Discord: a sustained rate above ~4 member
  // actions a second queues without end there, whatever the bot does, so the soak runs longer, not faster.
  load: { rate: soak ? 4 : 10, durationMs: soak ? 300_000 : 10_000, members: soak ? 200 : 40 },
  crash: { rate: 8, durationMs: soak ? 60_000 : 15_000, members: 30, servers: soak ? 2_000 : 300, announcements: soak ? 100 : 20, globalPerSecond: soak ? 50 : 30 },
  /** Per test: generous, since a shared CI machine may run at half speed. */
  timeoutMs: soak ? 3_600_000 : 180_000,
} as const;
