import { writeTransaction, type Db } from '../db/index.js';
import type { TermInstance } from './bm25.js';
import type { KnowledgeEntry } from './entry.js';
import { entryFromRow } from './entry-row.js';

interface EntryRow {
  rowid: number;
  created_at: string;
  id: string;
  guild_id: string | null;
  title: string;
  summary: string;
  body: string;
  aliases: string;
  tags: string;
  related: string;
  source_title: string | null;
  source_url: string | null;
  author_id: string | null;
}

/** The text FTS5 indexes for an entry, already normalised (synonyms rewritten, markdown stripped). */
export interface IndexedText {
  readonly title: string;
  readonly aliases: string;
  readonly tags: string;
  readonly summary: string;
  readonly body: string;
}

export interface StoredEntry {
  readonly rowid: number;
  readonly entry: KnowledgeEntry;
  readonly createdAt: string;
}

interface FtsCandidate {
  readonly rowid: number;
  /** FTS5 bm25: lower (more negative) is better. */
  readonly bm25: number;
}

/** The kb_fts columns in order, and their bm25 weights: how members phrase a question lives in titles and aliases, then tags and summary. */
const FTS_COLUMNS = ['title', 'aliases', 'tags', 'summary', 'body'] as const;
export const FTS_COLUMN_WEIGHTS: readonly number[] = [10, 8, 4, 3, 1];

