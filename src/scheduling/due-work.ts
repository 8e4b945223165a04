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

/** True for the servers this shard owns. */
export type Owned = (guildId: string) => boolean;

/**
 * Up to `limit` rows of servers `owned` (this shard's), paging by a rising key past other shards'
 * rows, so a shard that is down with many due items cannot starve this one.
 */
export function ownedPage<T extends { guildId: string }>(page: (after: number) => T[], keyOf: (row: T) => number, limit: number, owned: Owned): T[] {
  const found: T[] = [];
  let after = 0;
  for (;;) {
    const rows = page(after);
    found.push(...rows.filter((row) => owned(row.guildId)));
    const last = rows.at(-1);
    if (found.length >= limit || !last || rows.length < limit) return found.slice(0, limit);
    after = keyOf(last);
  }
}
