import type { KnowledgeEntry } from './entry.js';
import { buildRankingModel, prepareQuestion, signalsFor, type RankingModel, type Signals } from './ranking.js';
import { Bm25Index, type Bm25Hit } from './bm25.js';
import { FTS_COLUMN_WEIGHTS, type KnowledgeStore, type StoredEntry } from './entry-store.js';
import { Speller } from './spelling.js';
import { cachedStem, contentWords, ftsTerm } from './text.js';

export interface SearchHit {
  readonly entry: KnowledgeEntry;
  /** 0–1: how sure the bot is that this entry answers the question. */
  readonly score: number;
  readonly signals: Signals & { readonly bm25: number };
}

export interface SearchResult {
  /** Ranked candidates, best first (also below the threshold: "closest topics"). */
  readonly hits: readonly SearchHit[];
  /** The best hit when it clears the confidence threshold, else null: "I don't know". */
  readonly answer: SearchHit | null;
  /** With an answer: a second topic the question also asks about, offered beside it. */
  readonly second?: SearchHit | null;
  /** Without an answer: the best hit when it is just under the threshold ("Did you mean …?"). */
  readonly nearMiss?: SearchHit | null;
  /** Without an answer: the message asks nothing ("test", "hi", "pizza"): a hint, not closest topics. */
  readonly notAQuestion?: boolean;
  /** Words read as misspellings of the knowledge base's words. */
  readonly corrected?: readonly { readonly from: string; readonly to: string }[];
}

interface Ranked {
  readonly hits: SearchHit[];
  /** Distinct terms of the question that was ranked. */
  readonly terms: number;
}

/** How much of what the whole message adds to an entry counts beside its question sentences. */
const CONTEXT_WEIGHT = 0.3;
/** A runner-up at this share of the answer's score is a second topic, not a weaker match. */
const SECOND_TOPIC_SHARE = 0.85;
/** Topic words the asking sentences need to be ranked on their own. */
const MIN_ASKING_WORDS = 3;
/** Sentences a message needs before its asking ones are told from its context. */
const MIN_SENTENCES = 3;

const QUESTION_START = /^(how|what|what's|whats|when|where|why|which|who|should|shall|is|are|do|does|did|can|could|would|will|any|anyone|has|have|wat|hw)\b/i;

/**
 * The sentences of a message of several that ask something (end with "?" or start as a question),
 * or null when the message is one sentence, asks in all of them, or in none.
 */
export function askingPart(text: string): string | null {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /\p{L}/u.test(sentence));
  if (sentences.length < MIN_SENTENCES) return null;
  const asking = sentences.filter((sentence) => sentence.endsWith('?') || QUESTION_START.test(sentence));
  if (asking.length === 0 || asking.length === sentences.length) return null;
  return asking.join(' ');
}

/** Probes, greetings and thanks: what members type to see whether the bot is there. */
const NOT_QUESTIONS = /^(test(ing)?|ping|hi+|hello+|hey+|yo|sup|gm|good (morning|evening|afternoon)|thanks?( you)?|thx|ty|cheers|ok(ay)?|lol|brb|bye)\b[\s\p{P}\p{S}\d]*((test(ing)?|everyone|all|guys|folks|there|bot|again)\b[\s\p{P}\p{S}\d]*)*$/iu;

/** A message with no answer that asks nothing: no topic word, a probe or greeting, or one word without a question mark. */
function looksLikeNoQuestion(question: string, terms: number): boolean {
  const text = question.trim();
  return terms === 0 || NOT_QUESTIONS.test(text) || (terms === 1 && !text.includes('?'));
}

/**
 * FTS5 finds the candidates (bm25 over weighted columns); the score then mixes the signals of
 * ranking.ts. Weights and thresholds were fitted on the development questions and on member
 * phrasings written without seeing the entries (`npm run kb -- eval`), then rounded.
 */
const RANKING = {
  candidates: 20,
  weights: { phrasing: 0.26, secondPhrasing: 0.27, pairs: 0.15, headCoverage: 0.23, coverage: 0.05, bm25: 0.04 },
  threshold: 0.3,
  /**
   * A question of several words that shares only one of them with the entry ("how do I center a
   * div" → "cost center") is usually a coincidence: it needs this much more evidence to count.
   */
  singleWordThreshold: 0.45,
  /**
   * Just under the threshold: offered as "Did you mean …?" instead of a dead end. Off-topic
   * questions of the eval sets reach it 2 times in 82.
   */
  nearMissThreshold: 0.28,
} as const;

/** How much of the index (summed document shares) the candidate words may match. */
const CANDIDATE_SHARE_BUDGET = 0.7;
/** Entries added for the words the budget left out, by their titles and aliases, at most. */
const PHRASED_CANDIDATES = 30;
/** …and about this many rows at most. */
const CANDIDATE_ROW_BUDGET = 250;

