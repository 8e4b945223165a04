import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import type { KnowledgeEntry } from './entry.js';
import { SYNONYMS } from './synonyms.js';
import { isStopWord, STOP_WORD_LIST } from './text.js';

/** Words shorter than this are left alone: "lol" or "brb" are one edit from too many words. */
const MIN_LENGTH = 4;
/** From this length two edits are allowed ("responsability", "microservises" need one; "enginering" one). */
const TWO_EDITS_FROM = 9;

const WORD = /[\p{L}][\p{L}']*/gu;

/** Lower-case, accents stripped: how words are compared for spelling. */
function plain(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function deletes(word: string): string[] {
  const result: string[] = [];
  for (let index = 0; index < word.length; index++) result.push(word.slice(0, index) + word.slice(index + 1));
  return result;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), stopping past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (previous2[j - 2] as number) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

function fnv1a(text: string, from = 0, to = text.length): number {
  let hash = 0x811c9dc5;
  for (let index = from; index < to; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/**
 * The English words of the word-list package (274,000), held as sorted 32-bit hashes: about 1 MB
 * where a Set of the words takes 28 MB. A hash collision (about 1 in 16,000 lookups) only leaves
 * a misspelling uncorrected.
 */
class EnglishWords {
  readonly #hashes: Uint32Array;

  constructor() {
    const text = readFileSync(wordListPath, 'latin1');
    const hashes: number[] = [];
    let start = 0;
    for (let index = 0; index <= text.length; index++) {
      if (index === text.length || text.charCodeAt(index) === 10) {
        if (index > start) hashes.push(fnv1a(text, start, index));
        start = index + 1;
      }
    }
    this.#hashes = Uint32Array.from(hashes).sort();
  }

  has(word: string): boolean {
    const hash = fnv1a(word);
    const hashes = this.#hashes;
    let low = 0;
    let high = hashes.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = hashes[middle] as number;
      if (value === hash) return true;
      if (value < hash) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

let english: EnglishWords | undefined;

/**
 * Spelling correction against the knowledge base's own vocabulary (SymSpell's symmetric deletes):
 * a word the entries, the synonym table and the stop words never use is replaced by the closest
 * word they do use (one edit, two for long words): the same first letter first, then the most
 * frequent. "hndle tech dept" becomes "handle tech debt". A real English word is never corrected
 * ("movie" is not a misspelt "move", "rust" not "trust"): it stays an unknown word to the ranking,
 * which is what keeps off-topic questions off.
 */
export class Speller {
  readonly #frequency = new Map<string, number>();
  /** A word with one letter deleted → the vocabulary words it comes from (and each word → itself). */
  readonly #byDelete = new Map<string, string[]>();
  readonly #corrections = new Map<string, string | null>();

  readonly #english: EnglishWords;

  constructor(entries: readonly KnowledgeEntry[]) {
    // One copy per process: every KnowledgeSearch (tests build many) shares it.
    english ??= new EnglishWords();
    this.#english = english;
    const count = (text: string, weight = 1) => {
      for (const word of plain(text).match(WORD) ?? []) this.#frequency.set(word, (this.#frequency.get(word) ?? 0) + weight);
    };
    for (const entry of entries) {
      count([entry.title, ...entry.aliases, entry.tags.join(' ').replace(/-/g, ' '), entry.summary, entry.body].join(' '));
    }
    for (const [canonical, variants] of Object.entries(SYNONYMS)) count([canonical, ...variants].join(' '));
    for (const word of STOP_WORD_LIST) count(word);
    for (const word of this.#frequency.keys()) {
      if (word.length < MIN_LENGTH - 1) continue;
      for (const key of [word, ...deletes(word)]) {
        const words = this.#byDelete.get(key);
        if (words) words.push(word);
        else this.#byDelete.set(key, [word]);
      }
    }
  }

  knows(word: string): boolean {
    return this.#frequency.has(word);
  }

  /** The vocabulary word a misspelt word stands for, or null when it is known or close to nothing. */
  correct(word: string): string | null {
    if (word.length < MIN_LENGTH || this.#frequency.has(word) || /\d/.test(word) || this.#english.has(word)) return null;
    const cached = this.#corrections.get(word);
    if (cached !== undefined) return cached;
    const max = word.length >= TWO_EDITS_FROM ? 2 : 1;
    let best: string | null = null;
    let bestDistance = max + 1;
    let bestFrequency = 0;
    for (const key of [word, ...deletes(word)]) {
      for (const candidate of this.#byDelete.get(key) ?? []) {
        const distance = editDistance(word, candidate, max);
        // Typists rarely miss the first letter: "qutting" is "quitting" before it is "cutting".
        const frequency = (this.#frequency.get(candidate) ?? 0) + (candidate[0] === word[0] ? 1e9 : 0);
        if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
          best = candidate;
          bestDistance = distance;
          bestFrequency = frequency;
        }
      }
    }
    const result = bestDistance <= max ? best : null;
    // Members reuse their misspellings; the cache is bounded like the stem cache.
    if (this.#corrections.size < 20_000) this.#corrections.set(word, result);
    return result;
  }

  /** The text with each misspelt word replaced; the words changed, for "Matched …" and the logs. */
  correctText(text: string): { text: string; corrected: { from: string; to: string }[] } {
    const corrected: { from: string; to: string }[] = [];
    const result = text.replace(WORD, (word) => {
      const bare = plain(word).replace(/'s$/, '');
      if (isStopWord(bare)) return word;
      const to = this.correct(bare);
      if (to === null) return word;
      corrected.push({ from: bare, to });
      return to;
    });
    return { text: corrected.length > 0 ? result : text, corrected };
  }
}
