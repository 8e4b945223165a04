import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { loadKnowledgeContent } from '../../src/knowledge/content.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { createKnowledgeStore } from '../../src/knowledge/entry-store.js';
import { contentWords } from '../../src/knowledge/text.js';
import type { SearchCorpusResult } from '../report/results.js';
import { memberQuestions } from '../scenarios/interaction-kinds.js';
import { cachedCorpus } from './corpus-cache.js';
import { knowledgeWithGenerated } from './generated-entries.js';
import { timeAlternately } from './measure.js';

const GUILD_ID = '1000000000000000001';

/** What the stored index depends on besides the migrations and the content itself. */
const INDEX_SOURCES = ['src/knowledge/indexer.ts', 'src/knowledge/entry-store.ts', 'src/knowledge/text.ts', 'src/knowledge/stemmer.ts', 'src/knowledge/synonyms.ts'];

/** The knowledge base at `entries` entries through the real service, beside the bare FTS5 query. */
export function measureKnowledgeSearch(entries: number, calls: number): SearchCorpusResult {
  const content = knowledgeWithGenerated(loadKnowledgeContent(), entries);
  // A database whose index already holds this content: the service finds it unchanged, as on a restart.
  const db = cachedCorpus(`knowledge-${entries}`, INDEX_SOURCES, (fresh) => void createKnowledgeService({ db: fresh, clock: systemClock, logger: silentLogger, content }), content.hash);
  try {
    const knowledge = createKnowledgeService({ db, clock: systemClock, logger: silentLogger, content });
    const store = createKnowledgeStore(db);
    // The floor: what SQLite alone costs for the question's words, OR'ed, best 30 by bm25.
    const ftsOnly = (question: string) => {
      const words = [...new Set(contentWords(question))];
      return store.search(words, GUILD_ID, 30);
    };
    const timed = timeAlternately(memberQuestions(), calls, (question) => knowledge.search(question, GUILD_ID), ftsOnly);
    return { status: 'ok', corpus: content.entries.length, search: timed.measured, baseline: timed.floor };
  } finally {
    db.close();
  }
}
