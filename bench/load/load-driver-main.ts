import { connectLocalDiscord, type LocalDiscordDriver } from '../../src/local-discord/index.js';
import { loadPlanSchema, type TargetLoad } from './plan.js';
import { phaseResult, runRound, type RawRound } from './phase.js';
import { searchMaxRates, stepOf } from './step-search.js';

// The load driver as its own process: drives each target's emulator over its control API, the
// targets taking turns round by round, and prints one JSON line `{ "load": { <target>: … } }`.
const plan = loadPlanSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
const drivers = new Map<string, LocalDiscordDriver>();
for (const target of plan.targets) drivers.set(target.name, await connectLocalDiscord(target.controlUrl));
const driverOf = (name: string): LocalDiscordDriver => drivers.get(name) as LocalDiscordDriver;

for (const target of plan.targets) {
  if (plan.warmUpMs > 0) await runRound(driverOf(target.name), target, plan.kinds, Math.min(plan.fixed.rate, 100), plan.warmUpMs);
}

const { rate, durationMs, rounds } = plan.fixed;
const raw = new Map<string, RawRound[]>(plan.targets.map((target) => [target.name, []]));
for (let round = 0; round < rounds; round += 1) {
  for (const target of plan.targets) raw.get(target.name)?.push(await runRound(driverOf(target.name), target, plan.kinds, rate, Math.round(durationMs / rounds)));
}
const fixed = new Map(plan.targets.map((target) => [target.name, phaseResult(raw.get(target.name) ?? [], plan.kinds, rate, durationMs)]));
// The fixed-rate run is the search's first step.
const searched = plan.steps
  ? await searchMaxRates(drivers, plan.targets, plan.kinds, plan.steps, new Map([...fixed].map(([name, phase]) => [name, stepOf(phase, plan.steps?.p99LimitMs ?? 0)])))
  : new Map();

const load: Record<string, TargetLoad> = {};
for (const target of plan.targets) {
  const phase = fixed.get(target.name);
  if (!phase) continue;
  load[target.name] = { fixed: phase, steps: searched.get(target.name)?.steps ?? [], maxRate: searched.get(target.name)?.maxRate ?? null };
}
process.stdout.write(`${JSON.stringify({ load })}\n`);
