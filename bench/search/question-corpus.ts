import type { Db } from '../../src/db/index.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { indexedText, searchTerms } from '../../src/qa/search.js';
import { memberQuestions } from '../scenarios/interaction-kinds.js';
import { pick, seededRandom } from '../support/random.js';

export const QA_GUILD_ID = '1000000000000000002';

const words = (text: string): string[] => text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];

/**
 * `count` posted questions in one server (the worst case: one community with them all), written
 * through the Q&A question store and its full-text index as posting them would. Each is a member's
 * real phrasing with a few of its words swapped for others from the same phrasings, so questions
 * differ but keep the vocabulary members use; one in three has an answer in the index.
 */
export function seedQuestions(db: Db, count: number, seed = 2): void {
  const store = createQuestionStore(db);
  const random = seededRandom(seed);
  const phrasings = memberQuestions();
  const vocabulary = phrasings.flatMap(words);
  const at = new Date().toISOString();
  db.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const text = words(pick(random, phrasings))
        .map((word) => (random() < 0.3 ? pick(random, vocabulary) : word))
        .join(' ');
      const id = store.insert({
        guildId: QA_GUILD_ID,
        askerId: String(100 + (index % 500)),
        anonymous: false,
        text,
        searchTerms: searchTerms(text),
        publication: 'pending',
        channelId: '1',
        channelKind: 'text',
        kbQuestionId: null,
        kbEntryId: null,
        at,
        retryAt: at,
      });
      store.markPosted({ id, guildId: QA_GUILD_ID, messageId: String(id), threadId: String(id), version: 1, at });
      const answer = index % 3 === 0 ? Array.from({ length: 40 }, () => pick(random, vocabulary)).join(' ') : '';
      store.index(id, QA_GUILD_ID, indexedText(text), indexedText(answer));
    }
  })();
}
