import type { KnowledgeEntry } from './entry.js';
import { cachedStem, terms } from './text.js';

interface Phrasing {
  readonly text: string;
  readonly terms: readonly string[];
  /** Squared norms of the phrasing's vector under the two word weightings (computed once). */
  readonly phrasingNorm: number;
  readonly entryNorm: number;
}

/** The stemmed terms of an entry, by field: what a question is compared with. */
interface EntryTerms {
  /** The title and each alias: the ways members ask for this entry. */
  readonly phrasings: readonly Phrasing[];
  /** For each word pair found in a phrasing, how many phrasings hold it. */
  readonly pairs: ReadonlyMap<string, number>;
  /** What the entry is about: title, aliases, tags and summary. */
  readonly head: ReadonlySet<string>;
  /** Everything the entry says, including the body. */
  readonly all: ReadonlySet<string>;
  /** What names the entry: its title and tags. */
  readonly label: ReadonlySet<string>;
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
  /** Share of the shipped entries that use a stemmed term (0 for unknown words). */
  documentShare(term: string): number;
  /** The shipped entries whose title or an alias holds a stemmed term. */
  phrasedWith(term: string): readonly KnowledgeEntry[];
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
  /** Whether a word of the question is in the entry's title or tags. */
  readonly labelMatched?: boolean;
}

interface QuestionTerm {
  readonly phrasingWeight2: number;
  readonly entryWeight: number;
  readonly entryWeight2: number;
  readonly headWeight: number;
}

/** A question prepared once per search: its terms with their weights, its word pairs, its norms. */
interface PreparedQuestion {
  readonly terms: ReadonlyMap<string, QuestionTerm>;
  readonly pairs: readonly string[];
  readonly phrasingNorm: number;
  readonly entryNorm: number;
  readonly entryTotal: number;
  readonly headTotal: number;
}

function pairsOf(sequence: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let index = 0; index + 1 < sequence.length; index++) pairs.push(`${sequence[index]} ${sequence[index + 1]}`);
  return pairs;
}

interface RawTerms {
  readonly phrasings: readonly { readonly text: string; readonly sequence: readonly string[] }[];
  readonly head: Set<string>;
  readonly all: Set<string>;
  readonly label: Set<string>;
}

function rawTermsOf(entry: KnowledgeEntry): RawTerms {
  const phrasings = [entry.title, ...entry.aliases].map((text) => ({ text, sequence: terms(text) }));
  const head = new Set<string>();
  for (const phrasing of phrasings) for (const term of phrasing.sequence) head.add(term);
  for (const text of [entry.tags.join(' ').replace(/-/g, ' '), entry.summary]) for (const term of terms(text)) head.add(term);
  const all = new Set(head);
  for (const term of terms(entry.body)) all.add(term);
  const label = new Set([...(phrasings[0]?.sequence ?? []), ...terms(entry.tags.join(' ').replace(/-/g, ' '))]);
  return { phrasings, head, all, label };
}

/** Builds the word weights over the shipped entries; server-local entries reuse them. */
export function buildRankingModel(entries: readonly KnowledgeEntry[]): RankingModel {
  const raw = new Map(entries.map((entry) => [entry, rawTermsOf(entry)]));
  const byEntry = new Map<string, number>();
  const byHead = new Map<string, number>();
  const byPhrasing = new Map<string, number>();
  let phrasingCount = 0;
  for (const entryTerms of raw.values()) {
    for (const term of entryTerms.all) byEntry.set(term, (byEntry.get(term) ?? 0) + 1);
    for (const term of entryTerms.head) byHead.set(term, (byHead.get(term) ?? 0) + 1);
    for (const phrasing of entryTerms.phrasings) {
      phrasingCount++;
      for (const term of new Set(phrasing.sequence)) byPhrasing.set(term, (byPhrasing.get(term) ?? 0) + 1);
    }
  }
  const phrased = new Map<string, KnowledgeEntry[]>();
  for (const [entry, entryTerms] of raw) {
    for (const term of new Set(entryTerms.phrasings.flatMap((phrasing) => phrasing.sequence))) {
      const list = phrased.get(term);
      if (list) list.push(entry);
      else phrased.set(term, [entry]);
    }
  }
  const entryCount = Math.max(entries.length, 1);
  const share = new Map([...byEntry].map(([term, frequency]) => [term, frequency / entryCount]));
  const toIdf = (frequencies: Map<string, number>, total: number) => {
    for (const [term, frequency] of frequencies) frequencies.set(term, Math.log(1 + total / frequency));
    return frequencies;
  };
  const weights: Weights = {
    byEntry: toIdf(byEntry, entryCount),
    byHead: toIdf(byHead, entryCount),
    byPhrasing: toIdf(byPhrasing, Math.max(phrasingCount, 1)),
    unknown: { entry: Math.log(1 + entryCount / 0.5), phrasing: Math.log(1 + Math.max(phrasingCount, 1) / 0.5) },
  };
  const entryWeight = (term: string) => weights.byEntry.get(term) ?? weights.unknown.entry;
  const phrasingWeight = (term: string) => weights.byPhrasing.get(term) ?? weights.unknown.phrasing;

  const cache = new WeakMap<KnowledgeEntry, EntryTerms>();
  const termsOf = (entry: KnowledgeEntry): EntryTerms => {
    let cached = cache.get(entry);
    if (!cached) {
      const { phrasings, head, all, label } = raw.get(entry) ?? rawTermsOf(entry);
      const pairs = new Map<string, number>();
      const vectors = phrasings.map(({ text, sequence }) => {
        const unique = [...new Set(sequence)];
        for (const pair of new Set(pairsOf(sequence))) pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
        return {
          text,
          terms: unique,
          phrasingNorm: unique.reduce((sum, term) => sum + phrasingWeight(term) ** 2, 0),
          entryNorm: unique.reduce((sum, term) => sum + entryWeight(term) ** 2, 0),
        };
      });
      cached = { phrasings: vectors, pairs, head, all, label };
      cache.set(entry, cached);
    }
    return cached;
  };
  return { weights, termsOf, documentShare: (term) => share.get(term) ?? 0, phrasedWith: (term) => phrased.get(term) ?? [] };
}

