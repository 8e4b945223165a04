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
  /** Discord misbehaving during the load (5xx, latency spikes): each in turn, for an equal share of it. */
  readonly faults?: readonly FaultConfig[];
  /** Drop the bot's gateway connection this far into the load. */
  readonly dropGatewayAtMs?: number;
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
  const phases = options.faults ?? [];
  const phaseMs = options.durationMs / Math.max(1, phases.length);
  const faults = phases.map((phase, index) => new Promise<void>((resolve) => setTimeout(() => void t.discord.setFaults(phase).then(() => resolve()), index * phaseMs)));
  const drop =
    options.dropGatewayAtMs === undefined
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          setTimeout(() => {
            void t.discord.dropGateway({ how: 'terminate' }).then(() => resolve());
          }, options.dropGatewayAtMs);
        });
  let done = 0;
  const run = await runAtFixedRate(options.rate, options.durationMs, async () => {
    await workload.next();
    done += 1;
    if (done % 100 === 0) options.progress?.(`load: ${done} actions, ${workload.ledger.failures.length} failures`);
  });
  await Promise.all([drop, ...faults]);
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
