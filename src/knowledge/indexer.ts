import type { MetaStoreNow } from '../db/index.js';
import type { KnowledgeEntry } from './entry.js';
import type { IndexedText, KnowledgeStore } from './entry-store.js';
import { normalizeText } from './text.js';

/** Bump when the indexed text changes shape, so existing databases re-index once. */
const INDEX_VERSION = 2;
const HASH_KEY = 'knowledge.content-hash';

export function indexedText(entry: KnowledgeEntry): IndexedText {
  return {
    title: normalizeText(entry.title),
    aliases: entry.aliases.map(normalizeText).join(' | '),
    tags: normalizeText(entry.tags.join(' ').replace(/-/g, ' ')),
    summary: normalizeText(entry.summary),
    body: normalizeText(entry.body.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')),
  };
}

/** Re-indexes the shipped entries only when their content (or the index format) changed. */
export function syncShippedEntries(
  store: KnowledgeStore,
  meta: MetaStoreNow,
  content: { entries: readonly KnowledgeEntry[]; hash: string },
  now: string,
): 'rebuilt' | 'unchanged' {
  const hash = `${INDEX_VERSION}:${content.hash}`;
  if (meta.get(HASH_KEY) === hash) return 'unchanged';
  store.replaceShipped(
    content.entries.map((entry) => ({ entry, text: indexedText(entry) })),
    now,
  );
  meta.set(HASH_KEY, hash);
  return 'rebuilt';
}
