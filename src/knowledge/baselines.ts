import Fuse from 'fuse.js';
import { Bm25Index } from './bm25.js';
import type { KnowledgeEntry } from './entry.js';
import { FTS_COLUMN_WEIGHTS, type KnowledgeStore } from './entry-store.js';
import { contentWords, ftsTerm } from './text.js';

/** What an eval needs from a subject: its ranked entries and whether it answered. */
export interface RankedAnswer {
  readonly hits: readonly { readonly entry: KnowledgeEntry; readonly score: number }[];
  readonly answer: { readonly entry: KnowledgeEntry; readonly score: number } | null;
}

export type Answerer = (question: string) => RankedAnswer;

const K1_PLUS_ONE = 2.2;

/**
 * The bot without its re-ranking: FTS5's bm25 over the same index and the same words. The score is
 * bm25 over the best it could be for those words (every word saturated in one row), so a threshold
 * can reject. BM25_ONLY_THRESHOLD, like FUSE_THRESHOLD, is the one that answers most of the
 * development and member-question sets right (the sets the bot was fitted on), never the frozen one.
 */
const BM25_ONLY_THRESHOLD = 0.4;

export function bm25OnlyAnswerer(store: KnowledgeStore, limit = 5): Answerer {
  const entries = new Map(store.allEntries().map((stored) => [stored.rowid, stored.entry]));
  const { rows, instances } = store.ftsIndex();
  const index = new Bm25Index(rows, instances, FTS_COLUMN_WEIGHTS);
  const idf = (term: string) => {
    const share = index.documentFrequency(term);
    if (share === 0) return 0;
    const value = Math.log((rows - share + 0.5) / (share + 0.5));
    return value > 0 ? value : 1e-6;
  };
  return (question) => {
    const terms = [...new Set(contentWords(question).map(ftsTerm))];
    // Words the index never saw still count in the ceiling: a question mostly about something else is not a match.
    const known = terms.map(idf);
    const rarest = Math.max(0, ...known);
    const ceiling = known.reduce((sum, value) => sum + (value === 0 ? rarest || 1 : value), 0) * K1_PLUS_ONE;
    const hits = index
      .search(terms, (rowid) => !entries.get(rowid)?.guildId, limit)
      .flatMap(({ rowid, bm25 }) => {
        const entry = entries.get(rowid);
        return entry ? [{ entry, score: ceiling > 0 ? Math.round((-bm25 / ceiling) * 1000) / 1000 : 0 }] : [];
      });
    const best = hits[0];
    return { hits, answer: best && best.score >= BM25_ONLY_THRESHOLD ? best : null };
  };
}

/**
 * What most FAQ and tag bots do: fuse.js fuzzy matching over titles, aliases (the questions) and
 * tags, answering when the best match is within fuse's threshold. Options as such bots set them:
 * the match may sit anywhere in the text, and a threshold below fuse's default of 0.6 so that
 * off-topic messages get no answer.
 */
const FUSE_THRESHOLD = 0.35;

export function fuseAnswerer(entries: readonly KnowledgeEntry[], limit = 5): Answerer {
  const fuse = new Fuse(entries, {
    keys: [
      { name: 'title', weight: 2 },
      { name: 'aliases', weight: 2 },
      { name: 'tags', weight: 1 },
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: FUSE_THRESHOLD,
  });
  return (question) => {
    const hits = fuse.search(question.trim(), { limit }).map((result) => ({
      entry: result.item,
      score: Math.round((1 - (result.score ?? 1)) * 1000) / 1000,
    }));
    return { hits, answer: hits[0] ?? null };
  };
}
