import { stem } from '../knowledge/stemmer.js';

/**
 * How many questions use each stemmed word, kept in memory so a search can AND only its rarest
 * words (a short, selective intersection) instead of common ones that match half the corpus. Built
 * from the stored terms on first use and kept current for questions this process adds; counts from
 * other processes catch up at the next start, which is fine for choosing words.
 */
export class TermFrequencies {
  #counts: Map<string, number> | undefined;

  constructor(private readonly load: () => Iterable<string>) {}

  /** Questions using the word (stemmed here); unknown words count 0. */
  of(word: string): number {
    return this.#ready().get(stem(word)) ?? 0;
  }

  /** A question's stored terms (space-separated stems) were added (+1) or removed (-1). */
  record(terms: string, change: 1 | -1): void {
    if (!this.#counts || !terms) return;
    for (const term of terms.split(' ')) this.#counts.set(term, Math.max(0, (this.#counts.get(term) ?? 0) + change));
  }

  #ready(): Map<string, number> {
    if (!this.#counts) {
      const counts = new Map<string, number>();
      for (const terms of this.load()) {
        if (!terms) continue;
        for (const term of terms.split(' ')) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      this.#counts = counts;
    }
    return this.#counts;
  }
}
