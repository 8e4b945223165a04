import { describe, expect, it } from 'vitest';
import { CarriedWork } from '../../src/core/settle.js';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('CarriedWork: what interactions leave running after their reply', () => {
  it('GIVEN nothing carried WHEN drained THEN it is done at once', async () => {
    await expect(new CarriedWork().drain(1_000)).resolves.toBe(true);
  });

  it('GIVEN carried work WHEN drained THEN it waits for it, and forgets it once finished', async () => {
    const carried = new CarriedWork();
    const work = deferred();
    void carried.carry(work.promise);
    expect(carried.size).toBe(1);
    const drained = carried.drain(60_000);
    work.resolve();
    await expect(drained).resolves.toBe(true);
    expect(carried.size).toBe(0);
  });

  it('GIVEN carried work that fails WHEN drained THEN the failure counts as finished and reaches its caller', async () => {
    const carried = new CarriedWork();
    const work = deferred();
    const tracked = carried.carry(work.promise);
    work.reject(new Error('Discord refused'));
    await expect(tracked).rejects.toThrow('Discord refused');
    await expect(carried.drain(60_000)).resolves.toBe(true);
    expect(carried.size).toBe(0);
  });

  it('GIVEN carried work that never finishes WHEN drained THEN it gives up after the timeout', async () => {
    const carried = new CarriedWork();
    void carried.carry(new Promise<void>(() => {}));
    await expect(carried.drain(10)).resolves.toBe(false);
    expect(carried.size).toBe(1);
  });
});
