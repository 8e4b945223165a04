import type { LocalDiscordDriver, LocalDiscordStats } from '../../src/local-discord/index.js';
import { summarize } from '../support/percentiles.js';
import { cpuTimeMs } from './cpu-time.js';
import { runAtFixedRate } from './fixed-rate.js';
import { interactionSender, statsKey, type Outcome } from './interaction-mix.js';
import type { InteractionKind, KindResult, PhaseResult, Target } from './plan.js';

/** One round against one target, before figures are computed (rounds of a phase are merged). */
export interface RawRound {
  readonly outcomes: readonly Outcome[];
  /** Emulator-measured latencies by kind label. */
  readonly latencies: ReadonlyMap<string, readonly number[]>;
  readonly sendMs: number;
  readonly maxSendLagMs: number;
  readonly cpuMs: { readonly subject: number; readonly emulator: number } | null;
}

/** The latencies the emulator recorded for a kind since `before`: the newest `count` of its list. */
function latenciesSince(before: LocalDiscordStats, after: LocalDiscordStats, key: string): number[] {
  const was = before.interactions.byKind[key]?.count ?? 0;
  const now = after.interactions.byKind[key];
  if (!now) return [];
  const added = now.count - was;
  return added > 0 ? now.latencyMs.slice(-added) : [];
}

function cpuOf(target: Target): { subject: number; emulator: number } | null {
  const subject = cpuTimeMs(target.pids.subject);
  const emulator = cpuTimeMs(target.pids.emulator);
  return subject === null || emulator === null ? null : { subject, emulator };
}

/** Sends the mix to one target at `rate` for `durationMs` and reads back what its emulator measured. */
export async function runRound(discord: LocalDiscordDriver, target: Target, kinds: readonly InteractionKind[], rate: number, durationMs: number): Promise<RawRound> {
  const cpuBefore = cpuOf(target);
  const round = await sendRound(discord, kinds, interactionSender(discord, kinds, target.where), rate, durationMs);
  const cpuAfter = cpuOf(target);
  const cpuMs = cpuBefore && cpuAfter ? { subject: cpuAfter.subject - cpuBefore.subject, emulator: cpuAfter.emulator - cpuBefore.emulator } : null;
  return { ...round, cpuMs };
}

/** Sends `send`'s interactions at `rate` for `durationMs` and reads back what the emulator measured (no CPU figures). */
export async function sendRound(discord: LocalDiscordDriver, kinds: readonly InteractionKind[], send: (index: number) => Promise<Outcome>, rate: number, durationMs: number): Promise<RawRound> {
  const before = await discord.stats();
  const run = await runAtFixedRate(rate, durationMs, send);
  const after = await discord.stats();
  const latencies = new Map(kinds.map((kind) => [kind.label, latenciesSince(before, after, statsKey(kind))]));
  return { outcomes: run.outcomes, latencies, sendMs: run.sendMs, maxSendLagMs: run.maxSendLagMs, cpuMs: null };
}

function kindResult(outcomes: readonly Outcome[], latencies: readonly number[]): KindResult {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  return {
    sent: outcomes.length,
    acknowledged: latencies.length,
    errors: failed.length,
    errorSamples: [...new Set(failed.map((outcome) => outcome.error ?? 'not acknowledged'))].slice(0, 3),
    latencyMs: summarize(latencies),
  };
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The figures of a phase from its rounds. */
export function phaseResult(rounds: readonly RawRound[], kinds: readonly InteractionKind[], rate: number, durationMs: number): PhaseResult {
  const outcomes = rounds.flatMap((round) => round.outcomes);
  const byKind: Record<string, KindResult> = {};
  const all: number[] = [];
  for (const kind of kinds) {
    const latencies = rounds.flatMap((round) => round.latencies.get(kind.label) ?? []);
    all.push(...latencies);
    byKind[kind.label] = kindResult(
      outcomes.filter((outcome) => outcome.kind === kind.label),
      latencies,
    );
  }
  const sendMs = rounds.reduce((sum, round) => sum + round.sendMs, 0);
  const cpu = rounds.every((round) => round.cpuMs !== null)
    ? {
        subject: round2(rounds.reduce((sum, round) => sum + (round.cpuMs?.subject ?? 0), 0) / Math.max(1, outcomes.length)),
        emulator: round2(rounds.reduce((sum, round) => sum + (round.cpuMs?.emulator ?? 0), 0) / Math.max(1, outcomes.length)),
      }
    : null;
  return {
    rate,
    durationMs,
    throughput: Math.round((all.length / Math.max(sendMs, durationMs)) * 1000 * 10) / 10,
    maxSendLagMs: Math.max(0, ...rounds.map((round) => round.maxSendLagMs)),
    cpuMsPerInteraction: cpu,
    all: kindResult(outcomes, all),
    byKind,
  };
}
