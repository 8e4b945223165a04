import { forEachConcurrently } from '../core/concurrency.js';

/**
 * One scheduler tick over its due items: at most `concurrency` at once, one outcome each. An
 * unexpected error (a bug, a closed database) must not stop the others: `onUnexpected` names its
 * outcome, and the item's claim stays for the next tick.
 */
export async function workThroughDue<T, O extends string>(
  items: readonly T[],
  concurrency: number,
  attempt: (item: T) => Promise<O>,
  onUnexpected: (item: T, error: unknown) => O,
): Promise<O[]> {
  const outcomes: O[] = [];
  await forEachConcurrently(items, concurrency, async (item) => {
    try {
      outcomes.push(await attempt(item));
    } catch (error) {
      outcomes.push(onUnexpected(item, error));
    }
  });
  return outcomes;
}

/** How many of each outcome, every key present (zero when none). */
export function tally<O extends string>(outcomes: readonly O[], keys: readonly O[]): Record<O, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<O, number>;
  for (const outcome of outcomes) counts[outcome] += 1;
  return counts;
}
