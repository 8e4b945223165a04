import type { KnowledgeContent } from '../../src/knowledge/content.js';
import type { KnowledgeEntry } from '../../src/knowledge/entry.js';
import { pick, seededRandom } from '../support/random.js';

const words = (text: string): string[] => text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];

/** `count` words drawn from `pool`: drawing from the running text keeps each word's frequency. */
function phrase(random: () => number, pool: readonly string[], count: number): string {
  return Array.from({ length: count }, () => pick(random, pool)).join(' ');
}

const between = (random: () => number, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

/**
 * The shipped entries plus generated ones up to `total`. A generated entry is made of the shipped
 * entries' own words — titles from titles, aliases from aliases, bodies from bodies, in their real
 * frequencies — so the index grows the way a bigger knowledge base would, with the same vocabulary.
 */
export function knowledgeWithGenerated(shipped: KnowledgeContent, total: number, seed = 1): KnowledgeContent {
  const random = seededRandom(seed);
  const titleWords = shipped.entries.flatMap((entry) => words(entry.title));
  const aliasWords = shipped.entries.flatMap((entry) => entry.aliases.flatMap(words));
  const summaryWords = shipped.entries.flatMap((entry) => words(entry.summary));
  const bodyWords = shipped.entries.flatMap((entry) => words(entry.body));
  const tags = [...new Set(shipped.entries.flatMap((entry) => entry.tags))];
  const generated: KnowledgeEntry[] = [];
  for (let index = shipped.entries.length; index < total; index += 1) {
    const title = phrase(random, titleWords, between(random, 2, 5));
    generated.push({
      id: `generated-${index + 1}`,
      title: title.charAt(0).toUpperCase() + title.slice(1),
      aliases: Array.from({ length: between(random, 3, 8) }, (_, alias) => `${phrase(random, aliasWords, between(random, 2, 6))} ${alias + 1}`),
      tags: [pick(random, tags), pick(random, tags)].filter((tag, position, all) => all.indexOf(tag) === position),
      related: [],
      summary: phrase(random, summaryWords, between(random, 15, 30)),
      body: `${phrase(random, bodyWords, between(random, 180, 380))}\n\n**This week:** ${phrase(random, bodyWords, 12)}`,
    });
  }
  return { entries: [...shipped.entries, ...generated], problems: [], hash: `${shipped.hash}+generated-${total}-${seed}` };
}