interface RankingParameters {
  readonly candidates: number;
  readonly weights: Readonly<Record<keyof typeof RANKING.weights, number>>;
  readonly threshold: number;
  readonly singleWordThreshold: number;
  readonly nearMissThreshold: number;
}

export class KnowledgeSearch {
  readonly #byRowid = new Map<number, KnowledgeEntry>();
  readonly #shipped: KnowledgeEntry[] = [];
  readonly #byGuild = new Map<string, KnowledgeEntry[]>();
  readonly #model: RankingModel;
  readonly #speller: Speller;
  /** FTS5's index read into memory (at start, and again when a server adds an entry). */
  #bm25: Bm25Index;

  constructor(
    private readonly store: KnowledgeStore,
    entries: readonly StoredEntry[],
    private readonly parameters: RankingParameters = RANKING,
  ) {
    for (const stored of entries) this.#remember(stored);
    this.#model = buildRankingModel(this.#shipped);
    this.#speller = new Speller(this.#shipped);
    this.#bm25 = this.#readIndex();
  }

  /** The shipped entries plus, with a guild id, that server's own (no copy: do not modify). */
  visible(guildId: string | null): readonly KnowledgeEntry[] {
    const own = guildId ? this.#byGuild.get(guildId) : undefined;
    return own ? [...this.#shipped, ...own] : this.#shipped;
  }

  guildEntries(guildId: string): readonly KnowledgeEntry[] {
    return this.#byGuild.get(guildId) ?? [];
  }

  /** Server entries added and removed (by rowid) since the last call: searchable, or gone, at once. */
  update(added: readonly StoredEntry[], removed: readonly number[]): void {
    for (const rowid of removed) this.#forget(rowid);
    for (const stored of added) this.#remember(stored);
    this.#bm25 = this.#readIndex();
  }

  #forget(rowid: number): void {
    const entry = this.#byRowid.get(rowid);
    if (!entry?.guildId) return;
    this.#byRowid.delete(rowid);
    const own = (this.#byGuild.get(entry.guildId) ?? []).filter((candidate) => candidate !== entry);
    if (own.length > 0) this.#byGuild.set(entry.guildId, own);
    else this.#byGuild.delete(entry.guildId);
  }

  #remember(stored: StoredEntry): void {
    this.#byRowid.set(stored.rowid, stored.entry);
    const { guildId } = stored.entry;
    if (!guildId) {
      this.#shipped.push(stored.entry);
      return;
    }
    const own = this.#byGuild.get(guildId) ?? [];
    own.push(stored.entry);
    this.#byGuild.set(guildId, own);
  }

