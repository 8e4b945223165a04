import { forEachConcurrently } from '../core/concurrency.js';
import type { Work } from '../db/sql/dialect.js';

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
 * rows, so a shard that is down with many due items cannot starve this one. Each page is one query
 * of a unit of work (src/db/sql/dialect.ts).
 */
export function* ownedPageOf<T extends { guildId: string }>(page: (after: number) => Work<T[]>, keyOf: (row: T) => number, limit: number, owned: Owned): Work<T[]> {
  const found: T[] = [];
  let after = 0;
  for (;;) {
    const rows = yield* page(after);
    found.push(...rows.filter((row) => owned(row.guildId)));
    const last = rows.at(-1);
    if (found.length >= limit || !last || rows.length < limit) return found.slice(0, limit);
    after = keyOf(last);
  }
}

/** The same over a store still on synchronous SQLite statements (the transition; docs/postgres.md). */
export function ownedPage<T extends { guildId: string }>(page: (after: number) => T[], keyOf: (row: T) => number, limit: number, owned: Owned): T[] {
  // eslint-disable-next-line require-yield -- a synchronous page has no query to yield
  const steps = ownedPageOf(function* (after) { return page(after); }, keyOf, limit, owned);
  const step = steps.next();
  if (!step.done) throw new Error('a synchronous page yielded a query');
  return step.value;
}
