import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseBenchOptions, SCENARIOS, USAGE, type BenchOptions, type ScenarioName } from './options.js';
import { killAllChildren } from './processes/child.js';
import { projectPath } from '../src/core/paths.js';
import { formatReport } from './report/format.js';
import type { BenchResult, NotRun } from './report/results.js';
import { checkTargets } from './report/targets.js';
import { runAskScenario } from './scenarios/ask.js';
import { runFanoutScenario } from './scenarios/fanout.js';
import { runHostsScenario } from './scenarios/hosts.js';
import { runInteractionsScenario } from './scenarios/interactions.js';
import { runMemoryScenario } from './scenarios/memory.js';
import { runSearchScenario } from './scenarios/search.js';
import { runWebScenario } from './scenarios/web.js';
import { buildSubjects } from './processes/build.js';
import { runSoak } from './soak/run-soak.js';

export const RESULTS_FILE = projectPath('bench/results/latest.json');

type Scenarios = BenchResult['scenarios'];

const RUNNERS: { [Name in ScenarioName]: (options: BenchOptions) => Promise<Scenarios[Name]> } = {
  interactions: runInteractionsScenario,
  ask: runAskScenario,
  fanout: runFanoutScenario,
  search: runSearchScenario,
  memory: runMemoryScenario,
  web: runWebScenario,
  hosts: runHostsScenario,
};

async function runScenario<Name extends ScenarioName>(name: Name, options: BenchOptions, progress: (line: string) => void): Promise<Scenarios[Name] | NotRun> {
  if (!options.scenarios.includes(name)) return { status: 'skipped', reason: name === 'hosts' ? 'not selected (--hosts N)' : 'not selected (--only)' };
  const started = performance.now();
  progress(`› ${name}…`);
  try {
    const result = await RUNNERS[name](options);
    progress(`  ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    killAllChildren();
    const reason = error instanceof Error ? error.message : String(error);
    progress(`  ${name} failed: ${reason}`);
    return { status: 'failed', reason };
  }
}

function machine(): BenchResult['machine'] {
  const cores = cpus();
  return { node: process.version, platform: `${process.platform}/${process.arch}`, cpus: cores.length, cpuModel: cores[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3) };
}

/**
 * `npm run bench`: runs the scenarios one after another (emulator, bot and load driver as separate
 * processes), writes bench/results/latest.json and prints the table, or only the JSON with --json.
 * Exit code 1 when a scenario failed to run; missed targets are results, not failures.
 */
export async function runBenchCli(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | null;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const progress = options.json ? () => {} : (line: string) => void process.stderr.write(`${line}\n`);
  if (options.soak) return runSoak(progress);
  const interrupt = () => {
    killAllChildren();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const startedAt = new Date();
  const started = performance.now();
  progress('building the bot and the baseline (npm run build)…');
  await buildSubjects();
  const scenarios = {} as { -readonly [Name in ScenarioName]: Scenarios[Name] };
  for (const name of SCENARIOS) (scenarios as Record<ScenarioName, unknown>)[name] = await runScenario(name, options, progress);
  const result: BenchResult = {
    version: 1,
    mode: options.quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    machine: machine(),
    scenarios,
    targets: checkTargets(scenarios),
  };
  mkdirSync(projectPath('bench/results'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result)}\n\nWritten to bench/results/latest.json\n`);
  const failed = SCENARIOS.some((name) => scenarios[name].status === 'failed');
  return failed ? 1 : 0;
}
