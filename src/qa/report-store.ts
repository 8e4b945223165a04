import { sql, type ExpressionBuilder } from 'kysely';
import { all, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';
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

type Numeric = number | string | bigint | null;
/** pg returns sum() and count() of integers as strings: every figure goes through Number(). */
const figure = (value: Numeric): number => Number(value ?? 0);

/** Read-only SQL for the leaderboard, profiles, stats, the digest and exports, on SQLite and PostgreSQL alike. */
export function createReportStore({ kysely: db }: SqlDatabase) {
  // Reputation (rules.ts): the accepted answer's points when it was accepted (not for answering one's
  // own question), an upvote's on an answer when it was cast; deleted answers and questions count for nothing.
  const reputationRows = (guildId: string, since: string) =>
    db
      .selectFrom('qa_questions as q')
      .innerJoin('qa_answers as a', 'a.id', 'q.accepted_answer_id')
      .select(['a.author_id as user_id', sql<number>`${sql.lit(REPUTATION.accepted)}`.as('points'), sql<number>`1`.as('accepted'), sql<number>`0`.as('upvotes'), sql<number>`0`.as('answers')])
      .where('q.guild_id', '=', guildId)
      .where('q.deleted_at', 'is', null)
      .where('a.deleted_at', 'is', null)
      .where('q.accepted_at', '>=', since)
      .whereRef('a.author_id', '<>', 'q.asker_id')
      .unionAll(
        db
          .selectFrom('qa_votes as v')
          .innerJoin('qa_answers as a', 'a.id', 'v.target_id')
          .innerJoin('qa_questions as q', 'q.id', 'a.question_id')
          .select(['a.author_id as user_id', sql<number>`${sql.lit(REPUTATION.answerUpvote)}`.as('points'), sql<number>`0`.as('accepted'), sql<number>`1`.as('upvotes'), sql<number>`0`.as('answers')])
          .where('v.guild_id', '=', guildId)
          .where('v.target', '=', 'answer')
          .where('v.created_at', '>=', since)
          .where('a.deleted_at', 'is', null)
          .where('q.deleted_at', 'is', null),
      )
      .unionAll(
        db
          .selectFrom('qa_answers as a')
          .innerJoin('qa_questions as q', 'q.id', 'a.question_id')
          .select(['a.author_id as user_id', sql<number>`0`.as('points'), sql<number>`0`.as('accepted'), sql<number>`0`.as('upvotes'), sql<number>`1`.as('answers')])
          .where('a.guild_id', '=', guildId)
          .where('a.created_at', '>=', since)
          .where('a.deleted_at', 'is', null)
          .where('q.deleted_at', 'is', null),
      );

  const helperRows = (guildId: string, since: string) =>
    db
      .selectFrom(reputationRows(guildId, since).as('r'))
      .select((eb) => [
        'r.user_id',
        eb.fn.sum<Numeric>('r.points').as('reputation'),
        eb.fn.sum<Numeric>('r.accepted').as('accepted'),
        eb.fn.sum<Numeric>('r.upvotes').as('upvotes'),
        eb.fn.sum<Numeric>('r.answers').as('answers'),
      ])
      .groupBy('r.user_id');
  const toHelper = (row: { user_id: string; reputation: Numeric; accepted: Numeric; upvotes: Numeric; answers: Numeric }): HelperRow => ({
    userId: row.user_id,
    reputation: figure(row.reputation),
    accepted: figure(row.accepted),
    upvotes: figure(row.upvotes),
    answers: figure(row.answers),
  });

  type Q = ExpressionBuilder<DatabaseSchema & { q: DatabaseSchema['qa_questions'] }, 'q'>;
  const isPublic = (eb: Q) => eb.and([eb('q.publication', '=', 'posted'), eb('q.deleted_at', 'is', null), eb('q.merged_into', 'is', null)]);
  const noAnswers = (eb: Q) => eb.not(eb.exists(eb.selectFrom('qa_answers as a').select('a.id').whereRef('a.question_id', '=', 'q.id').where('a.deleted_at', 'is', null)));
  const line = ['q.id', 'q.number', 'q.text', 'q.status', 'q.created_at', 'q.channel_id', 'q.channel_kind', 'q.message_id', 'q.thread_id'] as const;
  const toLine = (row: { id: number; number: number | null; text: string; status: string; created_at: string; channel_id: string; channel_kind: string; message_id: string | null; thread_id: string | null }): QuestionLine => ({
    id: row.id,
    number: row.number ?? 0,
    text: row.text,
    status: row.status as QuestionStatus,
    createdAt: row.created_at,
    channelId: row.channel_id,
    channelKind: row.channel_kind,
    messageId: row.message_id,
    threadId: row.thread_id,
  });
  const answerVotes = (eb: ExpressionBuilder<DatabaseSchema & { a: DatabaseSchema['qa_answers'] }, 'a'>) =>
    eb.selectFrom('qa_votes as v').select((inner) => inner.fn.countAll<number | string>().as('votes')).where('v.target', '=', 'answer').whereRef('v.target_id', '=', 'a.id');
  const answerLines = db
    .selectFrom('qa_answers as a')
    .innerJoin('qa_questions as q', 'q.id', 'a.question_id')
    .select((eb) => ['a.id', 'q.number as question_number', 'q.text as question_text', 'a.text', 'a.author_id', answerVotes(eb).as('votes'), 'a.created_at', 'a.channel_id', 'a.message_id']);
  const toAnswerLine = (row: {
    id: number;
    question_number: number | null;
    question_text: string;
    text: string;
    author_id: string;
    votes: Numeric;
    created_at: string;
    channel_id: string | null;
    message_id: string | null;
  }): AnswerLine => ({
    id: row.id,
    questionNumber: row.question_number ?? 0,
    questionText: row.question_text,
    text: row.text,
    authorId: row.author_id,
    votes: figure(row.votes),
    createdAt: row.created_at,
    channelId: row.channel_id,
    messageId: row.message_id,
  });
  const listed = (eb: Q) => eb.and([eb('q.publication', 'in', ['pending', 'posted']), eb('q.deleted_at', 'is', null)]);

  return {
    *helpers(guildId: string, since: string, limit: number): Work<HelperRow[]> {
      const rows = yield* all(helperRows(guildId, since).orderBy('reputation', 'desc').orderBy('answers', 'desc').orderBy('r.user_id').limit(limit));
      return rows.map(toHelper).filter((row) => row.reputation > 0 || row.answers > 0);
    },

    *helper(guildId: string, userId: string, since: string): Work<HelperRow> {
      const row = yield* first(helperRows(guildId, since).where('r.user_id', '=', userId));
      return row ? toHelper(row) : { userId, reputation: 0, accepted: 0, upvotes: 0, answers: 0 };
    },

    *askedBy(guildId: string, userId: string): Work<{ total: number; anonymous: number }> {
      const row = yield* first(
        db
          .selectFrom('qa_questions as q')
          .select((eb) => [eb.fn.countAll<number | string>().as('total'), eb.fn.sum<Numeric>('q.anonymous').as('anonymous')])
          .where('q.guild_id', '=', guildId)
          .where('q.asker_id', '=', userId)
          .where(listed),
      );
      return { total: figure(row?.total ?? 0), anonymous: figure(row?.anonymous ?? 0) };
    },

    *recentAskedBy(guildId: string, userId: string, includeAnonymous: boolean, limit: number): Work<QuestionLine[]> {
      const rows = yield* all(
        db
          .selectFrom('qa_questions as q')
          .select(line)
          .where('q.guild_id', '=', guildId)
          .where('q.asker_id', '=', userId)
          .where(isPublic)
          .$if(!includeAnonymous, (query) => query.where('q.anonymous', '=', 0))
          .orderBy('q.id', 'desc')
          .limit(limit),
      );
      return rows.map(toLine);
    },

    *recentAnswersBy(guildId: string, userId: string, limit: number): Work<AnswerLine[]> {
      const rows = yield* all(
        answerLines.where('a.guild_id', '=', guildId).where('a.author_id', '=', userId).where('a.deleted_at', 'is', null).where('q.deleted_at', 'is', null).orderBy('a.id', 'desc').limit(limit),
      );
      return rows.map(toAnswerLine);
    },

    *timings(guildId: string, since: string): Work<QuestionTiming[]> {
      const rows = yield* all(
        db
          .selectFrom('qa_questions as q')
          .select((eb) => [
            'q.created_at',
            'q.accepted_at',
            eb
              .selectFrom('qa_answers as a')
              .select((inner) => inner.fn.min('a.created_at').as('first'))
              .whereRef('a.question_id', '=', 'q.id')
              .where('a.deleted_at', 'is', null)
              .as('first_answer_at'),
          ])
          .where('q.guild_id', '=', guildId)
          .where('q.created_at', '>=', since)
          .where(listed),
      );
      return rows.map((row) => ({ createdAt: row.created_at, acceptedAt: row.accepted_at, firstAnswerAt: row.first_answer_at }));
    },

    *topics(guildId: string, since: string, limit: number): Work<{ entryId: string; count: number }[]> {
      const rows = yield* all(
        db
          .selectFrom('qa_questions as q')
          .select((eb) => ['q.kb_entry_id', eb.fn.countAll<number | string>().as('count')])
          .where('q.guild_id', '=', guildId)
          .where('q.created_at', '>=', since)
          .where('q.kb_entry_id', 'is not', null)
          .where(listed)
          .groupBy('q.kb_entry_id')
          .orderBy('count', 'desc')
          .orderBy('q.kb_entry_id')
          .limit(limit),
      );
      return rows.map((row) => ({ entryId: row.kb_entry_id ?? '', count: figure(row.count) }));
    },

    *unansweredOldest(guildId: string, since: string, limit: number): Work<QuestionLine[]> {
      const rows = yield* all(
        db
          .selectFrom('qa_questions as q')
          .select(line)
          .where('q.guild_id', '=', guildId)
          .where(isPublic)
          .where('q.status', '=', 'open')
          .where(noAnswers)
          .where('q.created_at', '>=', since)
          .orderBy('q.id')
          .limit(limit),
      );
      return rows.map(toLine);
    },

    *countUnanswered(guildId: string, since: string): Work<number> {
      const row = yield* first(
        db
          .selectFrom('qa_questions as q')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('q.guild_id', '=', guildId)
          .where(isPublic)
          .where('q.status', '=', 'open')
          .where(noAnswers)
          .where('q.created_at', '>=', since),
      );
      return figure(row?.count ?? 0);
    },

    *bestAnswers(guildId: string, since: string, limit: number): Work<AnswerLine[]> {
      const rows = yield* all(
        answerLines
          .where('a.guild_id', '=', guildId)
          .where('a.created_at', '>=', since)
          .where('a.deleted_at', 'is', null)
          .where(isPublic)
          .where((eb) => eb(answerVotes(eb), '>', 0))
          .orderBy('votes', 'desc')
          .orderBy('a.id')
          .limit(limit),
      );
      return rows.map(toAnswerLine);
    },

    *exportQuestions(guildId: string): Work<ExportQuestionRow[]> {
      const rows = yield* all(
        db
          .selectFrom('qa_questions as q')
          .select((eb) => [
            'q.id',
            'q.number',
            eb.case().when('q.anonymous', '=', 1).then(sql<string | null>`NULL`).else(eb.ref('q.asker_id')).end().as('asker_id'),
            'q.anonymous',
            'q.text',
            'q.status',
            'q.publication',
            'q.locked',
            eb.selectFrom('qa_questions as m').select('m.number').whereRef('m.id', '=', 'q.merged_into').as('merged_into_number'),
            'q.accepted_answer_id',
            eb
              .selectFrom('qa_votes as v')
              .select((inner) => inner.fn.countAll<number | string>().as('votes'))
              .where('v.target', '=', 'question')
              .whereRef('v.target_id', '=', 'q.id')
              .as('votes'),
            'q.created_at',
            'q.accepted_at',
            'q.closed_at',
          ])
          .where('q.guild_id', '=', guildId)
          .where(listed)
          .orderBy('q.number'),
      );
      return rows.map((row) => ({
        id: row.id,
        number: row.number ?? 0,
        askerId: row.asker_id,
        anonymous: row.anonymous,
        text: row.text,
        status: row.status as QuestionStatus,
        publication: row.publication,
        locked: row.locked,
        mergedIntoNumber: row.merged_into_number,
        acceptedAnswerId: row.accepted_answer_id,
        votes: figure(row.votes),
        createdAt: row.created_at,
        acceptedAt: row.accepted_at,
        closedAt: row.closed_at,
      }));
    },

    *exportAnswers(guildId: string): Work<ExportAnswerRow[]> {
      const rows = yield* all(
        db
          .selectFrom('qa_answers as a')
          .innerJoin('qa_questions as q', 'q.id', 'a.question_id')
          .select((eb) => ['a.id', 'a.number', 'a.question_id', 'a.author_id', 'a.text', answerVotes(eb).as('votes'), 'a.created_at', 'a.edited_at'])
          .where('a.guild_id', '=', guildId)
          .where('a.deleted_at', 'is', null)
          .where(listed)
          .orderBy('a.id'),
      );
      return rows.map((row) => ({
        id: row.id,
        number: row.number,
        questionId: row.question_id,
        authorId: row.author_id,
        text: row.text,
        votes: figure(row.votes),
        createdAt: row.created_at,
        editedAt: row.edited_at,
      }));
    },
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
