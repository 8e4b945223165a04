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
    const pace = createPacer(10, time.now, async (ms) => void slots.push(ms));
    await Promise.all([pace(), pace(), pace()]);
    expect(slots).toEqual([100, 200]);
  });
});
