import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { silentLogger } from '../../src/core/logger.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { buildWebApp } from '../../src/web/server.js';
import { createWebService, type WebService } from '../../src/web/service.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, qaHarness, type QaHarness } from './qa.js';

export const BASE_URL = 'https://answers.example.org/community';
export const PREFIX = '/community';
export const SERVER_NAME = 'CTO Community';
export const PUBLISHED_QUESTION = 'How do I hire my first engineer as a solo founder?';
export const PUBLISHED_ANSWER = `Hire for ownership, not a checklist: **pay for a trial week** and ask <@${ASKER}> about it. See [the guide](https://example.com/hiring).`;
export const OTHER_ANSWER = 'Start with a contractor you already trust, then convert them to full time.';
export const OPEN_QUESTION = 'What is a good on-call rotation for three people?';

export interface WebHarness extends QaHarness {
  readonly web: WebService;
  readonly app: FastifyInstance;
  get(path: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** The Q&A services on a fresh database, the site's service and its fastify app (inject, no port). */
export function webHarness(options: { sitemapQuestionsPerFile?: number } = {}): WebHarness {
  const h = qaHarness();
  const web = createWebService({ database: sqliteDatabase(h.db), clock: h.clock, qa: h.qa, knowledge: h.knowledge, ...options });
  const app = buildWebApp({ archive: web.archive, baseUrl: () => BASE_URL, prefix: PREFIX, logger: silentLogger });
  return Object.assign(h, {
    web,
    app,
    get: (path: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `${PREFIX}${path}`, headers }),
  });
}

/**
 * #1 answered (two answers, HELPER's accepted, mentioning the asker) and promoted to the
 * knowledge base as community-1; #2 open with no answer. The site is not enabled.
 */
export async function seedAnsweredQuestion(h: WebHarness): Promise<void> {
  await ask(h.qa, PUBLISHED_QUESTION);
  await h.qa.answering.answer(GUILD, 1, member(HELPER), PUBLISHED_ANSWER);
  await h.qa.answering.answer(GUILD, 1, moderator, OTHER_ANSWER);
  await h.qa.answering.accept(GUILD, { question: 1, answer: 1 }, member(ASKER));
  await h.qa.promoting.promote(GUILD, 1, moderator);
  await ask(h.qa, OPEN_QUESTION, { userId: HELPER });
}
