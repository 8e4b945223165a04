import type { KnowledgeEntry } from './entry.js';
import { isStopWord, normalizeText } from './text.js';
import { oneLine } from '../discord/text.js';

export interface Suggestion {
  /** Shown to the member: at most 100 characters. */
  readonly name: string;
  readonly value: string;
}

const MAX_CHOICES = 25;
/** Below this many prefix matches, full-text results fill the list. */
const FULL_TEXT_BELOW = 5;

interface Postings {
  readonly title: Set<number>;
  readonly any: Set<number>;
}

/**
 * Every word of every title and alias, sorted, with the entries that use it: autocomplete runs on
 * each keystroke, so a prefix finds its entries by binary search instead of scanning every alias.
 */
export class SuggestIndex {
  readonly #words: string[];
  readonly #postings = new Map<string, Postings>();
  readonly #titles: string[];
  readonly #aliases: string[][];

  constructor(readonly entries: readonly KnowledgeEntry[]) {
    this.#titles = entries.map((entry) => normalizeText(entry.title));
    this.#aliases = entries.map((entry) => entry.aliases.map(normalizeText));
    entries.forEach((_, index) => {
      for (const word of wordsOf(this.#titles[index] ?? '')) this.#post(word, index, true);
      for (const alias of this.#aliases[index] ?? []) for (const word of wordsOf(alias)) this.#post(word, index, false);
    });
    this.#words = [...this.#postings.keys()].sort();
  }

  /** Entries scored 4 (title starts with the input) down to 1 (every typed word starts an alias word). */
  score(typed: string, typedWords: readonly string[]): Map<number, number> {
    const perWord = typedWords.map((word) => this.#lookup(word));
    const inTitle = intersect(perWord.map((postings) => postings.title));
    const anywhere = intersect(perWord.map((postings) => postings.any));
    const scores = new Map<number, number>();
    for (const index of anywhere) {
      const title = this.#titles[index] ?? '';
      const score =
        title.startsWith(typed) || (this.entries[index]?.id ?? '').startsWith(typed)
          ? 4
          : inTitle.has(index)
            ? // "tech d" ranks "…technical debt…" above "…technical leadership while delegating…"
              consecutive(wordsOf(title), typedWords) ? 3.5 : 3
            : this.#aliases[index]?.some((alias) => alias.startsWith(typed))
              ? 2
              : 1;
      scores.set(index, score);
    }
    return scores;
  }

  #post(word: string, index: number, inTitle: boolean): void {
    let postings = this.#postings.get(word);
    if (!postings) {
      postings = { title: new Set(), any: new Set() };
      this.#postings.set(word, postings);
    }
    postings.any.add(index);
    if (inTitle) postings.title.add(index);
  }

  #lookup(prefix: string): Postings {
    const found: Postings = { title: new Set(), any: new Set() };
    for (let position = lowerBound(this.#words, prefix); position < this.#words.length; position++) {
      const word = this.#words[position] ?? '';
      if (!word.startsWith(prefix)) break;
      const postings = this.#postings.get(word);
      for (const index of postings?.title ?? []) found.title.add(index);
      for (const index of postings?.any ?? []) found.any.add(index);
    }
    return found;
  }
}

/**
 * Autocomplete for /cto topic: titles and aliases that start with (or contain words starting with)
 * what the member typed, best first; full-text results fill in when few match.
 */
export function suggestEntries(
  index: SuggestIndex,
  ownEntries: readonly KnowledgeEntry[],
  input: string,
  fullText: (query: string) => readonly KnowledgeEntry[],
): Suggestion[] {
  const typed = normalizeText(input).trim();
  const toChoice = (entry: KnowledgeEntry): Suggestion => ({ name: oneLine(entry.title, 100), value: entry.id });
  const all = ownEntries.length > 0 ? [...index.entries, ...ownEntries] : index.entries;
  if (typed.length === 0) {
    return [...all].sort((a, b) => a.title.localeCompare(b.title)).slice(0, MAX_CHOICES).map(toChoice);
  }
  const typedWords = wordsOf(typed);
  if (typedWords.length === 0) return fullText(input).slice(0, MAX_CHOICES).map(toChoice);
  // A server's own entries are few: its own small index, built per call.
  const scored = [...scoredEntries(index, typed, typedWords), ...(ownEntries.length > 0 ? scoredEntries(new SuggestIndex(ownEntries), typed, typedWords) : [])]
    .sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title))
    .map(({ entry }) => entry);
  const seen = new Set(scored.map((entry) => entry.id));
  // Full text only for real words: two letters match too much to be worth a search per keystroke.
  const extra = scored.length < FULL_TEXT_BELOW && typed.length >= 3 ? fullText(input).filter((entry) => !seen.has(entry.id)) : [];
  return [...scored, ...extra].slice(0, MAX_CHOICES).map(toChoice);
}

function scoredEntries(index: SuggestIndex, typed: string, typedWords: readonly string[]): { entry: KnowledgeEntry; score: number }[] {
  return [...index.score(typed, typedWords)].flatMap(([position, score]) => {
    const entry = index.entries[position];
    return entry ? [{ entry, score }] : [];
  });
}

/** The words that can start a match: "how do I…" would otherwise make every title match "d". */
function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0 && !isStopWord(word));
}

/** The typed words start consecutive words of the text. */
function consecutive(words: readonly string[], typedWords: readonly string[]): boolean {
  for (let start = 0; start + typedWords.length <= words.length; start++) {
    if (typedWords.every((typedWord, offset) => (words[start + offset] ?? '').startsWith(typedWord))) return true;
  }
  return false;
}

function intersect(sets: readonly Set<number>[]): Set<number> {
  const [first, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  if (!first) return new Set();
  return new Set([...first].filter((value) => rest.every((set) => set.has(value))));
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? '') < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
