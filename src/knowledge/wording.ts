import { terms } from './text.js';

/**
 * How /kb review tells that two members asked the same thing. Two notions:
 * - the *wording key*: the words as written, only case, accents, punctuation and spacing removed.
 *   A server's alias answers a question whose key is exactly the alias's, so a moderator's choice
 *   never spreads to questions they did not see.
 * - *similarity*: the share of topic words (stemmed, synonyms unified, stop words out) two questions
 *   have in common; it only groups what moderators review together.
 */
export function wordingKey(text: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .match(/[\p{L}\p{N}]+/gu);
  return (words ?? []).join(' ');
}

/** Stemmed topic words of a question, as a set. */
function topicTerms(text: string): ReadonlySet<string> {
  return new Set(terms(text));
}

/** Jaccard similarity of two term sets: 1 for the same topic words, 0 for none in common. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Two questions sharing at least this share of their topic words are grouped together. */
const GROUP_SIMILARITY = 0.5;

interface Worded {
  readonly id: number;
  readonly question: string;
}

/**
 * Groups questions by similar wording, in id order: each joins the first group whose first question
 * has the same key or is similar enough, else starts its own. Comparing with the group's first
 * question (not any member) keeps a chain of small changes from merging unrelated questions. Only
 * groups sharing a topic word are compared, so a server's thousands of misses group in milliseconds.
 */
export function groupByWording<T extends Worded>(items: readonly T[], threshold = GROUP_SIMILARITY): T[][] {
  interface Group {
    readonly index: number;
    readonly terms: ReadonlySet<string>;
    readonly items: T[];
  }
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const byTerm = new Map<string, Group[]>();
  for (const item of [...items].sort((a, b) => a.id - b.id)) {
    const key = wordingKey(item.question);
    let home = byKey.get(key);
    if (!home) {
      const itemTerms = topicTerms(item.question);
      const candidates = new Set([...itemTerms].flatMap((term) => byTerm.get(term) ?? []));
      home = [...candidates].sort((a, b) => a.index - b.index).find((group) => similarity(group.terms, itemTerms) >= threshold);
      if (!home) {
        home = { index: groups.length, terms: itemTerms, items: [] };
        groups.push(home);
        for (const term of itemTerms) byTerm.set(term, [...(byTerm.get(term) ?? []), home]);
      }
      byKey.set(key, home);
    }
    home.items.push(item);
  }
  return groups.map((group) => group.items);
}
