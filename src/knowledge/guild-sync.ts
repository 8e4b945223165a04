import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { KnowledgeStore, StoredEntry } from './entry-store.js';
import type { GuildEntryStore, SharedGuildEntry } from './guild-entry-store.js';
import { indexedText } from './indexer.js';
import type { KnowledgeSearch } from './search.js';

/** How old the last look at the shared version may be before a synchronous search starts another. */
const CHECK_AFTER_MS = 10_000;

const keyOf = (guildId: string, id: string, createdAt: string) => `${guildId}\u0000${id}\u0000${createdAt}`;

interface GuildSyncDependencies {
  readonly shared: GuildEntryStore;
  readonly index: KnowledgeStore;
  readonly search: KnowledgeSearch;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Keeps this process's search index (SQLite FTS5 and the in-memory bm25) in line with the servers'
 * entries in the shared database: a version counter, bumped with every change, is compared before
 * re-reading them. Asynchronous paths (/ask, votes, /kb review, promotions) check before they search;
 * synchronous ones start a check when the last is older than 10 s, so another host's change shows
 * here within one search and 10 s.
 */
export function createGuildEntrySync({ shared, index, search, clock, logger }: GuildSyncDependencies) {
  const known = new Map<string, StoredEntry>();
  for (const stored of index.allEntries()) {
    const { guildId, id } = stored.entry;
    if (guildId) known.set(keyOf(guildId, id, stored.createdAt), stored);
  }
  /** The version last applied; undefined: never looked, or this process changed entries on its own. */
  let synced: string | null | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const apply = (rows: readonly SharedGuildEntry[]) => {
    const wanted = new Map(rows.map((row) => [keyOf(row.entry.guildId, row.entry.id, row.createdAt), row]));
    const removed: number[] = [];
    for (const [key, stored] of known) {
      if (wanted.has(key) || !stored.entry.guildId) continue;
      index.unindexGuildEntry(stored.rowid, stored.entry.guildId, stored.entry.id, stored.createdAt);
      known.delete(key);
      removed.push(stored.rowid);
    }
    const added: StoredEntry[] = [];
    for (const [key, { entry, createdAt }] of wanted) {
      if (known.has(key)) continue;
      const stored = { rowid: index.indexGuildEntry(entry, indexedText(entry), createdAt), entry, createdAt };
      known.set(key, stored);
      added.push(stored);
    }
    if (added.length > 0 || removed.length > 0) search.update(added, removed);
  };

  const check = async () => {
    checkedAt = clock.now().getTime();
    // The version first: a change landing between the two reads is then applied now or on the next check.
    const version = await shared.version();
    if (version === synced) return;
    apply(await shared.all());
    synced = version;
  };

  const start = (): Promise<void> => {
    running = check().finally(() => {
      running = undefined;
    });
    return running;
  };

  /** One check at a time; a caller arriving during one waits for the next (its own write must be seen). */
  const refresh = (): Promise<void> => {
    if (queued) return queued;
    if (!running) return start();
    queued = running
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };

  return {
    refresh,

    /** For synchronous searches: starts a check when the last is stale, without waiting for it. */
    refreshSoon(): void {
      if (running || clock.now().getTime() - checkedAt < CHECK_AFTER_MS) return;
      refresh().catch((error: unknown) => logger.warn({ err: error }, 'could not bring the knowledge index in line with the shared database'));
    },

    /** This process removed a server's entry itself: out of the index at once, and re-read at the next check. */
    forget(guildId: string, id: string): void {
      for (const [key, stored] of known) {
        if (stored.entry.guildId !== guildId || stored.entry.id !== id) continue;
        index.unindexGuildEntry(stored.rowid, guildId, id, stored.createdAt);
        known.delete(key);
        search.update([], [stored.rowid]);
      }
      synced = undefined;
    },
  };
}
