import type { Db } from '../db/index.js';
import { REPUTATION } from './rules.js';
import type { QuestionStatus } from './types.js';

export interface HelperRow {
  readonly userId: string;
  readonly reputation: number;
  readonly accepted: number;
  readonly upvotes: number;
  readonly answers: number;
}

interface QuestionTiming {
  readonly createdAt: string;
  readonly firstAnswerAt: string | null;
  readonly acceptedAt: string | null;
}

export interface QuestionLine {
  readonly id: number;
  readonly number: number;
  readonly text: string;
  readonly status: QuestionStatus;
  readonly createdAt: string;
  readonly channelId: string;
  readonly channelKind: string;
  readonly messageId: string | null;
  readonly threadId: string | null;
}

export interface AnswerLine {
  readonly id: number;
  readonly questionNumber: number;
  readonly questionText: string;
  readonly text: string;
  readonly authorId: string;
  readonly votes: number;
  readonly createdAt: string;
  readonly channelId: string | null;
  readonly messageId: string | null;
}

export interface ExportQuestionRow {
  readonly id: number;
  readonly number: number;
  /** Null for anonymous questions: the asker never leaves the database. */
  readonly askerId: string | null;
  readonly anonymous: number;
  readonly text: string;
  readonly status: QuestionStatus;
  readonly publication: string;
  readonly locked: number;
  readonly mergedIntoNumber: number | null;
  readonly acceptedAnswerId: number | null;
  readonly votes: number;
  readonly createdAt: string;
  readonly acceptedAt: string | null;
  readonly closedAt: string | null;
}

export interface ExportAnswerRow {
  readonly id: number;
  readonly number: number;
  readonly questionId: number;
  readonly authorId: string;
  readonly text: string;
  readonly votes: number;
  readonly createdAt: string;
  readonly editedAt: string | null;
}

// Reputation (rules.ts): the accepted answer's points when it was accepted (not for answering one's
// own question), an upvote's on an answer when it was cast; deleted answers and questions count for nothing.
const REPUTATION_ROWS = `
  SELECT a.author_id AS userId, ${REPUTATION.accepted} AS points, 1 AS accepted, 0 AS upvotes, 0 AS answers
    FROM qa_questions q JOIN qa_answers a ON a.id = q.accepted_answer_id
   WHERE q.guild_id = @guildId AND q.deleted_at IS NULL AND a.deleted_at IS NULL AND q.accepted_at >= @since AND a.author_id <> q.asker_id
  UNION ALL
  SELECT a.author_id, ${REPUTATION.answerUpvote}, 0, 1, 0
    FROM qa_votes v JOIN qa_answers a ON a.id = v.target_id JOIN qa_questions q ON q.id = a.question_id
   WHERE v.guild_id = @guildId AND v.target = 'answer' AND v.created_at >= @since AND a.deleted_at IS NULL AND q.deleted_at IS NULL
  UNION ALL
  SELECT a.author_id, 0, 0, 0, 1
    FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id
   WHERE a.guild_id = @guildId AND a.created_at >= @since AND a.deleted_at IS NULL AND q.deleted_at IS NULL`;

const PUBLIC = "q.publication = 'posted' AND q.deleted_at IS NULL AND q.merged_into IS NULL";
const NO_ANSWERS = 'NOT EXISTS (SELECT 1 FROM qa_answers a WHERE a.question_id = q.id AND a.deleted_at IS NULL)';
const ANSWER_VOTES = "(SELECT count(*) FROM qa_votes v WHERE v.target = 'answer' AND v.target_id = a.id)";
const LINE = 'q.id, q.number, q.text, q.status, q.created_at AS createdAt, q.channel_id AS channelId, q.channel_kind AS channelKind, q.message_id AS messageId, q.thread_id AS threadId';
const ANSWER_LINE = `a.id, q.number AS questionNumber, q.text AS questionText, a.text, a.author_id AS authorId, ${ANSWER_VOTES} AS votes,
  a.created_at AS createdAt, a.channel_id AS channelId, a.message_id AS messageId`;

