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
  // Full text only for real words: two letters match too much to be worth a search per keystroke.
  const extra = scored.length < MAX_CHOICES && typed.length >= 3 ? fullText(input).filter((entry) => !seen.has(entry.id)) : [];
  return [...scored, ...extra].slice(0, MAX_CHOICES).map(toChoice);
}

interface Phrase {
  readonly text: string;
  readonly words: readonly string[];
}

// Normalised once per entry: autocomplete runs on every keystroke and must answer in milliseconds.
const phrasesCache = new WeakMap<KnowledgeEntry, { title: Phrase; aliases: readonly Phrase[] }>();

function phrasesOf(entry: KnowledgeEntry): { title: Phrase; aliases: readonly Phrase[] } {
  let phrases = phrasesCache.get(entry);
  if (!phrases) {
    const phrase = (text: string): Phrase => {
      const normalized = normalizeText(text);
      return { text: normalized, words: normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean) };
    };
    phrases = { title: phrase(entry.title), aliases: entry.aliases.map(phrase) };
    phrasesCache.set(entry, phrases);
  }
  return phrases;
}

function prefixScore(entry: KnowledgeEntry, typed: string, typedWords: readonly string[]): number {
  const { title, aliases } = phrasesOf(entry);
  if (title.text.startsWith(typed) || entry.id.startsWith(typed)) return 4;
  if (wordsStartWith(title, typedWords)) return 3;
  if (aliases.some((alias) => alias.text.startsWith(typed))) return 2;
  if (aliases.some((alias) => wordsStartWith(alias, typedWords))) return 1;
  return 0;
}

/** Every typed word is the start of some word in the phrase ("arch dec" → "architecture decisions"). */
function wordsStartWith(phrase: Phrase, typedWords: readonly string[]): boolean {
  return typedWords.every((typedWord) => phrase.words.some((word) => word.startsWith(typedWord)));
}
