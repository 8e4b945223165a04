export interface ServerErrorFaults {
  /** Share (0..1) of matching requests answered with a 5xx. */
  rate?: number;
  /** Deterministic alternative: answer the next N matching requests with a 5xx. */
  next?: number;
  /** Statuses to pick from (default [500, 502]). */
  statuses?: number[];
  /** Only these route keys (`METHOD /route/:template`); default: every REST route. */
  routes?: string[];
  /**
   * 'reject': fail before doing anything (safe to retry).
   * 'apply-then-fail': do the work, then answer 5xx — a retry duplicates unless the bot is idempotent.
   */
  mode?: 'reject' | 'apply-then-fail';
}

export interface FaultConfig {
  serverErrors?: ServerErrorFaults;
  /** Added to every REST answer. */
  latencyMs?: number;
  /** Uniform extra latency in [0, jitterMs). */
  jitterMs?: number;
  /** A share (0..1) of REST answers delayed by `ms` more: the stalls of a busy Discord, not its steady pace. */
  spikes?: { rate: number; ms: number };
}

export type FaultDecision = { kind: 'none' } | { kind: 'server-error'; status: number; mode: 'reject' | 'apply-then-fail' };

/** Small seeded PRNG (mulberry32) so a faulty run can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  private remainingNext = 0;

  constructor(
    private config: FaultConfig,
    seed: number,
  ) {
    this.random = mulberry32(seed);
    this.remainingNext = config.serverErrors?.next ?? 0;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.remainingNext = config.serverErrors?.next ?? 0;
  }

  get(): FaultConfig {
    return this.config;
  }

  latency(): number {
    const base = this.config.latencyMs ?? 0;
    const jitter = this.config.jitterMs ?? 0;
    const spikes = this.config.spikes;
    const spike = spikes && spikes.rate > 0 && this.random() < spikes.rate ? spikes.ms : 0;
    return base + (jitter > 0 ? this.random() * jitter : 0) + spike;
  }

  decide(routeKey: string): FaultDecision {
    const faults = this.config.serverErrors;
    if (!faults) return { kind: 'none' };
    if (faults.routes && !faults.routes.includes(routeKey)) return { kind: 'none' };
    let hit = false;
    if (this.remainingNext > 0) {
      this.remainingNext -= 1;
      hit = true;
    } else if ((faults.rate ?? 0) > 0) {
      hit = this.random() < (faults.rate ?? 0);
    }
    if (!hit) return { kind: 'none' };
    const statuses = faults.statuses?.length ? faults.statuses : [500, 502];
    const status = statuses[Math.floor(this.random() * statuses.length)] ?? 500;
    return { kind: 'server-error', status, mode: faults.mode ?? 'reject' };
  }
}
