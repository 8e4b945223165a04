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
export class Bm25Index {
  /** term → rowid → occurrences weighted by their column's weight. */
  readonly #postings = new Map<string, Map<number, number>>();
  /** rowid → tokens in the row, all columns. */
  readonly #lengths = new Map<number, number>();
  readonly #rows: number;
  readonly #averageLength: number;

  constructor(rows: number, instances: Iterable<TermInstance>, columnWeights: readonly number[]) {
    let tokens = 0;
    for (const { term, rowid, column } of instances) {
      tokens += 1;
      this.#lengths.set(rowid, (this.#lengths.get(rowid) ?? 0) + 1);
      let postings = this.#postings.get(term);
      if (!postings) {
        postings = new Map();
        this.#postings.set(term, postings);
      }
      postings.set(rowid, (postings.get(rowid) ?? 0) + (columnWeights[column] ?? 1));
    }
    this.#rows = rows;
    this.#averageLength = rows > 0 ? tokens / rows : 0;
  }

  /** Rows holding any of the terms that `accept` keeps, best first, at most `limit`; ties by rowid. */
  search(terms: readonly string[], accept: (rowid: number) => boolean, limit: number): Bm25Hit[] {
    const scores = new Map<number, number>();
    for (const term of terms) {
      const postings = this.#postings.get(term);
      if (!postings) continue;
      const idf = Math.log((this.#rows - postings.size + 0.5) / (postings.size + 0.5));
      const weight = idf > 0 ? idf : 1e-6;
      for (const [rowid, frequency] of postings) {
        const length = this.#lengths.get(rowid) ?? 0;
        const part = (weight * (frequency * (K1 + 1))) / (frequency + K1 * (1 - B + (B * length) / this.#averageLength));
        scores.set(rowid, (scores.get(rowid) ?? 0) + part);
      }
    }
    const hits: Bm25Hit[] = [];
    for (const [rowid, score] of scores) if (accept(rowid)) hits.push({ rowid, bm25: -score });
    hits.sort((a, b) => a.bm25 - b.bm25 || a.rowid - b.rowid);
    return hits.slice(0, limit);
  }
}
