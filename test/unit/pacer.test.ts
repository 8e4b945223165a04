import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/core/pacer.js';

/** A clock that only moves when the pacer sleeps, so the test needs no real time. */
function fakeTime() {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    sleeps,
  };
}

describe('createPacer', () => {
  it('GIVEN calls faster than the rate THEN each waits for its own slot, evenly spaced', async () => {
    const time = fakeTime();
    const pace = createPacer(4, time.now, time.sleep);
    const starts: number[] = [];
    for (let call = 0; call < 5; call += 1) {
      await pace();
      starts.push(time.now());
    }
    expect(starts).toEqual([1_000, 1_250, 1_500, 1_750, 2_000]);
  });

  it('GIVEN calls slower than the rate THEN none waits, and a pause earns no burst afterwards', async () => {
    const time = fakeTime();
    const pace = createPacer(4, time.now, time.sleep);
    await pace();
    time.advance(2_000);
    await pace();
    await pace();
    expect(time.sleeps).toEqual([250]);
  });

  it('GIVEN concurrent callers THEN they leave one slot apart, in the order they asked', async () => {
    const time = fakeTime();
    const slots: number[] = [];
    const order: number[] = [];
    const pace = createPacer(10, time.now, async (ms) => {
      slots.push(ms);
      time.advance(ms);
    });
    await Promise.all([1, 2, 3].map((caller) => pace().then(() => order.push(caller))));
    expect(slots).toEqual([100, 100]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('GIVEN timers that fire a few ms late (they all do) THEN the next slot makes it up: the rate holds', async () => {
    const time = fakeTime();
    const pace = createPacer(10, time.now, async (ms) => void time.advance(ms + 5));
    for (let call = 0; call < 11; call += 1) await pace();
    // Ten intervals of 100 ms, not ten of 105.
    expect(time.now()).toBeLessThanOrEqual(1_000 + 1_000 + 5);
  });

  it('GIVEN a caller woken late (a stalled event loop) THEN the ones behind it still leave one interval apart, no catch-up burst', async () => {
    const time = fakeTime();
    const left: number[] = [];
    // Every sleep overruns by 300 ms, as timers do on a machine busy elsewhere.
    const pace = createPacer(10, time.now, async (ms) => void time.advance(ms + 300));
    await Promise.all([0, 1, 2, 3].map(() => pace().then(() => left.push(time.now()))));
    const gaps = left.slice(1).map((at, index) => at - (left[index] ?? 0));
    expect(gaps.every((gap) => gap >= 100)).toBe(true);
  });
});
