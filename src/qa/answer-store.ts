import type { Db } from '../db/index.js';
import { ownedPage, type Owned } from '../scheduling/due-work.js';
import type { SendStart } from './question-store.js';
import type { Answer } from './types.js';
import { found } from '../core/errors.js';

const COLUMNS = `id, guild_id AS guildId, question_id AS questionId, number, author_id AS authorId, text, deleted_at AS deletedAt, delivery, origin,
  channel_id AS channelId, message_id AS messageId, attempts, version, synced_version AS syncedVersion,
  created_at AS createdAt, edited_at AS editedAt`;

const VOTES = "(SELECT count(*) FROM qa_votes v WHERE v.target = 'answer' AND v.target_id = a.id)";

interface NewAnswer {
  readonly guildId: string;
  readonly questionId: number;
  readonly authorId: string;
  readonly text: string;
  readonly at: string;
  readonly retryAt: string;
}

/** Where an answer was before a merge moved it. */
interface MovedAnswer {
  readonly id: number;
  readonly questionId: number;
  readonly number: number;
  readonly deleted: boolean;
}

/** A member's own message kept as an answer (Mark as answer): already on Discord, nothing to post or sync. */
interface LinkedAnswer {
  readonly guildId: string;
  readonly questionId: number;
  readonly authorId: string;
  readonly text: string;
  readonly channelId: string;
  readonly messageId: string;
  readonly at: string;
}

