import { runAtFixedRate } from '../../../bench/load/fixed-rate.js';
import { summarize } from '../../../bench/support/percentiles.js';
import { MINUTE_MS, ManualClock } from '../../../src/core/clock.js';
import type { FaultConfig } from '../../../src/local-discord/index.js';
import { startTestBot, type TestBot } from '../../e2e/support/harness.js';
import { loadCommunity, missingRows, postingProblems, readQaRows } from './community.js';
import { botErrors } from './verdicts.js';
import { Workload } from './workload.js';

export interface LoadOptions {
  readonly seed: number;
  /** Member actions started per second (each one to three interactions). */
  readonly rate: number;
  readonly durationMs: number;
  /** Members taking part (each asks at most 5 questions per 10 minutes). */
  readonly members: number;
  /**
   * Discord misbehaving during the load (5xx, latency spikes): each in turn, for an equal share of the
   * member actions (counted, not timed, so a slow machine still sends a full share in every phase).
   */
  readonly faults?: readonly FaultConfig[];
  /** Drop the bot's gateway connection when this share (0..1) of the member actions has started. */
  readonly dropGatewayAfter?: number;
  readonly progress?: (line: string) => void;
}

function summarizeLatency(samples: readonly number[]): LoadReport['latencyMs'] {
  const summary = summarize(samples);
  return summary && { p50: summary.p50, p99: summary.p99, max: summary.max };
}

export interface LoadReport {
  readonly seed: number;
  readonly flows: Record<string, number>;
  /** Interactions the local Discord dispatched during the load, and how many the bot acknowledged. */
  readonly dispatched: number;
  readonly acknowledged: number;
  /** Acknowledged after Discord's 3 s (refused by the local Discord). */
  readonly late: number;
  /** Dispatch → first callback, from the local Discord. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } | null;
  /** The most an action left after its scheduled time (the load driver falling behind). */
  readonly maxSendLagMs: number;
  readonly questionsConfirmed: number;
  readonly answersConfirmed: number;
  readonly failures: readonly string[];
  readonly missingRows: readonly string[];
  readonly postingProblems: readonly string[];
  readonly botErrors: readonly string[];
  readonly injected: { readonly serverErrors: number; readonly appliedThenFailed: number };
  readonly gateway: { readonly resumes: number; readonly identifies: number };
  readonly integrity: string;
  readonly durationMs: number;
}

/** Everything that must not happen in a load, as lines: empty when it passed. */
export function loadProblems(report: LoadReport): string[] {
  return [
    ...report.failures,
    ...report.missingRows,
    ...report.postingProblems,
    ...report.botErrors.map((line) => `bot logged: ${line}`),
    ...(report.dispatched !== report.acknowledged ? [`${report.dispatched - report.acknowledged} of ${report.dispatched} interactions never acknowledged`] : []),
    ...(report.late > 0 ? [`${report.late} interactions acknowledged after the deadline`] : []),
    ...(report.integrity === 'ok' ? [] : [`integrity check: ${report.integrity}`]),
  ];
}

/**
 * The load scenario: the bot (started as production does, on a manual clock) in a server of members
 * doing everything at once at a steady rate for a bounded time, optionally while Discord fails and
 * the gateway drops. Then the faults stop, the background jobs catch up, and the database and the
 * channels are compared with what every member was told.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const started = performance.now();
  const clock = new ManualClock(new Date());
  const t = await startTestBot({ clock });
  try {
    return await load(t, clock, options, started);
  } finally {
    await t.close();
  }
}

async function load(t: TestBot, clock: ManualClock, options: LoadOptions, started: number): Promise<LoadReport> {
  const community = await loadCommunity(t.discord, t.world, options.members);
  const workload = new Workload(community, options.seed);
  const before = await t.discord.stats();
  const total = actionCount(options.rate, options.durationMs);
  const events = new ActionEvents(total);
  (options.faults ?? []).forEach((phase, index, phases) => events.at(index / phases.length, () => t.discord.setFaults(phase)));
  if (options.dropGatewayAfter !== undefined) events.at(options.dropGatewayAfter, () => t.discord.dropGateway({ how: 'terminate' }));
  let done = 0;
  const run = await runAtFixedRate(options.rate, options.durationMs, async (index) => {
    await events.before(index);
    await workload.next();
    done += 1;
    if (done % 100 === 0) options.progress?.(`load: ${done} actions, ${workload.ledger.failures.length} failures`);
  });
  await events.all();
  await t.discord.setFaults({});
  const during = await t.discord.stats();

  // Discord is back: what was saved but not posted goes out on the next ticks (retries back off).
  for (let tick = 0; tick < 5; tick += 1) {
    clock.advance(5 * MINUTE_MS);
    await t.bot.jobs.runAll();
  }
  const rows = readQaRows(t.config.databasePath, community.guildId);
  const ledger = workload.ledger;
  const latencies = during.interactions.latencyMs.slice(-(during.interactions.acknowledged - before.interactions.acknowledged));
  return {
    seed: options.seed,
    flows: Object.fromEntries(ledger.flows),
    dispatched: during.interactions.dispatched - before.interactions.dispatched,
    acknowledged: during.interactions.acknowledged - before.interactions.acknowledged,
    late: during.interactions.late - before.interactions.late,
    latencyMs: summarizeLatency(latencies),
    maxSendLagMs: run.maxSendLagMs,
    questionsConfirmed: ledger.questions.length,
    answersConfirmed: ledger.answers.length,
    failures: ledger.failures.map((failure) => `${failure.flow}: ${failure.problem}`),
    missingRows: missingRows(rows, ledger),
    postingProblems: await postingProblems(t.discord, community.questionsChannelId, rows),
    botErrors: botErrors(t.logs.lines),
    injected: {
      serverErrors: during.injected.serverErrors - before.injected.serverErrors,
      appliedThenFailed: during.injected.appliedThenFailed - before.injected.appliedThenFailed,
    },
    gateway: { resumes: during.gateway.resumes - before.gateway.resumes, identifies: during.gateway.identifies - before.gateway.identifies },
    integrity: rows.integrity,
    durationMs: Math.round(performance.now() - started),
  };
}

/** How many actions runAtFixedRate starts for a rate and a duration. */
function actionCount(rate: number, durationMs: number): number {
  return Math.max(1, Math.round((rate * durationMs) / 1000));
}

/**
 * Things that happen to Discord at a point of the load, by how many member actions have started: an
 * action waits until everything due before it has happened, so each phase gets its share of the
 * actions however slowly the machine runs.
 */
class ActionEvents {
  readonly #due: { index: number; happen: () => Promise<unknown> }[] = [];
  readonly #happened = new Map<number, Promise<unknown>>();

  constructor(private readonly total: number) {}

  /** `happen` at `share` (0..1) of the actions: before the action with that index starts. */
  at(share: number, happen: () => Promise<unknown>): void {
    this.#due.push({ index: Math.min(this.total - 1, Math.floor(share * this.total)), happen });
    this.#due.sort((a, b) => a.index - b.index);
  }

  /** Starts (in order, each once) what is due at or before `index`, and waits for it. */
  async before(index: number): Promise<void> {
    let chain: Promise<unknown> = Promise.resolve();
    for (const [position, event] of this.#due.entries()) {
      if (event.index > index) continue;
      let happened = this.#happened.get(position);
      if (!happened) {
        const previous = chain;
        happened = previous.then(() => event.happen());
        this.#happened.set(position, happened);
      }
      chain = happened;
    }
    await chain;
  }

  /** Waits for everything that was due (all of it, once every action started). */
  async all(): Promise<void> {
    await this.before(this.total);
  }
}
