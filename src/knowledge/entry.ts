/** A knowledge-base entry as the bot uses it (shipped from data/knowledge/, or promoted in a server). */
export interface KnowledgeEntry {
  readonly id: string;
  readonly title: string;
  readonly aliases: readonly string[];
  readonly tags: readonly string[];
  readonly related: readonly string[];
  readonly summary: string;
  readonly body: string;
  readonly source?: { readonly title: string; readonly url: string } | undefined;
  /** Set for entries promoted from a community answer: only that server sees them. */
  readonly guildId?: string | undefined;
  /** The member credited for a promoted entry. */
  readonly authorId?: string | undefined;
}
