import type { KnowledgeEntry } from './entry.js';
import { normalizeText } from './text.js';

export interface Suggestion {
  /** Shown to the member: at most 100 characters. */
  readonly name: string;
  readonly value: string;
}

const MAX_CHOICES = 25;

/**
 * Autocomplete for /cto topic: titles and aliases that start with (or contain a word starting with)
 * what the member typed, best first; full-text results fill the remaining places.
 */
export function suggestEntries(
  entries: readonly KnowledgeEntry[],
  input: string,
  fullText: (query: string) => readonly KnowledgeEntry[],
): Suggestion[] {
  const typed = normalizeText(input).trim();
  const toChoice = (entry: KnowledgeEntry): Suggestion => ({ name: entry.title.slice(0, 100), value: entry.id });
  if (typed.length === 0) {
    return [...entries].sort((a, b) => a.title.localeCompare(b.title)).slice(0, MAX_CHOICES).map(toChoice);
  }
  const typedWords = typed.split(' ');
  const scored = entries
    .map((entry) => ({ entry, score: prefixScore(entry, typed, typedWords) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title))
    .map(({ entry }) => entry);
  const seen = new Set(scored.map((entry) => entry.id));
  const extra = scored.length < MAX_CHOICES ? fullText(input).filter((entry) => !seen.has(entry.id)) : [];
  return [...scored, ...extra].slice(0, MAX_CHOICES).map(toChoice);
}

function prefixScore(entry: KnowledgeEntry, typed: string, typedWords: readonly string[]): number {
  const title = normalizeText(entry.title);
  if (title.startsWith(typed) || entry.id.startsWith(typed)) return 4;
  if (wordsStartWith(title, typedWords)) return 3;
  const aliases = entry.aliases.map(normalizeText);
  if (aliases.some((alias) => alias.startsWith(typed))) return 2;
  if (aliases.some((alias) => wordsStartWith(alias, typedWords))) return 1;
  return 0;
}

/** Every typed word is the start of some word in the text ("arch dec" → "architecture decisions"). */
function wordsStartWith(text: string, typedWords: readonly string[]): boolean {
  const words = text.split(/[^\p{L}\p{N}]+/u);
  return typedWords.every((typedWord) => words.some((word) => word.startsWith(typedWord)));
}
