import { describe, expect, it } from 'vitest';
import { JobRunner, type BackgroundJob } from '../../src/app/jobs.js';
import { silentLogger } from '../../src/core/logger.js';

/** A job whose ticks record what they saw when they started, and finish only when released. */
function gatedJob(read: () => number) {
  const seen: number[] = [];
  const gates: (() => void)[] = [];
  const job: BackgroundJob = {
    name: 'gated',
    tick: () => {
      seen.push(read());
      return new Promise<void>((resolve) => gates.push(resolve));
    },
  };
  const releaseAll = () => gates.splice(0).forEach((release) => release());
  return { job, seen, releaseAll };
}

describe('JobRunner', () => {
  it('GIVEN runAll while a tick is under way THEN one more tick runs after it, seeing what changed meanwhile', async () => {
    let clock = 1;
    const seen: number[] = [];
    const job: BackgroundJob = {
      name: 'reads-the-clock',
      tick: async () => {
        seen.push(clock);
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
    const runner = new JobRunner([job], silentLogger);
    const first = runner.runAll();
    clock = 2; // e.g. the sandbox's clock jump, or a test moving its ManualClock
    await runner.runAll();
    await first;
    expect(seen).toEqual([1, 2]);
  });

  it('GIVEN many runAll calls during one tick THEN they share a single follow-up tick, never overlapping', async () => {
    let running = 0;
    let maxRunning = 0;
    let ticks = 0;
    const job: BackgroundJob = {
      name: 'counted',
      tick: async () => {
        ticks += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
      },
    };
    const runner = new JobRunner([job], silentLogger);
    await Promise.all([runner.runAll(), runner.runAll(), runner.runAll(), runner.runAll()]);
    expect(ticks).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('GIVEN stop while a follow-up tick is queued THEN stop waits for the running tick and starts no new one', async () => {
    const { job, seen, releaseAll } = gatedJob(() => 0);
    const runner = new JobRunner([job], silentLogger);
    const first = runner.runAll();
    const queued = runner.runAll();
    const stopped = runner.stop();
    releaseAll();
    await Promise.all([first, queued, stopped]);
    expect(seen).toHaveLength(1);
  });
});
