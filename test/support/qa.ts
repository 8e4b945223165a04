import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Db } from '../../src/db/index.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { loadKnowledgeContent, type KnowledgeContent } from '../../src/knowledge/content.js';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/service.js';
import { createAnswerStore } from '../../src/qa/answer-store.js';
import { createQuestionStore } from '../../src/qa/question-store.js';
import { createQaService, type QaDependencies, type QaService } from '../../src/qa/service.js';
import type { Answer, QaActor, Question } from '../../src/qa/types.js';
import { createTestDatabase } from './database.js';
import { FakePoster } from './fake-poster.js';
import type { OutgoingMessage, OwnForumPost, PostedMessage } from '../../src/core/poster.js';

export const GUILD = '110000000000000001';
export const OTHER_GUILD = '110000000000000002';
export const QA_CHANNEL = '210000000000000001';
export const FORUM = '210000000000000002';
export const ASKER = '310000000000000001';
export const HELPER = '310000000000000002';
export const READER = '310000000000000003';
export const MODERATOR = '310000000000000009';

/**
 * The shared fake poster, with forum posts as Discord makes them: the starter message lives in the
 * post's own thread (its id is the thread's), so edits to it find it there.
 */
export class QaFakePoster extends FakePoster {
  readonly forumPosts: { forumId: string; name: string; threadId: string; appliedTags: readonly string[] }[] = [];

  override async createForumPost(forumId: string, name: string, message: OutgoingMessage, appliedTags: readonly string[] = []): Promise<PostedMessage & { threadId: string }> {
    const posted = await super.createForumPost(forumId, name, message, appliedTags);
    const index = this.messages.findIndex((recorded) => recorded.id === posted.id);
    const recorded = this.messages[index];
    if (recorded) this.messages.splice(index, 1, { ...recorded, channelId: posted.id });
    this.forumPosts.push({ forumId, name, threadId: posted.id, appliedTags });
    return { id: posted.id, channelId: posted.id, threadId: posted.id };
  }

  override async ownActiveForumPosts(_guildId: string, forumId: string): Promise<readonly OwnForumPost[]> {
    return this.forumPosts.filter((post) => post.forumId === forumId).map(({ threadId, name }) => ({ threadId, name }));
  }
}

export const member = (userId: string): QaActor => ({ userId, moderator: false });
export const moderator: QaActor = { userId: MODERATOR, moderator: true };

export interface QaHarness {
  readonly db: Db;
  readonly clock: ManualClock;
  readonly poster: QaFakePoster;
  readonly knowledge: KnowledgeService;
  qa: QaService;
  /** A new service on the same database and Discord: what a restarted bot sees. */
  restart(overrides?: Partial<QaDependencies>): QaService;
  /** A row as the database holds it, with no visibility rules (the tests check the truth). */
  questionById(guildId: string, id: number): Question | undefined;
  answerById(guildId: string, id: number): Answer | undefined;
}


let content: KnowledgeContent | undefined;
/** The shipped knowledge base, read once per test file. */
function knowledgeContent(): KnowledgeContent {
  content ??= loadKnowledgeContent();
  return content;
}

export function qaHarness(start = '2026-03-02T10:00:00Z', overrides: Partial<QaDependencies> = {}): QaHarness {
  const db = createTestDatabase();
  const clock = new ManualClock(start);
  const poster = new QaFakePoster({ clock });
  const knowledge = createKnowledgeService({ db, clock, logger: silentLogger, content: knowledgeContent() });
  const questions = createQuestionStore(db);
  const answers = createAnswerStore(db);
  const database = sqliteDatabase(db);
  const build = (more: Partial<QaDependencies> = {}) => createQaService({ db, database, clock, logger: silentLogger, poster, knowledge, ...overrides, ...more });
  const harness: QaHarness = {
    db,
    clock,
    poster,
    knowledge,
    qa: build(),
    restart(more) {
      harness.qa = build(more);
      return harness.qa;
    },
    questionById: (guildId, id) => questions.byId(guildId, id),
    answerById: (guildId, id) => answers.byId(guildId, id),
  };
  return harness;
}

/** Asks a question in the Q&A text channel and returns its number. */
export async function ask(qa: QaService, text: string, options: { userId?: string; guildId?: string; anonymous?: boolean; channelId?: string; kind?: 'text' | 'forum' | 'thread' } = {}) {
  return qa.asking.ask({
    guildId: options.guildId ?? GUILD,
    userId: options.userId ?? ASKER,
    text,
    anonymous: options.anonymous ?? false,
    target: { channelId: options.channelId ?? QA_CHANNEL, kind: options.kind ?? 'text' },
  });
}

/** Rows as SQLite holds them (the tests check the database, the truth). */
export function questionRows(db: Db, guildId = GUILD) {
  return db
    .prepare<[string], { id: number; number: number | null; publication: string; status: string; message_id: string | null; thread_id: string | null; deleted_at: string | null }>(
      'SELECT id, number, publication, status, message_id, thread_id, deleted_at FROM qa_questions WHERE guild_id = ? ORDER BY id',
    )
    .all(guildId);
}
