import type { LocalDiscordDriver } from '../../src/local-discord/index.js';
import type { InteractionKind, LoadPlan, Step, Target } from './plan.js';
import { phaseResult, runRound } from './phase.js';

/** A driver that sends this late is itself the bottleneck: the step does not count as sustained. */
const MAX_SEND_LAG_MS = 100;

export type StepSearch = NonNullable<LoadPlan['steps']>;

export interface Searched {
  readonly steps: Step[];
  readonly maxRate: number | null;
}

/** One target's search: double until a step fails, then bisect between the last pass and that failure. */
class RateSearch {
  readonly steps: Step[] = [];
  passed: number | null = null;
  failed: number | null = null;
  bisections = 0;

  constructor(private readonly search: StepSearch) {}

  /** The next rate to try, or null when the search is over. */
  next(): number | null {
    if (this.failed === null) {
      const rate = this.passed === null ? this.search.startRate : this.passed * 2;
      return rate <= this.search.maxRate ? rate : null;
    }
    if (this.bisections >= this.search.bisections) return null;
    const low = this.passed ?? 0;
    const rate = Math.round((low + this.failed) / 2);
    return rate > low && rate < this.failed ? rate : null;
  }

  record(step: Step): void {
    this.steps.push(step);
    if (this.failed !== null) this.bisections += 1;
    if (step.passed) this.passed = step.rate;
    else this.failed = step.rate;
  }
}

/** Each target's highest rate with p99 under the limit and no errors; targets take turns at each step. */
export async function searchMaxRates(
  drivers: ReadonlyMap<string, LocalDiscordDriver>,
  targets: readonly Target[],
  kinds: readonly InteractionKind[],
  search: StepSearch,
): Promise<Map<string, Searched>> {
  const searches = new Map(targets.map((target) => [target.name, new RateSearch(search)]));
  for (;;) {
    let ran = false;
    for (const target of targets) {
      const state = searches.get(target.name) as RateSearch;
      const rate = state.next();
      const discord = drivers.get(target.name);
      if (rate === null || !discord) continue;
      ran = true;
      const phase = phaseResult([await runRound(discord, target, kinds, rate, search.durationMs)], kinds, rate, search.durationMs);
      const p99Ms = phase.all.latencyMs?.p99 ?? null;
      const passed = p99Ms !== null && p99Ms < search.p99LimitMs && phase.all.errors === 0 && phase.maxSendLagMs < MAX_SEND_LAG_MS;
      state.record({ rate, p99Ms, errors: phase.all.errors, maxSendLagMs: phase.maxSendLagMs, passed });
    }
    if (!ran) break;
  }
  return new Map([...searches].map(([name, state]) => [name, { steps: state.steps, maxRate: state.passed }]));
}
