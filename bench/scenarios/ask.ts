import { loadCommandRegistry } from '../../src/discord/registry.js';
import { loadResultSchema, type LoadPlan } from '../load/plan.js';
import type { BenchOptions } from '../options.js';
import { spawnNode } from '../processes/child.js';
import { profileFlags } from '../processes/profiling.js';
import type { SubjectName } from '../processes/subjects.js';
import type { AskResult, SubjectLoad } from '../report/results.js';
import { scratchDir } from '../support/scratch.js';
import { interactionMix } from './interaction-kinds.js';
import { start, targetOf, type Running } from './interactions.js';

/** fuse.js spends ~20 ms of CPU on a question: a rate both subjects keep up with on two shared cores. */
const ASK_RATE = 20;
const SUBJECTS: readonly SubjectName[] = ['bot', 'fuse'];

/**
 * Scenario 1b: only /ask, the same member questions at the same rate, against the bot and the fuse.js
 * tag bot over the same entries (each in its own emulator, taking turns): CPU per /ask and latency.
 */
export async function runAskScenario(options: BenchOptions): Promise<AskResult> {
  const commands = loadCommandRegistry().then((registry) => registry.toJSON());
  commands.catch(() => undefined); // handled where it is awaited
  const scratch = scratchDir();
  const started = await Promise.allSettled(SUBJECTS.map((name) => start(name, options, commands, scratch.databasePath)));
  const running = new Map<SubjectName, Running>();
  started.forEach((result, index) => result.status === 'fulfilled' && running.set(SUBJECTS[index] as SubjectName, result.value));
  try {
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const kinds = interactionMix(await commands).kinds.filter((kind) => kind.label === '/ask');
    const plan: LoadPlan = {
      targets: SUBJECTS.map((name) => targetOf(name, running.get(name) as Running)),
      kinds,
      fixed: { rate: ASK_RATE, durationMs: options.durationMs, rounds: Math.max(1, Math.round(options.durationMs / (options.quick ? 2_500 : 4_000))) },
      warmUpMs: options.quick ? 1_500 : 2_000,
    };
    const driver = spawnNode({ name: 'load driver', script: 'bench/load/load-driver-main.ts', args: [JSON.stringify(plan)], nodeFlags: profileFlags(options, 'driver', 'ask') });
    const { value } = await driver.waitForJson(loadResultSchema, undefined, 600_000);
    await driver.exited;
    const loadOf = (name: SubjectName): SubjectLoad => {
      const load = value.load[name];
      if (!load) throw new Error(`the load driver reported nothing for the ${name}`);
      return { readyMs: running.get(name)?.subject.readyMs ?? 0, ...load };
    };
    return { status: 'ok', rate: ASK_RATE, durationMs: options.durationMs, bot: loadOf('bot'), fuse: loadOf('fuse') };
  } finally {
    await Promise.all([...running.values()].map(async ({ subject, emulator }) => {
      await subject.child.stop();
      await emulator.child.stop();
    }));
    scratch.cleanup();
  }
}
