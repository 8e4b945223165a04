/**
 * Spaces calls evenly, `perSecond` of them a second: callers leave one at a time, in the order they
 * asked, on a schedule of one slot per interval. A timer that fires a little late (they all do) is made
 * up by the next slot, so the rate holds; one late by more than an interval (a busy machine stalled the
 * process) restarts the schedule from then, so the missed slots never go out as a burst and no window of
 * a second — wherever it starts — sees more than its share, give or take one. `now` and `sleep` are
 * injectable for tests.
 */
export function createPacer(perSecond: number, now: () => number = () => performance.now(), sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))): () => Promise<void> {
  const interval = 1000 / perSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();
  return () => {
    const turn = queue.then(async () => {
      const wait = nextSlot - now();
      if (wait > 0) await sleep(wait);
      const left = now();
      nextSlot = left - nextSlot > interval ? left + interval : nextSlot + interval;
    });
    queue = turn;
    return turn;
  };
}