/** Read-only SQL for the leaderboard, profiles, stats, the digest and exports. */
export function createReportStore(db: Db) {
  const statements = {
    helpers: db.prepare<{ guildId: string; since: string; limit: number }, HelperRow>(
      `SELECT userId, sum(points) AS reputation, sum(accepted) AS accepted, sum(upvotes) AS upvotes, sum(answers) AS answers
         FROM (${REPUTATION_ROWS}) GROUP BY userId ORDER BY reputation DESC, answers DESC, userId LIMIT @limit`,
    ),
    helper: db.prepare<{ guildId: string; since: string; userId: string }, HelperRow>(
      `SELECT @userId AS userId, coalesce(sum(points), 0) AS reputation, coalesce(sum(accepted), 0) AS accepted,
              coalesce(sum(upvotes), 0) AS upvotes, coalesce(sum(answers), 0) AS answers
         FROM (${REPUTATION_ROWS}) WHERE userId = @userId`,
    ),
    askedBy: db.prepare<[string, string], { total: number; anonymous: number }>(
      `SELECT count(*) AS total, coalesce(sum(anonymous), 0) AS anonymous FROM qa_questions
        WHERE guild_id = ? AND asker_id = ? AND publication IN ('pending', 'posted') AND deleted_at IS NULL`,
    ),
    recentAskedBy: db.prepare<[string, string, number, number], QuestionLine>(
      `SELECT ${LINE} FROM qa_questions q WHERE q.guild_id = ? AND q.asker_id = ? AND ${PUBLIC} AND (q.anonymous = 0 OR ?)
        ORDER BY q.id DESC LIMIT ?`,
    ),
    recentAnswersBy: db.prepare<[string, string, number], AnswerLine>(
      `SELECT ${ANSWER_LINE} FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id
        WHERE a.guild_id = ? AND a.author_id = ? AND a.deleted_at IS NULL AND q.deleted_at IS NULL ORDER BY a.id DESC LIMIT ?`,
    ),
    timings: db.prepare<[string, string], QuestionTiming>(
      `SELECT q.created_at AS createdAt, q.accepted_at AS acceptedAt,
              (SELECT min(a.created_at) FROM qa_answers a WHERE a.question_id = q.id AND a.deleted_at IS NULL) AS firstAnswerAt
         FROM qa_questions q WHERE q.guild_id = ? AND q.created_at >= ? AND q.publication IN ('pending', 'posted') AND q.deleted_at IS NULL`,
    ),
    topics: db.prepare<[string, string, number], { entryId: string; count: number }>(
      `SELECT kb_entry_id AS entryId, count(*) AS count FROM qa_questions
        WHERE guild_id = ? AND created_at >= ? AND kb_entry_id IS NOT NULL AND publication IN ('pending', 'posted') AND deleted_at IS NULL
        GROUP BY kb_entry_id ORDER BY count DESC, kb_entry_id LIMIT ?`,
    ),
    unansweredOldest: db.prepare<[string, string, number], QuestionLine>(
      `SELECT ${LINE} FROM qa_questions q WHERE q.guild_id = ? AND ${PUBLIC} AND q.status = 'open' AND ${NO_ANSWERS} AND q.created_at >= ?
        ORDER BY q.id LIMIT ?`,
    ),
    countUnanswered: db.prepare<[string, string], { count: number }>(
      `SELECT count(*) AS count FROM qa_questions q WHERE q.guild_id = ? AND ${PUBLIC} AND q.status = 'open' AND ${NO_ANSWERS} AND q.created_at >= ?`,
    ),
    bestAnswers: db.prepare<[string, string, number], AnswerLine>(
      `SELECT ${ANSWER_LINE} FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id
        WHERE a.guild_id = ? AND a.created_at >= ? AND a.deleted_at IS NULL AND ${PUBLIC} AND ${ANSWER_VOTES} > 0
        ORDER BY votes DESC, a.id LIMIT ?`,
    ),
    exportQuestions: db.prepare<[string], ExportQuestionRow>(
      `SELECT q.id, q.number, CASE WHEN q.anonymous = 1 THEN NULL ELSE q.asker_id END AS askerId, q.anonymous, q.text, q.status,
              q.publication, q.locked, (SELECT m.number FROM qa_questions m WHERE m.id = q.merged_into) AS mergedIntoNumber,
              q.accepted_answer_id AS acceptedAnswerId,
              (SELECT count(*) FROM qa_votes v WHERE v.target = 'question' AND v.target_id = q.id) AS votes,
              q.created_at AS createdAt, q.accepted_at AS acceptedAt, q.closed_at AS closedAt
         FROM qa_questions q WHERE q.guild_id = ? AND q.publication IN ('pending', 'posted') AND q.deleted_at IS NULL ORDER BY q.number`,
    ),
    exportAnswers: db.prepare<[string], ExportAnswerRow>(
      `SELECT a.id, a.number, a.question_id AS questionId, a.author_id AS authorId, a.text, ${ANSWER_VOTES} AS votes,
              a.created_at AS createdAt, a.edited_at AS editedAt
         FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id
        WHERE a.guild_id = ? AND a.deleted_at IS NULL AND q.publication IN ('pending', 'posted') AND q.deleted_at IS NULL ORDER BY a.id`,
    ),
  };

  return {
    helpers: (guildId: string, since: string, limit: number): HelperRow[] =>
      statements.helpers.all({ guildId, since, limit }).filter((row) => row.reputation > 0 || row.answers > 0),
    helper: (guildId: string, userId: string, since: string): HelperRow =>
      statements.helper.get({ guildId, since, userId }) ?? { userId, reputation: 0, accepted: 0, upvotes: 0, answers: 0 },
    askedBy: (guildId: string, userId: string) => statements.askedBy.get(guildId, userId) ?? { total: 0, anonymous: 0 },
    recentAskedBy: (guildId: string, userId: string, includeAnonymous: boolean, limit: number): QuestionLine[] =>
      statements.recentAskedBy.all(guildId, userId, includeAnonymous ? 1 : 0, limit),
    recentAnswersBy: (guildId: string, userId: string, limit: number): AnswerLine[] => statements.recentAnswersBy.all(guildId, userId, limit),
    timings: (guildId: string, since: string): QuestionTiming[] => statements.timings.all(guildId, since),
    topics: (guildId: string, since: string, limit: number) => statements.topics.all(guildId, since, limit),
    unansweredOldest: (guildId: string, since: string, limit: number): QuestionLine[] => statements.unansweredOldest.all(guildId, since, limit),
    countUnanswered: (guildId: string, since: string): number => statements.countUnanswered.get(guildId, since)?.count ?? 0,
    bestAnswers: (guildId: string, since: string, limit: number): AnswerLine[] => statements.bestAnswers.all(guildId, since, limit),
    exportQuestions: (guildId: string): ExportQuestionRow[] => statements.exportQuestions.all(guildId),
    exportAnswers: (guildId: string): ExportAnswerRow[] => statements.exportAnswers.all(guildId),
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
