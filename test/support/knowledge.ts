import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Db } from '../../src/db/index.js';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/service.js';
import { createTestDatabase } from './database.js';

export function createTestKnowledge(clock = new ManualClock('2026-03-01T12:00:00Z')): { db: Db; clock: ManualClock; knowledge: KnowledgeService } {
  const db = createTestDatabase();
  return { db, clock, knowledge: createKnowledgeService({ db, clock, logger: silentLogger }) };
}
