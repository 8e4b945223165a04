import type { Db } from '../../src/db/index.js';
import { createKnowledgeStore } from '../../src/knowledge/entry-store.js';
import { indexedText } from '../../src/knowledge/indexer.js';
import { QA_GUILD_ID, seedQuestions } from '../search/question-corpus.js';
import { pick, seededRandom } from '../support/random.js';
import { memberQuestions } from '../scenarios/interaction-kinds.js';

export const WEB_GUILD_ID = QA_GUILD_ID;
export const WEB_SLUG = 'bench-community';

const words = (text: string): string[] => text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? [];

/** How much of the corpus the site's home page and search lean on besides questions and entries. */
export interface WebCorpusShape {
  readonly questions: number;
  readonly entries: number;
  /** /ask log rows (the home page's most-asked topics count them per entry). */
  readonly asks: number;
  /** Upvotes on published questions (the home page's most upvoted). */
  readonly votes: number;
}

/**
 * The community site's worst case: one server with `questions` posted questions (the search
 * benchmark's), every other one answered twice with the first answer accepted, `entries` of its own
 * knowledge-base entries, an /ask log and upvotes, and its site enabled. Answers, votes and asks are
 * written as rows directly (the Q&A service would post each one to Discord); entries go through the
 * knowledge store in the same transaction, and the knowledge service reads them all once when it
 * starts: adding them one by one through the service re-reads the whole FTS5 index per entry, which
 * made seeding 1,000 entries take most of an hour.
 */
export function seedWebCorpus(db: Db, shape: WebCorpusShape, seed = 3): void {
  const random = seededRandom(seed);
  const vocabulary = memberQuestions().flatMap(words);
  const sentence = (length: number) => Array.from({ length }, () => pick(random, vocabulary)).join(' ');
  const at = new Date().toISOString();
  const insertAnswer = db.prepare<{ guildId: string; questionId: number; number: number; author: string; text: string; at: string }>(
    `INSERT INTO qa_answers (guild_id, question_id, number, author_id, text, delivery, channel_id, message_id, created_at)
     VALUES (@guildId, @questionId, @number, @author, @text, 'posted', '1', 'm' || @questionId || '-' || @number, @at)`,
  );
  const accept = db.prepare<[number, string, number]>("UPDATE qa_questions SET status = 'answered', accepted_answer_id = ?, accepted_at = ? WHERE id = ?");
  const vote = db.prepare<[string, number, string, string]>("INSERT OR IGNORE INTO qa_votes (guild_id, target, target_id, user_id, created_at) VALUES (?, 'question', ?, ?, ?)");
  const knowledge = createKnowledgeStore(db);

  db.transaction(() => {
    seedQuestions(db, shape.questions, seed);
    const ids = db.prepare<[string], { id: number }>('SELECT id FROM qa_questions WHERE guild_id = ? ORDER BY id').all(WEB_GUILD_ID);
    const published: number[] = [];
    for (const { id } of ids) {
      if (id % 2 !== 0) continue;
      const first = insertAnswer.run({ guildId: WEB_GUILD_ID, questionId: id, number: 1, author: String(600 + (id % 300)), text: `${sentence(60)}\n\n- **${sentence(6)}**\n- ${sentence(12)} https://example.com/${id}`, at });
      insertAnswer.run({ guildId: WEB_GUILD_ID, questionId: id, number: 2, author: String(900 + (id % 300)), text: sentence(40), at });
      accept.run(Number(first.lastInsertRowid), at, id);
      published.push(id);
    }
    // Upvotes gather on few questions: a member votes a random published one, squared towards the newest.
    for (let index = 0; index < shape.votes && published.length > 0; index += 1) {
      const question = published[Math.floor(published.length * (1 - random() ** 2))] ?? published[0] ?? 0;
      vote.run(WEB_GUILD_ID, question, String(2_000 + Math.floor(random() * 5_000)), at);
    }
    db.prepare("INSERT INTO web_sites (guild_id, slug, title, enabled, changed_by, changed_at) VALUES (?, ?, 'Bench Community', 1, '1', ?)").run(WEB_GUILD_ID, WEB_SLUG, at);

    for (let index = 1; index <= shape.entries; index += 1) {
      const title = sentence(5);
      const entry = { id: `community-${index}`, title, summary: sentence(25), body: sentence(250), aliases: [title], tags: ['community'], related: [], guildId: WEB_GUILD_ID, authorId: String(600 + index) };
      knowledge.indexGuildEntry(entry, indexedText(entry), at);
    }
    // Most /ask hits go to few topics (squared towards the first entries); one in five finds none.
    // Straight into the table, in this one transaction: the ask log's store is async (ask-log-store.ts).
    const insertAsk = db.prepare<[string, string, string, string | null, number | null, string]>(
      'INSERT INTO kb_questions (guild_id, user_id, question, entry_id, score, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (let index = 0; index < shape.asks; index += 1) {
      const entryId = shape.entries > 0 && random() >= 0.2 ? `community-${1 + Math.floor(shape.entries * random() ** 2)}` : null;
      insertAsk.run(WEB_GUILD_ID, String(2_000 + (index % 5_000)), sentence(8), entryId, entryId ? 0.8 : null, at);
    }
  })();
}
