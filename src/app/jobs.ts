import { schedule, type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/logger.js';

/** A periodic piece of work whose state lives in SQLite, so any tick can pick up where the last stopped. */
export interface BackgroundJob {
  readonly name: string;
  tick(): Promise<void>;
  /** The earliest moment this job has work, if it knows (lets a jumping clock stop there). */
  nextDueAt?(): Date | null | Promise<Date | null>;
}

/**
 * Runs every job once a minute on one node-cron task. A tick never overlaps the previous one of the
 * same job, and stop() waits for running ticks so shutdown never cuts a post in half.
 */
export class JobRunner {
  readonly #running = new Map<string, Promise<void>>();
  /** The one tick queued behind a running one, shared by every caller who asked meanwhile. */
  readonly #queued = new Map<string, Promise<void>>();
  #task: ScheduledTask | undefined;
  #stopped = false;

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
  async nextDueAt(): Promise<Date | null> {
    const dues = await Promise.all(this.jobs.map((job) => job.nextDueAt?.()));
    const times = dues.map((due) => due?.getTime()).filter((time): time is number => time !== undefined);
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  /**
   * Resolves after a tick that started no earlier than this call. A running tick may have read the
   * clock and the database before the caller's change (a clock jump, a schedule just saved), so it
   * does not count: one more tick follows it.
   */
  run(job: BackgroundJob): Promise<void> {
    const queued = this.#queued.get(job.name);
    if (queued) return queued;
    const running = this.#running.get(job.name);
    if (!running) return this.#start(job);
    const next = running.then(() => {
      this.#queued.delete(job.name);
      return this.#stopped ? undefined : this.#start(job);
    });
    this.#queued.set(job.name, next);
    return next;
  }

  #start(job: BackgroundJob): Promise<void> {
    const tick = job
      .tick()
      .catch((error: unknown) => this.logger.error({ err: error, job: job.name }, 'background job failed'))
      .finally(() => this.#running.delete(job.name));
    this.#running.set(job.name, tick);
    return tick;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#task?.stop();
    this.#task = undefined;
    await Promise.all([...this.#running.values(), ...this.#queued.values()]);
  }
}
