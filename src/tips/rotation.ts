/**
 * Per-server rotation. Each server sees the tips in its own shuffled order, fixed by hashing
 * (guild id, tip id): stable across restarts, and a tip added to the data slots into its place
 * without reshuffling the others. The next tip is the one this server has been posted least often,
 * so nothing repeats until every tip has been posted there, and new tips (posted 0 times) come soon.
 */
export function nextTipInRotation(guildId: string, tipIds: readonly string[], postedCounts: ReadonlyMap<string, number>): string {
  const rankOf = serverRanks(guildId);
  let best: { id: string; count: number; rank: number } | undefined;
  for (const id of tipIds) {
    const count = postedCounts.get(id) ?? 0;
    const rank = rankOf(id);
    if (!best || count < best.count || (count === best.count && (rank < best.rank || (rank === best.rank && id < best.id)))) {
      best = { id, count, rank };
    }
  }
  if (!best) throw new Error('The tip catalogue is empty');
  return best.id;
}

/**
 * The tip of a local date (`YYYY-MM-DD`) in a server's order: what `/tip today` shows before the
 * server's first post, and what that first post then is, so today's tip never changes under a member.
 */
export function tipOfTheDay(guildId: string, tipIds: readonly string[], localDate: string): string {
  const order = rotationOrder(guildId, tipIds);
  const day = Math.floor(Date.parse(`${localDate}T00:00:00Z`) / 86_400_000);
  const tipId = order[day % order.length];
  if (!tipId) throw new Error('The tip catalogue is empty');
  return tipId;
}

/** The server's whole order (for tests and for explaining the rotation). */
export function rotationOrder(guildId: string, tipIds: readonly string[]): string[] {
  const rankOf = serverRanks(guildId);
  // Each rank is hashed once, not once per comparison.
  return tipIds
    .map((id) => ({ id, rank: rankOf(id) }))
    .sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1))
    .map(({ id }) => id);
}

/**
 * A server's rank of each tip: FNV-1a of `guildId:tipId` with a murmur3 finaliser — fast, well
 * spread, identical on every machine. The `guildId:` prefix is hashed once per server, not per tip.
 */
function serverRanks(guildId: string): (tipId: string) => number {
  const prefix = fnv1a(0x811c9dc5, `${guildId}:`);
  return (tipId) => {
    let hash = fnv1a(prefix, tipId);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    return hash >>> 0;
  };
}

function fnv1a(start: number, text: string): number {
  let hash = start;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}
