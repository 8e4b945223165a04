import type { BenchOptions } from '../options.js';
import { IDENTIFY_WINDOW_MS } from '../../src/local-discord/gateway/identify-limits.js';
import { oneShardHoldsAll, startEmulator } from '../processes/emulator.js';
import { heapMetrics } from '../processes/heap-metrics.js';
import { processMemory } from '../processes/memory.js';
import { profileFlags } from '../processes/profiling.js';
import { startSubject, type SubjectName } from '../processes/subjects.js';
import { serversWorldSchema } from '../processes/world-spec.js';
import type { MemoryPoint, MemoryResult, StartupRun } from '../report/results.js';
import { scratchDir } from '../support/scratch.js';
import { BOT_NODE_FLAGS } from '../../src/ops/build.js';

export const CHANNELS_PER_SERVER = 5;
/** Counting @everyone and the bot's own role. */
export const ROLES_PER_SERVER = 20;
/** RSS is read this long after ready (it stays flat from there: V8 keeps the pages login grew into). */
const SETTLE_MS = 500;
/** Logins per process and server count: on a shared machine one login's RSS moves by ±10 MB. */
const RUNS = { quick: 2, full: 3 } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startupRun(name: SubjectName, options: BenchOptions, emulator: Parameters<typeof startSubject>[1]['emulator'], servers: number): Promise<StartupRun> {
  const scratch = scratchDir();
  const subject = await startSubject(name, {
    emulator,
    globalLimit: 50,
    databasePath: scratch.databasePath,
    readyTimeoutMs: 120_000 + servers * 20,
    nodeFlags: profileFlags(options, name, `memory-${servers}`),
  });
  try {
    await sleep(SETTLE_MS);
    const memory = processMemory(subject.child.pid);
    const heap = subject.healthPort === null ? null : await heapMetrics(subject.healthPort);
    return { readyMs: subject.readyMs, ...memory, heap, milestones: subject.milestones };
  } finally {
    await subject.child.stop();
    scratch.cleanup();
  }
}

/** The run of median RSS stands for all of them; the RSS of each is kept beside it. */
function medianRun(runs: readonly StartupRun[]): StartupRun {
  const sorted = [...runs].sort((a, b) => a.rssMb - b.rssMb);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('no start-up run to report');
  return median;
}

/** One server count: the bot, then the bare baseline, each logging in to the same emulator, in turns. */
async function measurePoint(options: BenchOptions, servers: number): Promise<MemoryPoint> {
  const emulator = await startEmulator({
    flags: oneShardHoldsAll(servers),
    world: { kind: 'servers', count: servers, channels: CHANNELS_PER_SERVER, roles: ROLES_PER_SERVER },
    worldSchema: serversWorldSchema,
    nodeFlags: profileFlags(options, 'emulator', `memory-${servers}`),
  });
  try {
    const bots: StartupRun[] = [];
    const baselines: StartupRun[] = [];
    for (let run = 0; run < (options.quick ? RUNS.quick : RUNS.full); run += 1) {
      // Each identifies as shard 0: one within 5 s of the last would be refused (op 9) and its ready time include the retry.
      if (run > 0) await sleep(IDENTIFY_WINDOW_MS);
      bots.push(await startupRun('bot', options, emulator.info, servers));
      await sleep(IDENTIFY_WINDOW_MS);
      baselines.push(await startupRun('baseline', options, emulator.info, servers));
    }
    return { servers, bot: medianRun(bots), baseline: medianRun(baselines), botRssMb: bots.map((run) => run.rssMb), baselineRssMb: baselines.map((run) => run.rssMb) };
  } finally {
    await emulator.child.stop();
  }
}

/**
 * Scenario 4: RSS and time to ready in 1,000 and 10,000 servers (quick runs: 10,000, where the
 * target is), the bot beside bare discord.js, each logging in 3 times (quick runs: 2).
 */
export async function runMemoryScenario(options: BenchOptions): Promise<MemoryResult> {
  const points: MemoryPoint[] = [];
  for (const servers of options.quick ? [10_000] : [1_000, 10_000]) points.push(await measurePoint(options, servers));
  return { status: 'ok', channelsPerServer: CHANNELS_PER_SERVER, rolesPerServer: ROLES_PER_SERVER, botNodeFlags: [...BOT_NODE_FLAGS, ...options.botNodeFlags], points };
}
