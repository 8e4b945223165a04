import type { KnowledgeEntry } from './entry.js';
import { terms } from './text.js';

interface Phrasing {
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  readonly bigrams: ReadonlySet<string>;
}

/** The stemmed terms of an entry, by field: what a question is compared with. */
export interface EntryTerms {
  /** The title and each alias: the ways members ask for this entry. */
  readonly phrasings: readonly Phrasing[];
  /** What the entry is about: title, aliases, tags and summary. */
  readonly head: ReadonlySet<string>;
  /** Everything the entry says, including the body. */
  readonly all: ReadonlySet<string>;
}

/** Inverse document frequencies: how much a shared word says about a match. */
interface Weights {
  readonly byEntry: ReadonlyMap<string, number>;
  readonly byHead: ReadonlyMap<string, number>;
  readonly byPhrasing: ReadonlyMap<string, number>;
  /** Words the knowledge base never uses weigh like the rarest words, so off-topic questions score low. */
  readonly unknown: { readonly entry: number; readonly phrasing: number };
}

export interface RankingModel {
  readonly weights: Weights;
  termsOf(entry: KnowledgeEntry): EntryTerms;
}

/** The evidence that an entry answers a question, each between 0 and 1. */
export interface Signals {
  /** Similarity to the closest title or alias (words weighted by rarity among all phrasings). */
  readonly phrasing: number;
  /** Similarity to the second-closest phrasing: an entry several phrasings agree on is a safer answer. */
  readonly secondPhrasing: number;
  /** Word pairs of the question found together in one phrasing ("on call", "cost center"). */
  readonly pairs: number;
  /** Share of the question's weight found in the title, aliases, tags or summary. */
  readonly headCoverage: number;
  /** Share of the question's weight found anywhere in the entry. */
  readonly coverage: number;
  /** How many different words of the question the title, aliases, tags or summary contain. */
  readonly wordsMatched: number;
  /** The phrasing that matched best, shown to the member as how the answer was found. */
  readonly phrase: string;
}

export function questionTerms(question: string): { terms: ReadonlySet<string>; bigrams: ReadonlySet<string> } {
  const sequence = terms(question);
  return { terms: new Set(sequence), bigrams: bigramsOf(sequence) };
}

function bigramsOf(sequence: readonly string[]): Set<string> {
  const bigrams = new Set<string>();
  for (let index = 0; index + 1 < sequence.length; index++) bigrams.add(`${sequence[index]} ${sequence[index + 1]}`);
  return bigrams;
}

function computeEntryTerms(entry: KnowledgeEntry): EntryTerms {
  const phrasings = [entry.title, ...entry.aliases].map((text) => {
    const sequence = terms(text);
    return { text, terms: new Set(sequence), bigrams: bigramsOf(sequence) };
  });
  const head = new Set<string>();
  for (const phrasing of phrasings) for (const term of phrasing.terms) head.add(term);
  for (const text of [entry.tags.join(' ').replace(/-/g, ' '), entry.summary]) for (const term of terms(text)) head.add(term);
  const all = new Set(head);
  for (const term of terms(entry.body)) all.add(term);
  return { phrasings, head, all };
}

/** Builds the word weights over the shipped entries; server-local entries reuse them. */
export function buildRankingModel(entries: readonly KnowledgeEntry[]): RankingModel {
  const cache = new WeakMap<KnowledgeEntry, EntryTerms>();
  const termsOf = (entry: KnowledgeEntry): EntryTerms => {
    let cached = cache.get(entry);
    if (!cached) {
      cached = computeEntryTerms(entry);
      cache.set(entry, cached);
    }
    return cached;
  };
  const byEntry = new Map<string, number>();
  const byHead = new Map<string, number>();
  const byPhrasing = new Map<string, number>();
  let phrasingCount = 0;
  for (const entry of entries) {
    const entryTerms = termsOf(entry);
    for (const term of entryTerms.all) byEntry.set(term, (byEntry.get(term) ?? 0) + 1);
    for (const term of entryTerms.head) byHead.set(term, (byHead.get(term) ?? 0) + 1);
    for (const phrasing of entryTerms.phrasings) {
      phrasingCount++;
      for (const term of phrasing.terms) byPhrasing.set(term, (byPhrasing.get(term) ?? 0) + 1);
    }
  }
  const entryCount = Math.max(entries.length, 1);
  const toIdf = (frequencies: Map<string, number>, total: number) => {
    for (const [term, frequency] of frequencies) frequencies.set(term, Math.log(1 + total / frequency));
    return frequencies;
  };
  return {
    weights: {
      byEntry: toIdf(byEntry, entryCount),
      byHead: toIdf(byHead, entryCount),
      byPhrasing: toIdf(byPhrasing, Math.max(phrasingCount, 1)),
      unknown: { entry: Math.log(1 + entryCount / 0.5), phrasing: Math.log(1 + Math.max(phrasingCount, 1) / 0.5) },
    },
    termsOf,
  };
}

/** IDF-weighted cosine similarity of two term sets (each term counted once). */
function similarity(question: ReadonlySet<string>, phrasing: ReadonlySet<string>, weight: (term: string) => number): number {
  let shared = 0;
  let questionNorm = 0;
  let phrasingNorm = 0;
  for (const term of question) {
    const value = weight(term) ** 2;
    questionNorm += value;
    if (phrasing.has(term)) shared += value;
  }
  if (shared === 0) return 0;
  for (const term of phrasing) phrasingNorm += weight(term) ** 2;
  return shared / Math.sqrt(questionNorm * phrasingNorm);
}

/** How well an entry answers a question. */
export function signalsFor(model: RankingModel, entry: KnowledgeEntry, question: ReturnType<typeof questionTerms>): Signals {
  const { weights } = model;
  const entryWeight = (term: string) => weights.byEntry.get(term) ?? weights.unknown.entry;
  const headWeight = (term: string) => weights.byHead.get(term) ?? weights.unknown.entry;
  const phrasingWeight = (term: string) => weights.byPhrasing.get(term) ?? weights.unknown.phrasing;
  const entryTerms = model.termsOf(entry);

  let best = { phrasing: 0, phrase: entry.title };
  const byEntryWeight: number[] = [];
  let pairsFound = 0;
  for (const phrasing of entryTerms.phrasings) {
    const score = similarity(question.terms, phrasing.terms, phrasingWeight);
    if (score > best.phrasing) best = { phrasing: score, phrase: phrasing.text };
    byEntryWeight.push(similarity(question.terms, phrasing.terms, entryWeight));
    for (const bigram of question.bigrams) if (phrasing.bigrams.has(bigram)) pairsFound++;
  }
  byEntryWeight.sort((a, b) => b - a);

  let total = 0;
  let covered = 0;
  let headTotal = 0;
  let headCovered = 0;
  let wordsMatched = 0;
  for (const term of question.terms) {
    total += entryWeight(term);
    headTotal += headWeight(term);
    if (entryTerms.all.has(term)) covered += entryWeight(term);
    if (entryTerms.head.has(term)) {
      headCovered += headWeight(term);
      wordsMatched++;
    }
  }
  return {
    phrasing: best.phrasing,
    phrase: best.phrase,
    secondPhrasing: byEntryWeight[1] ?? 0,
    pairs: Math.min(pairsFound, 2) / 2,
    headCoverage: headTotal === 0 ? 0 : headCovered / headTotal,
    coverage: total === 0 ? 0 : covered / total,
    wordsMatched,
  };
}