  #readIndex(): Bm25Index {
    const { rows, instances } = this.store.ftsIndex();
    return new Bm25Index(rows, instances, FTS_COLUMN_WEIGHTS);
  }

  search(question: string, guildId: string | null, limit = 5): SearchResult {
    // "test", "hi", "thanks!": checking the bot is there, not asking it.
    if (NOT_QUESTIONS.test(question.trim())) return { hits: [], answer: null, notAQuestion: true };
    const { text, corrected } = this.#speller.correctText(question);
    const whole = this.#rank(contentWords(text), guildId);
    // A long message: the sentences that ask carry the topic, the others are context.
    const asking = askingPart(text);
    const askingWords = asking === null ? [] : contentWords(asking);
    // A question sentence that leans on the others ("how do I handle it?") cannot stand alone.
    const focus = askingWords.length >= MIN_ASKING_WORDS ? this.#rank(askingWords, guildId) : null;
    let ranked: Ranked;
    if (focus === null || focus.hits.length === 0) ranked = whole;
    else {
      const fromWhole = new Map(whole.hits.map((hit) => [hit.entry, hit.score]));
      const hits = focus.hits.map((hit) => {
        const context = fromWhole.get(hit.entry) ?? 0;
        // Context can lift an entry the question names, not replace the question.
        return { ...hit, score: Math.round((hit.score + CONTEXT_WEIGHT * Math.max(0, context - hit.score)) * 1000) / 1000 };
      });
      hits.sort((a, b) => b.score - a.score);
      ranked = { hits, terms: focus.terms };
    }
    const hits = ranked.hits.slice(0, Math.max(limit, 2));
    const best = hits[0];
    const answer = best && this.#confident(best, ranked.terms) ? best : null;
    const runnerUp = hits[1];
    const result: SearchResult = {
      hits: hits.slice(0, limit),
      answer,
      // Two topics in one question: the second is offered when it is nearly as good and good enough.
      second: answer && runnerUp && this.#confident(runnerUp, ranked.terms) && runnerUp.score >= SECOND_TOPIC_SHARE * answer.score ? runnerUp : null,
      // Two words of its title, aliases, tags or summary at least: off-topic questions brush one.
      nearMiss: !answer && best && best.score >= this.parameters.nearMissThreshold && best.signals.wordsMatched >= 2 ? best : null,
      notAQuestion: !answer && looksLikeNoQuestion(question, ranked.terms),
      corrected,
    };
    return result;
  }

  /** Every candidate scored, best first, and how many distinct terms the question had. */
  #rank(questionWords: readonly string[], guildId: string | null): Ranked {
    const words = this.#candidateWords(questionWords);
    if (words.length === 0) return { hits: [], terms: 0 };
    const fromIndex = this.#candidates(words, guildId);
    const bestBm25 = fromIndex[0]?.bm25 ?? 0;
    const candidates: { entry: KnowledgeEntry; bm25: number }[] = fromIndex.flatMap(({ rowid, bm25 }) => {
      const entry = this.#byRowid.get(rowid);
      return entry ? [{ entry, bm25 }] : [];
    });
    for (const entry of this.#phrasedCandidates(questionWords, words, candidates)) candidates.push({ entry, bm25: 0 });
    const asked = prepareQuestion(this.#model, questionWords);
    const { weights } = this.parameters;
    const hits: SearchHit[] = [];
    for (const { entry, bm25 } of candidates) {
      const signals = { ...signalsFor(this.#model, entry, asked), bm25: bestBm25 < 0 ? bm25 / bestBm25 : 0 };
      const score =
        weights.phrasing * signals.phrasing +
        weights.secondPhrasing * signals.secondPhrasing +
        weights.pairs * signals.pairs +
        weights.headCoverage * signals.headCoverage +
        weights.coverage * signals.coverage +
        weights.bm25 * signals.bm25;
      hits.push({ entry, score: Math.round(score * 1000) / 1000, signals });
    }
    hits.sort((a, b) => b.score - a.score);
    return { hits, terms: asked.terms.size };
  }

  /**
   * The words FTS5 selects candidates with: the question's rarest known words, adding words while the
   * share of entries they can match stays within a budget. Every row FTS5 matches costs a bm25
   * evaluation, and words most entries use ("team", "engineer") would make it score the whole
   * index; the re-ranking still weighs every word of the question. Words the knowledge base never
   * uses match nothing and are left out.
   */
  #candidateWords(questionWords: readonly string[]): string[] {
    const share = (word: string) => this.#model.documentShare(cachedStem(word));
    const known = [...new Set(questionWords)].filter((word) => share(word) > 0).sort((a, b) => share(a) - share(b));
    // A share of a large index is many rows: cap the budget in rows too, so search stays fast as it grows.
    const shareBudget = Math.min(CANDIDATE_SHARE_BUDGET, CANDIDATE_ROW_BUDGET / this.#shipped.length);
    const chosen: string[] = [];
    let budget = 0;
    for (const word of known) {
      if (chosen.length > 0 && budget + share(word) > shareBudget) break;
      chosen.push(word);
      budget += share(word);
    }
    return chosen;
  }

  /**
   * Entries phrased with a word the budget left out: "how should a CTO approach hiring engineers"
   * selects on its rare "approach", and "hiring" (in most bodies) would never bring in the entry
   * titled with it. Titles and aliases are a small index, and these extra candidates are capped.
   */
  #phrasedCandidates(questionWords: readonly string[], chosen: readonly string[], already: readonly { entry: KnowledgeEntry }[]): KnowledgeEntry[] {
    const seen = new Set(already.map((candidate) => candidate.entry));
    const skipped = [...new Set(questionWords)].filter((word) => !chosen.includes(word)).map((word) => this.#model.phrasedWith(cachedStem(word)));
    skipped.sort((a, b) => a.length - b.length);
    const added: KnowledgeEntry[] = [];
    for (const entries of skipped) {
      if (added.length + entries.length > PHRASED_CANDIDATES) break;
      for (const entry of entries) {
        if (seen.has(entry)) continue;
        seen.add(entry);
        added.push(entry);
      }
    }
    return added;
  }

  /**
   * The best rows by FTS5's bm25 among the entries this server sees: what `store.search` returns, from
   * FTS5's index held in memory (a search over a thousand entries scored ~250 rows in SQLite per question).
   */
  #candidates(words: readonly string[], guildId: string | null): Bm25Hit[] {
    const visible = (rowid: number): boolean => {
      const owner = this.#byRowid.get(rowid)?.guildId;
      return owner === undefined || (guildId !== null && owner === guildId);
    };
    return this.#bm25.search(words.map(ftsTerm), visible, this.parameters.candidates);
  }

  #confident(hit: SearchHit, questionWords: number): boolean {
    // One word alone ("pizza", "test") answers only when it names the entry: in its title or tags.
    if (questionWords === 1 && !hit.signals.labelMatched) return false;
    const coincidence = questionWords >= 2 && hit.signals.wordsMatched < 2;
    return hit.score >= (coincidence ? this.parameters.singleWordThreshold : this.parameters.threshold);
  }
}
