/** One token of FTS5's index: which term, in which row, in which column (0 = title … 4 = body). */
export interface TermInstance {
  readonly term: string;
  readonly rowid: number;
  readonly column: number;
}

export interface Bm25Hit {
  readonly rowid: number;
  /** As FTS5's bm25() returns it: minus the score, so lower (more negative) is better. */
  readonly bm25: number;
}

/** FTS5's constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;

/**
 * FTS5's bm25() for an OR of single-term phrases, computed in memory from the instances of FTS5's own
 * index (its tokenizer, its stems, its counts): the same numbers as
 * `bm25(kb_fts, …weights) … WHERE kb_fts MATCH '"a" OR "b"'` without walking the doclists of every
 * matching row in SQLite for each question. Rebuilt, not updated, when the index changes.
 */
/** A term's rows (dense indexes) and its occurrences in each, weighted by column. */
interface Postings {
  readonly rows: Int32Array;
  readonly frequencies: Float64Array;
}

export class Bm25Index {
  readonly #postings = new Map<string, Postings>();
  /** Dense index → rowid, and tokens in that row (all columns). */
  readonly #rowids: number[] = [];
  readonly #lengths: Float64Array;
  readonly #rows: number;
  readonly #averageLength: number;
  /** Per-row score accumulator, reused by every search and left zeroed. */
  readonly #scores: Float64Array;

  constructor(rows: number, instances: Iterable<TermInstance>, columnWeights: readonly number[]) {
    const indexOf = new Map<number, number>();
    const lengths: number[] = [];
    const building = new Map<string, Map<number, number>>();
    let tokens = 0;
    for (const { term, rowid, column } of instances) {
      tokens += 1;
      let index = indexOf.get(rowid);
      if (index === undefined) {
        index = this.#rowids.length;
        indexOf.set(rowid, index);
        this.#rowids.push(rowid);
        lengths.push(0);
      }
      lengths[index] = (lengths[index] ?? 0) + 1;
      let postings = building.get(term);
      if (!postings) {
        postings = new Map();
        building.set(term, postings);
      }
      postings.set(index, (postings.get(index) ?? 0) + (columnWeights[column] ?? 1));
    }
    for (const [term, postings] of building) {
      this.#postings.set(term, { rows: Int32Array.from(postings.keys()), frequencies: Float64Array.from(postings.values()) });
    }
    this.#lengths = Float64Array.from(lengths);
    this.#scores = new Float64Array(this.#rowids.length);
    this.#rows = rows;
    this.#averageLength = rows > 0 ? tokens / rows : 0;
  }

  /** How many rows hold a term (0 for a term the index never saw). */
  documentFrequency(term: string): number {
    return this.#postings.get(term)?.rows.length ?? 0;
  }

  /** Rows holding any of the terms that `accept` keeps, best first, at most `limit`; ties by rowid. */
  search(terms: readonly string[], accept: (rowid: number) => boolean, limit: number): Bm25Hit[] {
    const scores = this.#scores;
    const touched: number[] = [];
    for (const term of terms) {
      const postings = this.#postings.get(term);
      if (!postings) continue;
      const { rows, frequencies } = postings;
      const idf = Math.log((this.#rows - rows.length + 0.5) / (rows.length + 0.5));
      const weight = idf > 0 ? idf : 1e-6;
      for (let posting = 0; posting < rows.length; posting++) {
        const index = rows[posting] as number;
        const frequency = frequencies[posting] as number;
        const length = this.#lengths[index] as number;
        if (scores[index] === 0) touched.push(index);
        scores[index] = (scores[index] as number) + (weight * (frequency * (K1 + 1))) / (frequency + K1 * (1 - B + (B * length) / this.#averageLength));
      }
    }
    const hits: Bm25Hit[] = [];
    for (const index of touched) {
      const rowid = this.#rowids[index] as number;
      if (accept(rowid)) hits.push({ rowid, bm25: -(scores[index] as number) });
      scores[index] = 0;
    }
    hits.sort((a, b) => a.bm25 - b.bm25 || a.rowid - b.rowid);
    return hits.slice(0, limit);
  }
}