/** The only module with SQL for answers. */
export function createAnswerStore(db: Db) {
  const statements = {
    insert: db.prepare<NewAnswer>(
      `INSERT INTO qa_answers (guild_id, question_id, number, author_id, text, next_attempt_at, created_at)
       VALUES (@guildId, @questionId, (SELECT coalesce(max(number), 0) + 1 FROM qa_answers WHERE question_id = @questionId),
               @authorId, @text, @retryAt, @at)`,
    ),
    byNumber: db.prepare<[number, number], Answer>(`SELECT ${COLUMNS} FROM qa_answers WHERE question_id = ? AND number = ?`),
    lastNumber: db.prepare<[number], { last: number }>('SELECT coalesce(max(number), 0) AS last FROM qa_answers WHERE question_id = ?'),
    allOf: db.prepare<[number], Answer>(`SELECT ${COLUMNS} FROM qa_answers WHERE question_id = ? ORDER BY number`),
    place: db.prepare<{ id: number; questionId: number; number: number }>('UPDATE qa_answers SET question_id = @questionId, number = @number WHERE id = @id'),
    // The unique key (guild_id, message_id) of linked answers makes a second insert of one message a no-op.
    insertLinked: db.prepare<LinkedAnswer>(
      `INSERT INTO qa_answers (guild_id, question_id, number, author_id, text, origin, delivery, channel_id, message_id, synced_version, created_at)
       VALUES (@guildId, @questionId, (SELECT coalesce(max(number), 0) + 1 FROM qa_answers WHERE question_id = @questionId),
               @authorId, @text, 'message', 'posted', @channelId, @messageId, 1, @at)
       ON CONFLICT (guild_id, message_id) WHERE origin = 'message' DO NOTHING`,
    ),
    byId: db.prepare<[string, number], Answer>(`SELECT ${COLUMNS} FROM qa_answers WHERE guild_id = ? AND id = ?`),
    byMessage: db.prepare<[string, string], Answer>(`SELECT ${COLUMNS} FROM qa_answers WHERE guild_id = ? AND message_id = ?`),
    forQuestion: db.prepare<[number], Answer & { votes: number }>(
      `SELECT ${COLUMNS}, ${VOTES} AS votes FROM qa_answers a WHERE question_id = ? AND deleted_at IS NULL ORDER BY number`,
    ),
    count: db.prepare<[number], { count: number }>('SELECT count(*) AS count FROM qa_answers WHERE question_id = ? AND deleted_at IS NULL'),
    withVotes: db.prepare<[number], { votes: number }>(`SELECT ${VOTES} AS votes FROM qa_answers a WHERE id = ?`),
    answeredSince: db.prepare<[string, string, string], { count: number; oldest: string | null }>(
      'SELECT count(*) AS count, min(created_at) AS oldest FROM qa_answers WHERE guild_id = ? AND author_id = ? AND created_at >= ?',
    ),
    due: db.prepare<{ now: string; after: number; limit: number }, Answer>(
      `SELECT ${COLUMNS} FROM qa_answers WHERE next_attempt_at <= @now AND id > @after ORDER BY id LIMIT @limit`,
    ),
    pendingFor: db.prepare<[number], Answer>(
      `SELECT ${COLUMNS} FROM qa_answers WHERE question_id = ? AND delivery = 'pending' AND deleted_at IS NULL ORDER BY id`,
    ),
    sendStartedAt: db.prepare<[number], { at: string | null }>('SELECT send_started_at AS at FROM qa_answers WHERE id = ?'),
    startSend: db.prepare<[string, number]>('UPDATE qa_answers SET send_started_at = coalesce(send_started_at, ?) WHERE id = ?'),
    markPosted: db.prepare<{ id: number; channelId: string; messageId: string; version: number }>(
      `UPDATE qa_answers SET delivery = 'posted', channel_id = @channelId, message_id = @messageId, last_error = NULL, attempts = 0,
              synced_version = max(synced_version, @version),
              next_attempt_at = CASE WHEN version > max(synced_version, @version) THEN next_attempt_at END
       WHERE id = @id AND delivery = 'pending'`,
    ),
    failedAttempt: db.prepare<{ id: number; error: string; retryAt: string | null }>(
      'UPDATE qa_answers SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt WHERE id = @id',
    ),
    synced: db.prepare<{ id: number; version: number }>(
      `UPDATE qa_answers SET synced_version = max(synced_version, @version), last_error = NULL, attempts = 0,
              next_attempt_at = CASE WHEN version > max(synced_version, @version) THEN next_attempt_at END
       WHERE id = @id`,
    ),
    settle: db.prepare<[number]>('UPDATE qa_answers SET next_attempt_at = NULL WHERE id = ?'),
    rearmInThread: db.prepare<{ guildId: string; threadId: string; at: string }>(
      `UPDATE qa_answers SET next_attempt_at = @at
       WHERE question_id IN (SELECT id FROM qa_questions WHERE guild_id = @guildId AND thread_id = @threadId)
         AND next_attempt_at IS NULL AND deleted_at IS NULL AND (delivery = 'pending' OR synced_version < version)`,
    ),
    touch: db.prepare<[string, number]>('UPDATE qa_answers SET version = version + 1, next_attempt_at = coalesce(next_attempt_at, ?) WHERE id = ?'),
    setText: db.prepare<[string, string, number]>('UPDATE qa_answers SET text = ?, edited_at = ? WHERE id = ?'),
    markDeleted: db.prepare<[string, number]>('UPDATE qa_answers SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
  };

  return {
    insert: (answer: NewAnswer): number => Number(statements.insert.run(answer).lastInsertRowid),
    /** Keeps a member's message as an answer; the id of the row for that message (new, or stored before). */
    insertLinked: (answer: LinkedAnswer): number => {
      statements.insertLinked.run(answer);
      return found(statements.byMessage.get(answer.guildId, answer.messageId), 'Q&A linked answer', answer.guildId, answer.messageId).id;
    },
    byId: (guildId: string, id: number): Answer | undefined => statements.byId.get(guildId, id),
    /** An answer the caller knows exists (just written, or read in the same transaction). */
    requireById: (guildId: string, id: number): Answer => found(statements.byId.get(guildId, id), 'Q&A answer', guildId, id),
    /** An answer by its number within its question (as members see and type it), deleted ones included. */
    byNumber: (questionId: number, number: number): Answer | undefined => statements.byNumber.get(questionId, number),
    byMessage: (guildId: string, messageId: string): Answer | undefined => statements.byMessage.get(guildId, messageId),
    /** The visible answers of a question, oldest first, with their upvotes. */
    forQuestion: (questionId: number): (Answer & { votes: number })[] => statements.forQuestion.all(questionId),
    count: (questionId: number): number => statements.count.get(questionId)?.count ?? 0,
    votes: (answerId: number): number => statements.withVotes.get(answerId)?.votes ?? 0,
    answeredSince: (guildId: string, authorId: string, since: string) => statements.answeredSince.get(guildId, authorId, since) ?? { count: 0, oldest: null },
    /** Up to `limit` of this shard's answers due to be brought in line with Discord, paging past other shards'. */
    due: (now: string, limit: number, owned: Owned): Answer[] =>
      ownedPage((after) => statements.due.all({ now, after, limit }), (answer) => answer.id, limit, owned),
    pendingFor: (questionId: number): Answer[] => statements.pendingFor.all(questionId),
    /** As the question store's startSend (run in the caller's transaction): the answer's post begins; `resumed` on a later attempt. */
    startSend: (id: number, at: string): SendStart => {
      const earlier = statements.sendStartedAt.get(id)?.at ?? null;
      statements.startSend.run(at, id);
      return { startedAt: earlier ?? at, resumed: earlier !== null };
    },
    markPosted: (id: number, channelId: string, messageId: string, version: number): boolean =>
      statements.markPosted.run({ id, channelId, messageId, version }).changes === 1,
    failedAttempt: (id: number, error: string, retryAt: string | null): void => {
      statements.failedAttempt.run({ id, error: error.slice(0, 500), retryAt });
    },
    synced: (id: number, version: number): void => {
      statements.synced.run({ id, version });
    },
    /** Answers in this thread whose post or update Discord refused (a lock) are due again at `at`. */
    rearmInThread: (guildId: string, threadId: string, at: string): number => statements.rearmInThread.run({ guildId, threadId, at }).changes,
    settle: (id: number): void => {
      statements.settle.run(id);
    },
    touch: (id: number, retryAt: string): void => {
      statements.touch.run(retryAt, id);
    },
    setText: (id: number, text: string, at: string): void => {
      statements.setText.run(text, at, id);
    },
    markDeleted: (id: number, at: string): boolean => statements.markDeleted.run(at, id).changes === 1,
    /**
     * A merge: every answer of `from` (deleted ones too) now belongs to `to`, numbered after its own in
     * their order. Returns where each was, so an undo can put them back.
     */
    move: (from: number, to: number): MovedAnswer[] => {
      const last = statements.lastNumber.get(to)?.last ?? 0;
      return statements.allOf.all(from).map((answer, index) => {
        statements.place.run({ id: answer.id, questionId: to, number: last + index + 1 });
        return { id: answer.id, questionId: from, number: answer.number, deleted: answer.deletedAt !== null };
      });
    },
    /** Undoing a move: each answer back in its question under its number. */
    place: (answer: Pick<MovedAnswer, 'id' | 'questionId' | 'number'>): void => {
      statements.place.run({ id: answer.id, questionId: answer.questionId, number: answer.number });
    },
  };
}

export type AnswerStore = ReturnType<typeof createAnswerStore>;
