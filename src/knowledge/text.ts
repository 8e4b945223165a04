import { stem } from './stemmer.js';
import { SYNONYMS } from './synonyms.js';

/** Words that carry no topic in a member's question ("how should I…", "what is the…"). */
export const STOP_WORD_LIST: readonly string[] = `a about above after again against all also am an and any are aren't as at be because been before being below between both
  but by can can't cannot could couldn't did didn't do does doesn't doing don't during each etc even ever every few for from
  further get gets getting got had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'd i'll
  i'm i've if in into is isn't it it's its itself just let let's like make makes me might more most much must my myself no nor not
  now of off on once one only or other ought our ours ourselves out over own please really same shall she should shouldn't so some
  such than that that's the their theirs them themselves then there there's these they they're this those through to too under
  until up upon us very want wants was wasn't way we we're we've were weren't what what's when where which while who whom why will
  with won't would wouldn't you you're your yours yourself yourselves anyone someone something thing things tell know best good
  go going tips tip advice question questions help ok okay hi hello hey guys folks anybody anyone
  lol lmao haha tbh imo imho btw fyi thanks thank thx cheers
  whats hows whos wheres thats theres im ive dont doesnt cant isnt arent youre theyre shouldnt wouldnt couldnt didnt`.split(/\s+/);
const STOP_WORDS = new Set(STOP_WORD_LIST);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

const VARIANT_TO_CANONICAL = new Map<string, string>();
for (const [canonical, variants] of Object.entries(SYNONYMS)) {
  for (const variant of variants) VARIANT_TO_CANONICAL.set(variant.toLowerCase(), canonical);
}
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const VARIANT_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(${[...VARIANT_TO_CANONICAL.keys()].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

/** Lower-cases, strips accents and markdown, and rewrites synonyms to their canonical words. */
export function normalizeText(text: string): string {
  const plain = text
    // "IT" the department, before lower-casing turns it into the pronoun.
    .replace(/\bIT\b/g, 'infotech')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[*_~>#|]/g, ' ')
    .replace(/\s+/g, ' ');
  return plain.replace(VARIANT_PATTERN, (match) => VARIANT_TO_CANONICAL.get(match) ?? match);
}

/** The words of a text after normalisation, stop words removed, not stemmed (for FTS5 queries). */
export function contentWords(text: string): string[] {
  const words = normalizeText(text).match(/[\p{L}\p{N}][\p{L}\p{N}']*/gu) ?? [];
  return words.map((word) => word.replace(/'s$/, '').replace(/'/g, '')).filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

// Members reuse a small vocabulary: remembering stems keeps the stemmer off the hot path.
const STEM_CACHE_LIMIT = 50_000;
const stems = new Map<string, string>();

export function cachedStem(word: string): string {
  let result = stems.get(word);
  if (result === undefined) {
    result = stem(word);
    if (stems.size < STEM_CACHE_LIMIT) stems.set(word, result);
  }
  return result;
}

/** Stemmed content words: what the re-ranker compares. */
export function terms(text: string): string[] {
  return contentWords(text).map(cachedStem);
}

/** A word as FTS5's tokenizer indexes it: diacritics removed (remove_diacritics 2), then porter-stemmed. */
export const ftsTerm = (word: string): string => cachedStem(word.normalize('NFD').replace(/\p{M}/gu, ''));
