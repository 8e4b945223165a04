import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { loadCommandRegistry } from '../../src/discord/registry.js';
import { loadResultSchema, type LoadPlan, type Target } from '../load/plan.js';
import type { BenchOptions } from '../options.js';
import { spawnNode } from '../processes/child.js';
import { startEmulator, type EmulatorProcess } from '../processes/emulator.js';
import { profileFlags } from '../processes/profiling.js';
import { registerGuildCommands } from '../processes/register-commands.js';
import { startSubject, type RunningSubject, type SubjectName } from '../processes/subjects.js';
import { communityWorldSchema, type CommunityWorld } from '../processes/world-spec.js';
import type { InteractionsResult, SubjectLoad } from '../report/results.js';
import { scratchDir } from '../support/scratch.js';
import { interactionMix } from './interaction-kinds.js';

/** The step search keeps p99 under this. */
export const P99_LIMIT_MS = 100;

const SUBJECTS: readonly SubjectName[] = ['bot', 'baseline'];

type Commands = readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];

function loadPlan(options: BenchOptions, targets: Target[], kinds: LoadPlan['kinds']): LoadPlan {
  return {
    targets,
    kinds,
    // Turns of 2.5 s (quick) or 4 s: long enough that waiting for a turn's last answers costs little,
    // short enough that noise on a shared machine falls on both subjects.
    fixed: { rate: options.rate, durationMs: options.durationMs, rounds: Math.max(1, Math.round(options.durationMs / (options.quick ? 2_500 : 4_000))) },
    // From the fixed rate: doubling while p99 stays under the limit, halving while it does not, then (full runs) bisecting.
    steps: options.quick
      ? { maxRate: 6_400, durationMs: 1_000, bisections: 0, maxSteps: 2, p99LimitMs: P99_LIMIT_MS }
      : { maxRate: 12_800, durationMs: 3_000, bisections: 2, maxSteps: 10, p99LimitMs: P99_LIMIT_MS },
    // Long enough for V8 to optimise the hot paths of both: the bot has far more code to warm than the baseline.
    warmUpMs: options.quick ? 1_500 : 2_000,
  };
}

export interface Running {
  readonly subject: RunningSubject;
  readonly emulator: EmulatorProcess<CommunityWorld>;
}

/** A subject in its own emulator (each a process), with the bot's commands registered. */
export async function start(name: SubjectName, options: BenchOptions, commands: Promise<Commands>, databasePath: string): Promise<Running> {
  const emulator = await startEmulator({ world: { kind: 'community' }, worldSchema: communityWorldSchema, nodeFlags: profileFlags(options, 'emulator', `interactions-${name}`) });
  try {
    await registerGuildCommands(emulator.info, emulator.world.guildId, await commands);
    const subject = await startSubject(name, {
      emulator: emulator.info,
      globalLimit: 50,
      databasePath,
      guildId: emulator.world.guildId,
      nodeFlags: profileFlags(options, name, 'interactions'),
    });
    return { subject, emulator };
  } catch (error) {
    await emulator.child.stop();
    throw error;
  }
}

export const targetOf = (name: SubjectName, { subject, emulator }: Running): Target => ({
  name,
  controlUrl: emulator.info.controlUrl,
  where: { guildId: emulator.world.guildId, channelId: emulator.world.channelId, userId: emulator.world.memberId },
  pids: { subject: subject.child.pid, emulator: emulator.child.pid },
});

const ratio = (bot: number | undefined, baseline: number | undefined): number | null =>
  bot === undefined || baseline === undefined || baseline <= 0 ? null : Math.round((bot / baseline) * 100) / 100;

/**
 * Scenario 1: the interaction mix at a fixed rate against the bot and the bare baseline — each with
 * its own emulator, one load driver taking turns between them — then each one's highest rate.
 */
export async function runInteractionsScenario(options: BenchOptions): Promise<InteractionsResult> {
  // The commands load while the emulators start: both take seconds.
  const commands = loadCommandRegistry().then((registry) => registry.toJSON());
  commands.catch(() => undefined); // handled where it is awaited
  const scratch = scratchDir();
  const started = await Promise.allSettled(SUBJECTS.map((name) => start(name, options, commands, scratch.databasePath)));
  const running = new Map<SubjectName, Running>();
  started.forEach((result, index) => result.status === 'fulfilled' && running.set(SUBJECTS[index] as SubjectName, result.value));
  try {
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const mix = interactionMix(await commands);
    const targets = SUBJECTS.map((name) => targetOf(name, running.get(name) as Running));
    const driver = spawnNode({ name: 'load driver', script: 'bench/load/load-driver-main.ts', args: [JSON.stringify(loadPlan(options, targets, mix.kinds))], nodeFlags: profileFlags(options, 'driver', 'interactions') });
    const { value } = await driver.waitForJson(loadResultSchema, undefined, 900_000);
    await driver.exited;
    const loadOf = (name: SubjectName): SubjectLoad => {
      const load = value.load[name];
      if (!load) throw new Error(`the load driver reported nothing for the ${name}`);
      return { readyMs: running.get(name)?.subject.readyMs ?? 0, ...load };
    };
    const bot = loadOf('bot');
    const baseline = loadOf('baseline');
    return {
      status: 'ok',
      rate: options.rate,
      durationMs: options.durationMs,
      p99LimitMs: P99_LIMIT_MS,
      kinds: mix.kinds.map((kind) => kind.label),
      skipped: mix.skipped,
      bot,
      baseline,
      ratio: {
        p50: ratio(bot.fixed.all.latencyMs?.p50, baseline.fixed.all.latencyMs?.p50),
        p99: ratio(bot.fixed.all.latencyMs?.p99, baseline.fixed.all.latencyMs?.p99),
      },
    };
  } finally {
    await Promise.all([...running.values()].map(async ({ subject, emulator }) => {
      await subject.child.stop();
      await emulator.child.stop();
    }));
    scratch.cleanup();
  }
}
