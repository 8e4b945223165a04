import { schedule, type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/logger.js';

/** A periodic piece of work whose state lives in SQLite, so any tick can pick up where the last stopped. */
export interface BackgroundJob {
  readonly name: string;
  tick(): Promise<void>;
  /** The earliest moment this job has work, if it knows (lets a jumping clock stop there). */
  nextDueAt?(): Date | null;
}

/**
 * Runs every job once a minute on one node-cron task. A tick never overlaps the previous one of the
 * same job, and stop() waits for running ticks so shutdown never cuts a post in half.
 */
export class JobRunner {
  readonly #running = new Map<string, Promise<void>>();
  #task: ScheduledTask | undefined;

  constructor(
    private readonly jobs: readonly BackgroundJob[],
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.#task ??= schedule('* * * * *', () => void this.runAll(), { name: 'cto-mentor-jobs' });
  }

  /** Runs every job now (at start-up for catch-up, and when the sandbox moves its clock). */
  async runAll(): Promise<void> {
    await Promise.all(this.jobs.map((job) => this.run(job)));
  }

  /** The earliest moment any job has work. */
  nextDueAt(): Date | null {
    const times = this.jobs.map((job) => job.nextDueAt?.()?.getTime()).filter((time): time is number => time !== undefined);
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  run(job: BackgroundJob): Promise<void> {
    const running = this.#running.get(job.name);
    if (running) return running;
    const tick = job
      .tick()
      .catch((error: unknown) => this.logger.error({ err: error, job: job.name }, 'background job failed'))
      .finally(() => this.#running.delete(job.name));
    this.#running.set(job.name, tick);
    return tick;
  }

  async stop(): Promise<void> {
    await this.#task?.stop();
    this.#task = undefined;
    await Promise.all(this.#running.values());
  }
}