/** SQL for the knowledge base's entries and their FTS5 index (the /ask log and votes: ask-log-store.ts). */
export function createKnowledgeStore(db: Db) {
  // Per connection, in temp: every token of kb_fts as FTS5's tokenizer stored it (term, row, column).
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_fts_instances USING fts5vocab(main, 'kb_fts', 'instance')");
  const statements = {
    selectEntries: db.prepare<[string | null], EntryRow>(
      'SELECT * FROM kb_entries WHERE guild_id IS NULL OR guild_id = ? ORDER BY rowid',
    ),
    selectAll: db.prepare<[], EntryRow>('SELECT * FROM kb_entries ORDER BY rowid'),
    selectShippedRowids: db.prepare<[], { rowid: number }>('SELECT rowid FROM kb_entries WHERE guild_id IS NULL'),
    deleteFts: db.prepare<[number]>('DELETE FROM kb_fts WHERE rowid = ?'),
    selectGuildRow: db.prepare<[string, string, string], { rowid: number }>('SELECT rowid FROM kb_entries WHERE guild_id = ? AND id = ? AND created_at = ?'),
    // Only the row it names: in a shared SQLite file a rowid freed by another process may be reused.
    deleteGuildRow: db.prepare<[number, string, string, string]>('DELETE FROM kb_entries WHERE rowid = ? AND guild_id = ? AND id = ? AND created_at = ?'),
    selectFts: db.prepare<[number], { rowid: number }>('SELECT rowid FROM kb_fts WHERE rowid = ?'),
    deleteShipped: db.prepare('DELETE FROM kb_entries WHERE guild_id IS NULL'),
    insertEntry: db.prepare<
      [string, string | null, string, string, string, string, string, string, string | null, string | null, string | null, string]
    >(
      `INSERT INTO kb_entries (id, guild_id, title, summary, body, aliases, tags, related, source_title, source_url, author_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertFts: db.prepare<[number | bigint, string, string, string, string, string]>(
      'INSERT INTO kb_fts (rowid, title, aliases, tags, summary, body) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    search: db.prepare<[string, string | null, number], FtsCandidate>(
      `SELECT kb_fts.rowid AS rowid, bm25(kb_fts, ${FTS_COLUMN_WEIGHTS.join(', ')}) AS bm25
         FROM kb_fts JOIN kb_entries e ON e.rowid = kb_fts.rowid
        WHERE kb_fts MATCH ? AND (e.guild_id IS NULL OR e.guild_id = ?)
        ORDER BY bm25 LIMIT ?`,
    ),
    instances: db.prepare<[], [string, number, string]>('SELECT term, doc, col FROM temp.kb_fts_instances').raw(),
    countRows: db.prepare<[], { rows: number }>('SELECT count(*) AS rows FROM kb_entries'),
  };

  const insertRow = (entry: KnowledgeEntry, createdAt: string): number =>
    Number(
      statements.insertEntry.run(
        entry.id,
        entry.guildId ?? null,
        entry.title,
        entry.summary,
        entry.body,
        JSON.stringify(entry.aliases),
        JSON.stringify(entry.tags),
        JSON.stringify(entry.related),
        entry.source?.title ?? null,
        entry.source?.url ?? null,
        entry.authorId ?? null,
        createdAt,
      ).lastInsertRowid,
    );
  const insertFts = (rowid: number, text: IndexedText) => statements.insertFts.run(rowid, text.title, text.aliases, text.tags, text.summary, text.body);
  const insert = (entry: KnowledgeEntry, text: IndexedText, createdAt: string): number => {
    const rowid = insertRow(entry, createdAt);
    insertFts(rowid, text);
    return rowid;
  };

  return {
    /** Swaps every shipped entry and its index rows in one transaction. */
    replaceShipped: writeTransaction(db, (entries: readonly { entry: KnowledgeEntry; text: IndexedText }[], createdAt: string) => {
      for (const { rowid } of statements.selectShippedRowids.all()) statements.deleteFts.run(rowid);
      statements.deleteShipped.run();
      for (const { entry, text } of entries) insert(entry, text, createdAt);
    }),
    /**
     * Indexes a server's entry from the shared database (guild-entry-store.ts): its row, when the
     * shared database is another one (PostgreSQL) or it is not there yet, and its FTS5 row, unless a
     * process on the same SQLite file indexed it already. Returns its rowid here.
     */
    indexGuildEntry: writeTransaction(db, (entry: KnowledgeEntry & { guildId: string }, text: IndexedText, createdAt: string): number => {
      const rowid = statements.selectGuildRow.get(entry.guildId, entry.id, createdAt)?.rowid ?? insertRow(entry, createdAt);
      if (!statements.selectFts.get(rowid)) insertFts(rowid, text);
      return rowid;
    }),
    /**
     * FTS5 rows for the server entries of this file that a process committed without them (it stopped
     * between the two): read at start, before the index is read into memory. How many were missing.
     */
    repairGuildIndex(entries: readonly StoredEntry[], textOf: (entry: KnowledgeEntry) => IndexedText): number {
      const missing = entries.filter((stored) => stored.entry.guildId && !statements.selectFts.get(stored.rowid));
      if (missing.length > 0) writeTransaction(db, () => missing.forEach((stored) => statements.selectFts.get(stored.rowid) ?? insertFts(stored.rowid, textOf(stored.entry))))();
      return missing.length;
    },
    /** Takes a server's entry out of this index (the shared database no longer has it). */
    unindexGuildEntry: writeTransaction(db, (rowid: number, guildId: string, id: string, createdAt: string): void => {
      statements.deleteFts.run(rowid);
      statements.deleteGuildRow.run(rowid, guildId, id, createdAt);
    }),
    /** Shipped entries plus, with a guild id, that server's own. */
    entries(guildId: string | null): StoredEntry[] {
      return statements.selectEntries.all(guildId).map(toStored);
    },
    allEntries(): StoredEntry[] {
      return statements.selectAll.all().map(toStored);
    },
    /** Entries holding any of the words, best bm25 first; the words are matched as plain terms. */
    search(words: readonly string[], guildId: string | null, limit: number): FtsCandidate[] {
      if (words.length === 0) return [];
      const match = words.map((word) => `"${word.replace(/"/g, '""')}"`).join(' OR ');
      return statements.search.all(match, guildId, limit);
    },
    /** FTS5's own index, token by token, and its row count: what bm25() computes from. */
    ftsIndex(): { rows: number; instances: Iterable<TermInstance> } {
      const rows = statements.countRows.get()?.rows ?? 0;
      const columnOf = new Map<string, number>(FTS_COLUMNS.map((name, index) => [name, index]));
      // Streamed: a thousand entries are half a million tokens.
      function* instances(): Generator<TermInstance> {
        for (const [term, rowid, column] of statements.instances.iterate()) yield { term, rowid, column: columnOf.get(column) ?? FTS_COLUMNS.length - 1 };
      }
      return { rows, instances: instances() };
    },
  };
}

export type KnowledgeStore = ReturnType<typeof createKnowledgeStore>;

function toStored(row: EntryRow): StoredEntry {
  return { rowid: row.rowid, entry: entryFromRow(row), createdAt: row.created_at };
}

