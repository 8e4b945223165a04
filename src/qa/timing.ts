import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { settledWithin, type CarriedWork } from '../core/settle.js';

/** Time as the Q&A rows store it (ISO-8601 UTC), all from the injected clock. */
export interface QaTiming {
  readonly clock: Clock;
  now(): string;
  /** The moment `ms` ago. */
  ago(ms: number): string;
  /** When the background job picks up work an interaction may still be finishing. */
  handOffAt(): string;
}

export function createQaTiming(clock: Clock, handOffMs: number): QaTiming {
  const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();
  return { clock, now: () => at(0), ago: (ms) => at(-ms), handOffAt: () => at(handOffMs) };
}

/**
 * Waits for Discord to be brought in line, at most `replyWithinMs`; what is left finishes in the
 * background (or the job retries it), so members never queue behind each other's updates.
 */
export type InLineSoon = (work: Promise<unknown>) => Promise<void>;

export function inLineWithin(replyWithinMs: number, logger: Logger, carriedWork: CarriedWork): InLineSoon {
  return async (work) => {
    const carried = carriedWork.carry(work.catch((error: unknown) => logger.warn({ err: error }, 'Q&A: bringing Discord in line failed; the background job retries')));
    await settledWithin(carried, replyWithinMs);
  };
}
