import { randomUUID } from 'node:crypto';
import type { Shard } from 'discord.js';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { HealthStatus } from '../ops/health.js';

/**
 * The few messages between the sharding manager and its shard processes, over the IPC channel
 * discord.js already opens (its own messages carry `_`-prefixed keys, ours carry `ctoMentor`).
 */
type ShardMetrics = MetricObjectWithValues<MetricValue<string>>[];

interface Answers {
  health: HealthStatus;
  metrics: ShardMetrics;
}

export type Question = keyof Answers;

interface QuestionMessage {
  readonly ctoMentor: 'question';
  readonly id: string;
  readonly question: Question;
}

interface AnswerMessage {
  readonly ctoMentor: 'answer';
  readonly id: string;
  readonly answer?: unknown;
  readonly error?: string;
}

interface StartedMessage {
  readonly ctoMentor: 'started';
}

const isMessage = (value: unknown): value is { ctoMentor: string } =>
  typeof value === 'object' && value !== null && typeof (value as { ctoMentor?: unknown }).ctoMentor === 'string';

// ── In a shard process ─────────────────────────────────────────────────────────────────────────────

/** Answers the manager's questions from this shard's bot. */
export function answerManager(answers: { [Q in Question]: () => Answers[Q] | Promise<Answers[Q]> }): void {
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.ctoMentor !== 'question') return;
    const { id, question } = message as QuestionMessage;
    const answer = answers[question] as (() => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!answer) throw new Error(`unknown question ${String(question)}`);
        return answer();
      })
      .then(
        (value) => send({ ctoMentor: 'answer', id, answer: value }),
        (error: unknown) => send({ ctoMentor: 'answer', id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** Tells the manager this shard's bot has fully started (commands synced, jobs running). */
export function announceStarted(): void {
  send({ ctoMentor: 'started' } satisfies StartedMessage);
}

function send(message: AnswerMessage | StartedMessage): void {
  // The channel is gone when the manager died; the shard is stopping then anyway.
  if (process.connected) process.send?.(message);
}

// ── In the manager ─────────────────────────────────────────────────────────────────────────────────

/** Asks one shard process; rejects when it does not answer within `timeoutMs` (dead, hung, restarting). */
export function ask<Q extends Question>(shard: Shard, question: Q, timeoutMs: number): Promise<Answers[Q]> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      shard.off('message', onMessage);
    };
    const onMessage = (message: unknown) => {
      if (!isMessage(message) || message.ctoMentor !== 'answer' || (message as AnswerMessage).id !== id) return;
      finish();
      const { answer, error } = message as AnswerMessage;
      if (error !== undefined) reject(new Error(error));
      else resolve(answer as Answers[Q]);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`shard ${shard.id} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    shard.on('message', onMessage);
    if (!shard.process) {
      finish();
      reject(new Error(`shard ${shard.id} has no running process`));
      return;
    }
    shard.send({ ctoMentor: 'question', id, question } satisfies QuestionMessage).catch((error: unknown) => {
      finish();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

export function isStartedMessage(message: unknown): boolean {
  return isMessage(message) && message.ctoMentor === 'started';
}
