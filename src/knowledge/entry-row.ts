import type { KnowledgeEntry } from './entry.js';

/** The columns of kb_entries an entry is read from, as either store sees them. */
interface EntryColumns {
  readonly id: string;
  readonly guild_id: string | null;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly aliases: string;
  readonly tags: string;
  readonly related: string;
  readonly source_title: string | null;
  readonly source_url: string | null;
  readonly author_id: string | null;
}

/** An entry from its row: the search index's store and the shared server-entry store read the same table. */
export function entryFromRow(row: EntryColumns): KnowledgeEntry {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    body: row.body,
    aliases: JSON.parse(row.aliases) as string[],
    tags: JSON.parse(row.tags) as string[],
    related: JSON.parse(row.related) as string[],
    source: row.source_title && row.source_url ? { title: row.source_title, url: row.source_url } : undefined,
    guildId: row.guild_id ?? undefined,
    authorId: row.author_id ?? undefined,
  };
}
