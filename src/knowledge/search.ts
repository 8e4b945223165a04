import type { KnowledgeEntry } from './entry.js';
import { buildRankingModel, prepareQuestion, signalsFor, type RankingModel, type Signals } from './ranking.js';
import { Bm25Index, type Bm25Hit } from './bm25.js';
import { FTS_COLUMN_WEIGHTS, type KnowledgeStore, type StoredEntry } from './entry-store.js';
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
}

/**
 * FTS5 finds the candidates (bm25 over weighted columns); the score then mixes the signals of
 * ranking.ts. Weights and thresholds were fitted on the development questions and on member
 * phrasings written without seeing the entries (`npm run kb -- eval`), then rounded.
 */
export const RANKING = {
  candidates: 20,
  weights: { phrasing: 0.26, secondPhrasing: 0.27, pairs: 0.15, headCoverage: 0.23, coverage: 0.05, bm25: 0.04 },
  threshold: 0.3,
  /**
   * A question of several words that shares only one of them with the entry ("how do I center a
   * div" → "cost center") is usually a coincidence: it needs this much more evidence to count.
   */
  singleWordThreshold: 0.45,
} as const;

/** How much of the index (summed document shares) the candidate words may match. */
const CANDIDATE_SHARE_BUDGET = 0.7;
/** …and about this many rows at most. */
const CANDIDATE_ROW_BUDGET = 250;

export interface RankingParameters {
  readonly candidates: number;
  readonly weights: Readonly<Record<keyof typeof RANKING.weights, number>>;
  readonly threshold: number;
  readonly singleWordThreshold: number;
}

export class KnowledgeSearch {
  readonly #byRowid = new Map<number, KnowledgeEntry>();
  readonly #shipped: KnowledgeEntry[] = [];
  readonly #byGuild = new Map<string, KnowledgeEntry[]>();
  readonly #model: RankingModel;
  /** FTS5's index read into memory (at start, and again when a server adds an entry). */
  #bm25: Bm25Index;

  constructor(
    private readonly store: KnowledgeStore,
    entries: readonly StoredEntry[],
    private readonly parameters: RankingParameters = RANKING,
  ) {
    for (const stored of entries) this.#remember(stored);
    this.#model = buildRankingModel(this.#shipped);
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

  /** Makes a newly stored server-local entry searchable without a restart. */
  add(stored: StoredEntry): void {
    this.#remember(stored);
    this.#bm25 = this.#readIndex();
  }

  /** Forgets a deleted server-local entry: no longer found, at once. */
  remove(rowid: number): void {
    const entry = this.#byRowid.get(rowid);
    if (!entry?.guildId) return;
    this.#byRowid.delete(rowid);
    const own = (this.#byGuild.get(entry.guildId) ?? []).filter((candidate) => candidate !== entry);
    if (own.length > 0) this.#byGuild.set(entry.guildId, own);
    else this.#byGuild.delete(entry.guildId);
    this.#bm25 = this.#readIndex();
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
    const questionWords = contentWords(question);
    const words = this.#candidateWords(questionWords);
    if (words.length === 0) return { hits: [], answer: null };
    const candidates = this.#candidates(words, guildId);
    const bestBm25 = candidates[0]?.bm25 ?? 0;
    const asked = prepareQuestion(this.#model, questionWords);
    const { weights } = this.parameters;
    const hits: SearchHit[] = [];
    for (const { rowid, bm25 } of candidates) {
      const entry = this.#byRowid.get(rowid);
      if (!entry) continue;
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
    const ranked = hits.slice(0, limit);
    const best = ranked[0];
    return { hits: ranked, answer: best && this.#confident(best, asked.terms.size) ? best : null };
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
    const coincidence = questionWords >= 2 && hit.signals.wordsMatched < 2;
    return hit.score >= (coincidence ? this.parameters.singleWordThreshold : this.parameters.threshold);
  }
}