/** Weighs a question's words (as `contentWords` returns them) once for all candidates. */
export function prepareQuestion(model: RankingModel, words: readonly string[]): PreparedQuestion {
  const { weights } = model;
  const sequence = words.map(cachedStem);
  const prepared = new Map<string, QuestionTerm>();
  let phrasingNorm = 0;
  let entryNorm = 0;
  let entryTotal = 0;
  let headTotal = 0;
  for (const term of sequence) {
    if (prepared.has(term)) continue;
    const entryWeight = weights.byEntry.get(term) ?? weights.unknown.entry;
    const phrasingWeight = weights.byPhrasing.get(term) ?? weights.unknown.phrasing;
    const headWeight = weights.byHead.get(term) ?? weights.unknown.entry;
    prepared.set(term, { phrasingWeight2: phrasingWeight ** 2, entryWeight, entryWeight2: entryWeight ** 2, headWeight });
    phrasingNorm += phrasingWeight ** 2;
    entryNorm += entryWeight ** 2;
    entryTotal += entryWeight;
    headTotal += headWeight;
  }
  return { terms: prepared, pairs: [...new Set(pairsOf(sequence))], phrasingNorm, entryNorm, entryTotal, headTotal };
}

/** How well an entry answers a question. */
export function signalsFor(model: RankingModel, entry: KnowledgeEntry, question: PreparedQuestion): Signals {
  const entryTerms = model.termsOf(entry);
  let best = 0;
  let phrase = entry.title;
  let first = 0;
  let second = 0;
  for (const phrasing of entryTerms.phrasings) {
    let sharedPhrasing = 0;
    let sharedEntry = 0;
    for (const term of phrasing.terms) {
      const weight = question.terms.get(term);
      if (weight) {
        sharedPhrasing += weight.phrasingWeight2;
        sharedEntry += weight.entryWeight2;
      }
    }
    if (sharedPhrasing === 0) continue;
    // IDF-weighted cosine similarity of the question and the phrasing, each word counted once.
    const similarity = sharedPhrasing / Math.sqrt(question.phrasingNorm * phrasing.phrasingNorm);
    if (similarity > best) {
      best = similarity;
      phrase = phrasing.text;
    }
    const byEntryWeight = sharedEntry / Math.sqrt(question.entryNorm * phrasing.entryNorm);
    if (byEntryWeight > first) {
      second = first;
      first = byEntryWeight;
    } else if (byEntryWeight > second) {
      second = byEntryWeight;
    }
  }

  let pairsFound = 0;
  for (const pair of question.pairs) pairsFound += entryTerms.pairs.get(pair) ?? 0;

  let covered = 0;
  let headCovered = 0;
  let wordsMatched = 0;
  let labelMatched = false;
  for (const [term, weight] of question.terms) {
    if (entryTerms.label.has(term)) labelMatched = true;
    if (entryTerms.all.has(term)) covered += weight.entryWeight;
    if (entryTerms.head.has(term)) {
      headCovered += weight.headWeight;
      wordsMatched++;
    }
  }
  return {
    phrasing: best,
    phrase,
    secondPhrasing: second,
    pairs: Math.min(pairsFound, 2) / 2,
    headCoverage: question.headTotal === 0 ? 0 : headCovered / question.headTotal,
    coverage: question.entryTotal === 0 ? 0 : covered / question.entryTotal,
    wordsMatched,
    labelMatched,
  };
}
