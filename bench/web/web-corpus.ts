import { systemClock } from '../../src/core/clock.js';
import type { Db } from '../../src/db/index.js';
import { silentLogger } from '../../src/core/logger.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { QA_GUILD_ID, seedQuestions } from '../search/question-corpus.js';
import { pick, seededRandom } from '../support/random.js';
import { memberQuestions } from '../scenarios/interaction-kinds.js';

export const WEB_GUILD_ID = QA_GUILD_ID;
export const WEB_SLUG = 'bench-community';

const words = (text: string): string[] => text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];

/**
 * The community site's worst case: one server with `questions` posted questions (the search
 * benchmark's), every other one answered twice with the first answer accepted, `entries` of its own
 * knowledge-base entries, and its site enabled. Answers are written as rows directly: seeding
 * through the Q&A service would post each one to Discord.
 */
export function seedWebCorpus(db: Db, questions: number, entries: number, seed = 3): void {
  seedQuestions(db, questions, seed);
  const random = seededRandom(seed);
  const vocabulary = memberQuestions().flatMap(words);
  const at = new Date().toISOString();
  const insertAnswer = db.prepare<{ guildId: string; questionId: number; number: number; author: string; text: string; at: string }>(
    `INSERT INTO qa_answers (guild_id, question_id, number, author_id, text, delivery, channel_id, message_id, created_at)
     VALUES (@guildId, @questionId, @number, @author, @text, 'posted', '1', 'm' || @questionId || '-' || @number, @at)`,
  );
  const accept = db.prepare<[number, string, number]>("UPDATE qa_questions SET status = 'answered', accepted_answer_id = ?, accepted_at = ? WHERE id = ?");
  const ids = db.prepare<[string], { id: number }>('SELECT id FROM qa_questions WHERE guild_id = ? ORDER BY id').all(WEB_GUILD_ID);
  db.transaction(() => {
    for (const { id } of ids) {
      if (id % 2 !== 0) continue;
      const sentence = (length: number) => Array.from({ length }, () => pick(random, vocabulary)).join(' ');
      const first = insertAnswer.run({ guildId: WEB_GUILD_ID, questionId: id, number: 1, author: String(600 + (id % 300)), text: `${sentence(60)}\n\n- **${sentence(6)}**\n- ${sentence(12)} https://example.com/${id}`, at });
      insertAnswer.run({ guildId: WEB_GUILD_ID, questionId: id, number: 2, author: String(900 + (id % 300)), text: sentence(40), at });
      accept.run(Number(first.lastInsertRowid), at, id);
    }
    db.prepare("INSERT INTO web_sites (guild_id, slug, title, enabled, changed_by, changed_at) VALUES (?, ?, 'Bench Community', 1, '1', ?)").run(WEB_GUILD_ID, WEB_SLUG, at);
  })();
  const knowledge = createKnowledgeService({ db, clock: systemClock, logger: silentLogger });
  for (let index = 1; index <= entries; index += 1) {
    const title = Array.from({ length: 5 }, () => pick(random, vocabulary)).join(' ');
    knowledge.addGuildEntry({
      id: `community-${index}`,
      title,
      summary: Array.from({ length: 25 }, () => pick(random, vocabulary)).join(' '),
      body: Array.from({ length: 250 }, () => pick(random, vocabulary)).join(' '),
      aliases: [title],
      tags: ['community'],
      related: [],
      guildId: WEB_GUILD_ID,
      authorId: String(600 + index),
    });
  }
}
