import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Db } from '../../src/db/index.js';
import type { SqlDatabase } from '../../src/db/sql/dialect.js';
import type { KnowledgeEntry } from '../../src/knowledge/entry.js';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/service.js';
import { createTestDatabase } from './database.js';

/** `database`: the shared database (PostgreSQL in the tests on both dialects); by default Kysely over `db`. */
export function createTestKnowledge(clock = new ManualClock('2026-03-01T12:00:00Z'), database?: SqlDatabase): { db: Db; clock: ManualClock; knowledge: KnowledgeService } {
  const db = createTestDatabase();
  return { db, clock, knowledge: createKnowledgeService({ db, clock, logger: silentLogger, ...(database ? { database } : {}) }) };
}

/** Off-topic for a CTO knowledge base: /ask answers none of them (the unanswered-questions tests). */
export const OFF_TOPIC_QUESTIONS = [
  'How do I repot a cactus without gloves?',
  'Which ferry goes from Naples to Capri?',
  'How long do I boil a duck egg?',
  'Where can I rent a canoe in Lisbon?',
  'What is a good name for a goldfish?',
  'How do I tune a ukulele by ear?',
  'Which glue fixes a cracked mug?',
  'When do swallows leave Ireland?',
  'How do I fold a paper crane?',
];

/** A server's own entry on a topic no shipped entry covers: found only when the server's entries are searched. */
export function quokkaEntry(guildId: string): KnowledgeEntry & { guildId: string } {
  return {
    id: 'quokka-onboarding',
    guildId,
    title: 'Our quokka onboarding ritual',
    aliases: ['quokka ritual'],
    tags: ['culture'],
    related: [],
    summary: 'How this server welcomes new engineering leaders.',
    body: 'Every new member gets a quokka sticker and a buddy.',
  };
}
