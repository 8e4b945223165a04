/**
 * Spaces calls evenly, `perSecond` of them a second: each caller waits for the next free slot.
 * A burst is impossible, so no window of a second — wherever it starts — sees more than its share.
 * `now` and `sleep` are injectable for tests.
 */
export function createPacer(perSecond: number, now: () => number = () => performance.now(), sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))): () => Promise<void> {
  const interval = 1000 / perSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return async () => {
    const current = now();
    const slot = Math.max(current, nextSlot);
    nextSlot = slot + interval;
    if (slot > current) await sleep(slot - current);
  };
}
