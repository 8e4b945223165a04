import { existsSync } from 'node:fs';
import { REPO_ROOT } from '../processes/child.js';
import type { NotRun, SearchCorpusResult } from '../report/results.js';

/** Community-question search over `questions` questions — once the Q&A feature has its search. */
export async function measureQuestionSearch(questions: number, calls: number): Promise<SearchCorpusResult | NotRun> {
  if (!existsSync(`${REPO_ROOT}src/qa/search.ts`)) return { status: 'skipped', reason: `community-question search (src/qa/search.ts, issue 6) does not exist yet; would measure ${questions} questions × ${calls} queries` };
  return { status: 'skipped', reason: 'community-question search exists but the benchmark does not drive it yet' };
}
