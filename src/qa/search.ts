import { contentWords, normalizeText, terms } from '../knowledge/text.js';
import { scopeToken, type QuestionStore } from './question-store.js';
import type { TermFrequencies } from './term-frequencies.js';
import type { Question } from './types.js';

/**
 * Full-text search over a server's questions and answers, bounded whatever the corpus size. FTS5
 * finds candidates newest first in fixed windows — no bm25, which reads every match to weigh its
 * terms — in three tiers: the question has the query's telling words; an answer has them; the
 * question has any of the words. The candidates are then re-ranked here by how much of the query
 * the question's own (stored, stemmed) words cover.
 *
 * The first pass matches without the server filter (its term is in every row of a big server and
 * makes FTS5 intersect a long list); the server filter then applies to the candidates, and a tier
 * whose window was crowded out by other servers' rows runs again inside this server only.
 */

interface QuestionHit {
  readonly questionId: number;
  /** Higher is better: the tier (2, 1, 0) plus how much of the query the question's own words cover. */
  readonly score: number;
  /** 0–1: Dice overlap of the query's and the question's stemmed words. */
  readonly similarity: number;
}

interface SearchOptions {
  readonly limit: number;
  /** Members also find their own questions that are not public yet (pending). */
  readonly viewerId?: string;
  /** Autocomplete: the last word may be unfinished. */
  readonly prefix?: boolean;
  /** Every tier, even when the stricter ones filled the page (finding near-duplicates). */
  readonly broad?: boolean;
  /** Word frequencies: the all-words tiers AND the rarest words; without them, the longest. */
  readonly frequencies?: TermFrequencies;
}

const WINDOW = { strict: 30, loose: 80 } as const;
/** Words of a query used at all, and (the rarest) in the all-words tiers. */
const MAX_WORDS = 8;
const STRICT_WORDS = 3;

/** What the index stores for a text: the same normalisation the queries get. */
export function indexedText(text: string): string {
  return normalizeText(text);
}

/** The stemmed words stored with a question for re-ranking. */
export function searchTerms(text: string): string {
  return [...new Set(terms(text))].join(' ');
}

/**
 * Brings a question's index row in line (inside the change's transaction): it carries its answers'
 * text too, so a search finds questions by their answers; removed, merged and unposted ones leave it.
 */
export function reindexQuestion(store: QuestionStore, question: Question): void {
  const live = !question.deletedAt && question.mergedInto === null && (question.publication === 'pending' || question.publication === 'posted');
  if (!live) {
    store.unindex(question.id);
    return;
  }
  store.index(question.id, question.guildId, indexedText(question.text), indexedText(store.answerTexts(question.id).join('\n')));
}

type Candidate = ReturnType<QuestionStore['candidates']>[number];

export function searchQuestions(store: QuestionStore, guildId: string, query: string, options: SearchOptions): QuestionHit[] {
  const words = [...new Set(contentWords(query))].slice(0, MAX_WORDS);
  if (words.length === 0) return [];
  const phrase = (word: string) => `"${word.replace(/"/g, '""')}"${options.prefix && word === words.at(-1) ? '*' : ''}`;
  const rarity = (word: string) => options.frequencies?.of(word) ?? -word.length;
  const telling = [...words].sort((a, b) => rarity(a) - rarity(b) || b.length - a.length).slice(0, STRICT_WORDS).map(phrase).join(' AND ');
  const any = words.map(phrase).join(' OR ');

  const found = new Map<number, { candidate: Candidate; tier: number }>();
  const collect = (tier: number, index: 'questions' | 'answers', match: string, window: number): void => {
    const ids = store.searchIds(match, window, index);
    let mine = store.candidates(guildId, ids);
    if (ids.length === window && mine.length < options.limit) {
      mine = store.candidates(guildId, store.searchIds(`scope:"${scopeToken(guildId)}" AND (${match})`, window, index));
    }
    for (const candidate of mine) if (!found.has(candidate.id)) found.set(candidate.id, { candidate, tier });
  };
  const wanted = () => options.broad || found.size < options.limit;

  collect(2, 'questions', telling, WINDOW.strict);
  if (wanted()) collect(1, 'answers', telling, WINDOW.strict);
  if (wanted() && words.length > 1) collect(0, 'questions', any, WINDOW.loose);

  const asked = new Set(terms(query));
  const hits: QuestionHit[] = [];
  for (const { candidate, tier } of found.values()) {
    const visible = candidate.publication === 'posted' || (candidate.publication === 'pending' && candidate.askerId === options.viewerId);
    if (!visible) continue;
    const own = candidate.terms ? candidate.terms.split(' ') : [];
    const shared = own.filter((term) => asked.has(term)).length;
    const coverage = asked.size > 0 ? shared / asked.size : 0;
    const similarity = asked.size + own.length > 0 ? (2 * shared) / (asked.size + own.length) : 0;
    hits.push({ questionId: candidate.id, score: tier + coverage + similarity / 2, similarity });
  }
  return hits.sort((a, b) => b.score - a.score || b.questionId - a.questionId).slice(0, options.limit);
}

/** Earlier questions that look like the same question: most of the words shared both ways. */
export function similarQuestions(
  store: QuestionStore,
  guildId: string,
  text: string,
  options: { limit: number; threshold: number; viewerId?: string; frequencies?: TermFrequencies },
): QuestionHit[] {
  const { limit, threshold, ...search } = options;
  return searchQuestions(store, guildId, text, { ...search, limit: 25, broad: true })
    .filter((hit) => hit.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || b.questionId - a.questionId)
    .slice(0, limit);
}
