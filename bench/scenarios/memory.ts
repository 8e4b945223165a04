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

export const CHANNELS_PER_SERVER = 5;
/** Counting @everyone and the bot's own role. */
export const ROLES_PER_SERVER = 20;
/** RSS is read this long after ready (it stays flat from there: V8 keeps the pages login grew into). */
const SETTLE_MS = 500;

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

/** One server count: the bot, then the bare baseline, each logging in to the same emulator. */
async function measurePoint(options: BenchOptions, servers: number): Promise<MemoryPoint> {
  const emulator = await startEmulator({
    flags: oneShardHoldsAll(servers),
    world: { kind: 'servers', count: servers, channels: CHANNELS_PER_SERVER, roles: ROLES_PER_SERVER },
    worldSchema: serversWorldSchema,
    nodeFlags: profileFlags(options, 'emulator', `memory-${servers}`),
  });
  try {
    const bot = await startupRun('bot', options, emulator.info, servers);
    // Both identify as shard 0: the second within 5 s would be refused (op 9) and its ready time include the retry.
    await sleep(IDENTIFY_WINDOW_MS);
    const baseline = await startupRun('baseline', options, emulator.info, servers);
    return { servers, bot, baseline };
  } finally {
    await emulator.child.stop();
  }
}

/**
 * Scenario 4: RSS and time to ready in 1,000 and 10,000 servers (quick runs: 10,000, where the
 * target is), the bot beside bare discord.js.
 */
export async function runMemoryScenario(options: BenchOptions): Promise<MemoryResult> {
  const points: MemoryPoint[] = [];
  for (const servers of options.quick ? [10_000] : [1_000, 10_000]) points.push(await measurePoint(options, servers));
  return { status: 'ok', channelsPerServer: CHANNELS_PER_SERVER, rolesPerServer: ROLES_PER_SERVER, points };
}
