import type { LocalDiscordDriver } from '../../src/local-discord/index.js';
import type { InteractionKind, LoadPlan, PhaseResult, Step, Target } from './plan.js';
import { phaseResult, runRound } from './phase.js';

/** A driver that sends this late is itself the bottleneck: the step does not count as sustained. */
const MAX_SEND_LAG_MS = 100;
/** Below this the search stops halving: a bot that cannot do 10/s has no "highest rate". */
const MIN_RATE = 10;

export type StepSearch = NonNullable<LoadPlan['steps']>;

export interface Searched {
  readonly steps: Step[];
  readonly maxRate: number | null;
}

/** Whether a phase counts as sustained: p99 under the limit, no errors, and the driver kept up. */
export function stepOf(phase: PhaseResult, p99LimitMs: number): Step {
  const p99Ms = phase.all.latencyMs?.p99 ?? null;
  const passed = p99Ms !== null && p99Ms < p99LimitMs && phase.all.errors === 0 && phase.maxSendLagMs < MAX_SEND_LAG_MS;
  return { rate: phase.rate, p99Ms, errors: phase.all.errors, maxSendLagMs: phase.maxSendLagMs, passed };
}

/**
 * One target's search from a first step (the fixed-rate run): double while it passes, halve while
 * it fails, then bisect between the highest pass and the lowest failure.
 */
class RateSearch {
  readonly steps: Step[] = [];
  private passed: number | null = null;
  private failed: number | null = null;
  private bisections = 0;

  constructor(private readonly search: StepSearch, first: Step) {
    this.record(first);
  }

  get maxRate(): number | null {
    return this.passed;
  }

  /** The next rate to try, or null when the search is over. */
  next(): number | null {
    // The first step is the fixed-rate run, which maxSteps does not count.
    if (this.steps.length > this.search.maxSteps) return null;
    if (this.failed === null) {
      const rate = (this.passed ?? this.search.maxRate) * 2;
      return rate <= this.search.maxRate ? rate : null;
    }
    if (this.passed === null) {
      const rate = Math.floor(this.failed / 2);
      return rate >= MIN_RATE ? rate : null;
    }
    if (this.bisections >= this.search.bisections) return null;
    const rate = Math.round((this.passed + this.failed) / 2);
    return rate > this.passed && rate < this.failed ? rate : null;
  }

  record(step: Step): void {
    if (this.passed !== null && this.failed !== null) this.bisections += 1;
    this.steps.push(step);
    if (step.passed) this.passed = Math.max(this.passed ?? 0, step.rate);
    else this.failed = Math.min(this.failed ?? Number.POSITIVE_INFINITY, step.rate);
  }
}

/** Each target's highest rate with p99 under the limit and no errors; targets take turns at each step. */
export async function searchMaxRates(
  drivers: ReadonlyMap<string, LocalDiscordDriver>,
  targets: readonly Target[],
  kinds: readonly InteractionKind[],
  search: StepSearch,
  firstSteps: ReadonlyMap<string, Step>,
): Promise<Map<string, Searched>> {
  const searches = new Map<string, RateSearch>();
  for (const target of targets) {
    const first = firstSteps.get(target.name);
    if (first) searches.set(target.name, new RateSearch(search, first));
  }
  for (;;) {
    let ran = false;
    for (const target of targets) {
      const state = searches.get(target.name);
      const discord = drivers.get(target.name);
      const rate = state?.next() ?? null;
      if (!state || !discord || rate === null) continue;
      ran = true;
      state.record(stepOf(phaseResult([await runRound(discord, target, kinds, rate, search.durationMs)], kinds, rate, search.durationMs), search.p99LimitMs));
    }
    if (!ran) break;
  }
  return new Map([...searches].map(([name, state]) => [name, { steps: state.steps, maxRate: state.maxRate }]));
}
