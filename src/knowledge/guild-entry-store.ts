import { sql, type Selectable } from 'kysely';
import { changed, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';
import type { KnowledgeEntry } from './entry.js';
import { entryFromRow } from './entry-row.js';

type EntryRow = Selectable<DatabaseSchema['kb_entries']>;

/** A server's own entry as the shared database holds it; `createdAt` tells a re-added entry from the one it replaced. */
export interface SharedGuildEntry {
  readonly entry: KnowledgeEntry & { guildId: string };
  readonly createdAt: string;
}

/** Bumped in the same unit of work as every change to server entries: hosts compare it before re-reading them. */
const VERSION_KEY = 'knowledge.guild-entries-version';

/**
 * SQL for the servers' own knowledge-base entries (promoted answers, drafts from /kb review) in the
 * shared database, on SQLite and PostgreSQL alike. They are the truth each process's search index
 * (entry-store.ts, SQLite) is brought in line with; the shipped entries never come here.
 */
export function createGuildEntryStore(database: SqlDatabase) {
  const { kysely: db } = database;
  const bumpVersion = () =>
    db
      .insertInto('meta')
      .values({ key: VERSION_KEY, value: '1' })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: sql<string>`CAST(CAST(meta.value AS integer) + 1 AS text)` }));
  const rowQuery = (guildId: string, id: string) => db.selectFrom('kb_entries').select('rowid').where('guild_id', '=', guildId).where('id', '=', id);
  const removal = (guildId: string, id: string) => db.deleteFrom('kb_entries').where('guild_id', '=', guildId).where('id', '=', id);

  return {
    /** Changes with every write to server entries (null before the first). */
    version: async (): Promise<string | null> =>
      (await db.selectFrom('meta').select('value').where('key', '=', VERSION_KEY).executeTakeFirst())?.value ?? null,

    all: async (): Promise<SharedGuildEntry[]> =>
      (await db.selectFrom('kb_entries').selectAll().where('guild_id', 'is not', null).orderBy('rowid').execute()).flatMap((row) => toShared(row) ?? []),

    /** Adds a server's entry; false when it already has one with that id (the unique index decides, not a read). */
    *insert(entry: KnowledgeEntry & { guildId: string }, createdAt: string): Work<boolean> {
      const added = yield* changed(
        db
          .insertInto('kb_entries')
          .values({
            id: entry.id,
            guild_id: entry.guildId,
            title: entry.title,
            summary: entry.summary,
            body: entry.body,
            aliases: JSON.stringify(entry.aliases),
            tags: JSON.stringify(entry.tags),
            related: JSON.stringify(entry.related),
            source_title: entry.source?.title ?? null,
            source_url: entry.source?.url ?? null,
            author_id: entry.authorId ?? null,
            created_at: createdAt,
          })
          .onConflict((conflict) => conflict.expression(sql`(coalesce(guild_id, '')), id`).doNothing()),
      );
      if (added > 0) yield* changed(bumpVersion());
      return added > 0;
    },

    /** Deletes a server's entry; false when there was none. */
    *remove(guildId: string, id: string): Work<boolean> {
      if (!(yield* first(rowQuery(guildId, id)))) return false;
      yield* changed(removal(guildId, id));
      yield* changed(bumpVersion());
      return true;
    },

    /**
     * The same removal run synchronously, for Q&A's deletions that call it inside their SQLite
     * transaction (a transition bridge, docs/postgres.md): SQLite only, until Q&A yields `remove`.
     */
    removeNow(guildId: string, id: string): boolean {
      const run = database.readNow;
      if (!run) throw new Error('Synchronous removal exists only on SQLite: yield remove() inside a unit of work instead.');
      if (run(rowQuery(guildId, id)).length === 0) return false;
      run(removal(guildId, id));
      run(bumpVersion());
      return true;
    },
  };
}

export type GuildEntryStore = ReturnType<typeof createGuildEntryStore>;

function toShared(row: EntryRow): SharedGuildEntry | null {
  if (row.guild_id === null) return null;
  return {
    entry: { ...entryFromRow(row), guildId: row.guild_id },
    createdAt: row.created_at,
  };
}
