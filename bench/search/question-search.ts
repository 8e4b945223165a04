import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Poster } from '../../src/core/poster.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { contentWords } from '../../src/knowledge/text.js';
import { createQuestionStore, scopeToken } from '../../src/qa/question-store.js';
import { createQaService } from '../../src/qa/service.js';
import type { SearchCorpusResult } from '../report/results.js';
import { cachedCorpus } from './corpus-cache.js';
import { timeAlternately } from './measure.js';
import { QA_GUILD_ID, seedQuestions } from './question-corpus.js';

/** What members search for with /questions search. */
const SEARCHES = ['hiring', 'technical debt', 'first 90 days as cto', 'on-call rota burnout', 'board meeting', 'layoffs', 'estimates deadlines', 'remote team culture', 'cloud costs', 'microservices', 'how do i hire senior engineers', 'okrs'];

/** What the seeded questions depend on besides the migrations. */
const CORPUS_SOURCES = [
  'src/qa/question-store.ts',
  'src/qa/search.ts',
  'src/knowledge/text.ts',
  'src/knowledge/stemmer.ts',
  'src/knowledge/synonyms.ts',
  'bench/search/question-corpus.ts',
  'bench/support/random.ts',
  'test/fixtures/kb-member-questions.jsonl',
];

/** Searching never posts: a Poster that would say so if it were asked to. */
const noPoster = new Proxy({} as Poster, {
  get: () => () => Promise.reject(new Error('the search benchmark posts nothing')),
});

/** Community-question search over `count` questions through the real Q&A service, beside the bare FTS5 query. */
export function measureQuestionSearch(count: number, calls: number): SearchCorpusResult {
  const db = cachedCorpus(`questions-${count}`, CORPUS_SOURCES, (fresh) => seedQuestions(fresh, count));
  try {
    const knowledge = createKnowledgeService({ db, clock: systemClock, logger: silentLogger });
    const qa = createQaService({ db, clock: systemClock, logger: silentLogger, poster: noPoster, knowledge });
    const store = createQuestionStore(db);
    const viewer = { userId: '42', moderator: false };
    // The floor: one FTS5 query through the store for every word of the query in this server's questions, newest 60.
    const ftsOnly = (query: string) => {
      const words = [...new Set(contentWords(query))];
      return words.length === 0 ? [] : store.searchIds(`scope:"${scopeToken(QA_GUILD_ID)}" AND question:(${words.map((word) => `"${word}"`).join(' AND ')})`, 60);
    };
    const timed = timeAlternately(SEARCHES, calls, (query) => qa.finding.search(QA_GUILD_ID, query, viewer), ftsOnly);
    return { status: 'ok', corpus: count, search: timed.measured, baseline: timed.floor };
  } finally {
    db.close();
  }
}
