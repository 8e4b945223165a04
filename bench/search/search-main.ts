import type { SearchResult } from '../report/results.js';
import { measureKnowledgeSearch } from './knowledge-search.js';
import { measureQuestionSearch } from './question-search.js';

// Scenario 3 in its own process (a clean heap, nothing else on its event loop); prints one JSON line.
const calls = Number(process.argv[2] ?? 5_000);
const search: SearchResult = {
  status: 'ok',
  knowledge: measureKnowledgeSearch(1_000, calls),
  questions: measureQuestionSearch(100_000, calls),
};
process.stdout.write(`${JSON.stringify({ search })}\n`);
