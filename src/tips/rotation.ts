/**
 * Per-server rotation. Each server sees the tips in its own shuffled order, fixed by hashing
 * (guild id, tip id): stable across restarts, and a tip added to the data slots into its place
 * without reshuffling the others. The next tip is the one this server has been posted least often,
 * so nothing repeats until every tip has been posted there, and new tips (posted 0 times) come soon.
 */
export function nextTipInRotation(guildId: string, tipIds: readonly string[], postedCounts: ReadonlyMap<string, number>): string {
  let best: { id: string; count: number; rank: number } | undefined;
  for (const id of tipIds) {
    const count = postedCounts.get(id) ?? 0;
    const rank = rotationRank(guildId, id);
    if (!best || count < best.count || (count === best.count && (rank < best.rank || (rank === best.rank && id < best.id)))) {
      best = { id, count, rank };
    }
  }
  if (!best) throw new Error('The tip catalogue is empty');
  return best.id;
}

/** The server's whole order (for tests and for explaining the rotation). */
export function rotationOrder(guildId: string, tipIds: readonly string[]): string[] {
  return [...tipIds].sort((a, b) => rotationRank(guildId, a) - rotationRank(guildId, b) || (a < b ? -1 : 1));
}

/** FNV-1a with a murmur3 finaliser: fast, well spread, identical on every machine. */
function rotationRank(guildId: string, tipId: string): number {
  let hash = 0x811c9dc5;
  const key = `${guildId}:${tipId}`;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
