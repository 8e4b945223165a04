import { contentWords, normalizeText, terms } from '../knowledge/text.js';
import { scopeToken, type QuestionStore } from './question-store.js';

/**
 * Full-text search over a server's questions and answers. FTS5 finds candidates newest first in
 * bounded windows (no bm25: it scans every match, so it grows with the corpus), in three tiers —
 * every word in the question, every word anywhere (answers included), any word — and the
 * candidates are re-ranked here from their stored stemmed terms. The cost of a query depends on
 * the window sizes, not on how many questions a server has.
 */

export interface QuestionHit {
  readonly questionId: number;
  /** Higher is better; tier (2, 1, 0) plus how much of the query the question's own words cover. */
  readonly score: number;
  /** 0–1: Dice overlap of the query's and the question's stemmed words. */
  readonly similarity: number;
}

export interface SearchOptions {
  readonly limit: number;
  /** Members also find their own questions that are not public yet (pending). */
  readonly viewerId?: string;
  /** Autocomplete: the last word may be unfinished. */
  readonly prefix?: boolean;
  /** Include the any-word tier even when the stricter tiers already filled the page. */
  readonly broad?: boolean;
}

const WINDOW = { question: 60, all: 60, any: 120 } as const;
const MAX_WORDS = 8;

/** What the index stores for a question: the same normalisation the queries get. */
export function indexedText(text: string): string {
  return normalizeText(text);
}

/** The stemmed words stored with a question for re-ranking. */
export function searchTerms(text: string): string {
  return [...new Set(terms(text))].join(' ');
}

export function searchQuestions(store: QuestionStore, guildId: string, query: string, options: SearchOptions): QuestionHit[] {
  const words = [...new Set(contentWords(query))].slice(0, MAX_WORDS);
  if (words.length === 0) return [];
  const phrases = words.map((word, index) => `"${word.replace(/"/g, '""')}"${options.prefix && index === words.length - 1 ? '*' : ''}`);
  const scope = `scope:"${scopeToken(guildId)}"`;
  const all = phrases.join(' AND ');
  const tiers = new Map<number, number>();
  const collect = (ids: readonly number[], tier: number) => {
    for (const id of ids) if (!tiers.has(id)) tiers.set(id, tier);
  };
  collect(store.searchIds(`${scope} AND question:(${all})`, WINDOW.question), 2);
  if (options.broad || tiers.size < options.limit) collect(store.searchIds(`${scope} AND (${all})`, WINDOW.all), 1);
  if (words.length > 1 && (options.broad || tiers.size < options.limit)) collect(store.searchIds(`${scope} AND (${phrases.join(' OR ')})`, WINDOW.any), 0);
  if (tiers.size === 0) return [];

  const asked = new Set(terms(query));
  const hits: QuestionHit[] = [];
  for (const candidate of store.candidates(guildId, [...tiers.keys()])) {
    const visible = candidate.publication === 'posted' || (candidate.publication === 'pending' && candidate.askerId === options.viewerId);
    if (!visible) continue;
    const own = candidate.terms ? candidate.terms.split(' ') : [];
    const shared = own.filter((term) => asked.has(term)).length;
    const coverage = asked.size > 0 ? shared / asked.size : 0;
    const similarity = asked.size + own.length > 0 ? (2 * shared) / (asked.size + own.length) : 0;
    hits.push({ questionId: candidate.id, score: (tiers.get(candidate.id) ?? 0) + coverage + similarity / 2, similarity });
  }
  return hits.sort((a, b) => b.score - a.score || b.questionId - a.questionId).slice(0, options.limit);
}

/** Earlier questions that look like the same question: most of the words shared both ways. */
export function similarQuestions(store: QuestionStore, guildId: string, text: string, options: { limit: number; threshold: number; viewerId?: string }): QuestionHit[] {
  return searchQuestions(store, guildId, text, { limit: 25, broad: true, ...(options.viewerId ? { viewerId: options.viewerId } : {}) })
    .filter((hit) => hit.similarity >= options.threshold)
    .sort((a, b) => b.similarity - a.similarity || b.questionId - a.questionId)
    .slice(0, options.limit);
}
