import { sql, type RawBuilder } from 'kysely';
import { all, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import { found } from '../core/errors.js';

/** The actor of what the bot itself records: "The bot" in the log. */
export const BOT_ACTOR = 'system';
/** Who deleted a message when Discord tells the bot it is gone (moderators delete on Discord directly). */
export const DISCORD_ACTOR = 'discord';

export interface QaAuditEntry {
  readonly id: number;
  /** A member's id; `discord` when a message was deleted on Discord, `system` for the bot's own changes. */
  readonly actorId: string;
  readonly action: string;
  readonly questionId: number | null;
  readonly questionNumber: number | null;
  readonly answerId: number | null;
  /** The answer's number within its question, as members see it. */
  readonly answerNumber: number | null;
  /** For an accept: the number of the answer accepted before, if any (details.previous is its id). */
  readonly previousAnswerNumber: number | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

interface NewAuditEntry {
  readonly guildId: string;
  readonly actorId: string;
  readonly action: string;
  readonly questionId?: number | null;
  readonly answerId?: number | null;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly at: string;
}

/** SQL for the Q&A moderation log that /qa audit lists, on SQLite and PostgreSQL alike. */
export function createAuditStore({ kysely: db, dialect }: SqlDatabase) {
  // The details are JSON text on both: each dialect reads a number out of it its own way.
  const detailNumber = (column: string, key: 'previous' | 'entry'): RawBuilder<number | null> =>
    dialect === 'postgres' ? sql<number | null>`(${sql.ref(column)}::jsonb ->> ${sql.lit(key)})::integer` : sql<number | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`;

  const entries = db
    .selectFrom('qa_audit as l')
    .leftJoin('qa_questions as q', 'q.id', 'l.question_id')
    .leftJoin('qa_answers as a', 'a.id', 'l.answer_id')
    .select((eb) => [
      'l.id',
      'l.actor_id',
      'l.action',
      'l.question_id',
      'q.number as question_number',
      'l.answer_id',
      'a.number as answer_number',
      eb.selectFrom('qa_answers as p').select('p.number').where('p.id', '=', detailNumber('l.details', 'previous')).as('previous_answer_number'),
      'l.details',
      'l.created_at',
    ]);

  type EntryRow = Awaited<ReturnType<typeof entries.executeTakeFirstOrThrow>>;
  const toEntry = (row: EntryRow): QaAuditEntry => ({
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    questionId: row.question_id,
    questionNumber: row.question_number,
    answerId: row.answer_id,
    answerNumber: row.answer_number,
    previousAnswerNumber: row.previous_answer_number,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
  });

  return {
    /** The entry's id (what an Undo button carries). */
    *record(entry: NewAuditEntry): Work<number> {
      const row = yield* first(
        db
          .insertInto('qa_audit')
          .values({
            guild_id: entry.guildId,
            actor_id: entry.actorId,
            action: entry.action,
            question_id: entry.questionId ?? null,
            answer_id: entry.answerId ?? null,
            details: JSON.stringify(entry.details ?? {}),
            created_at: entry.at,
          })
          .returning('id'),
      );
      return found(row, 'Q&A audit entry', entry.guildId).id;
    },

    *byId(guildId: string, id: number): Work<QaAuditEntry | undefined> {
      const row = yield* first(entries.where('l.guild_id', '=', guildId).where('l.id', '=', id));
      return row && toEntry(row);
    },

    /** Whether an action was undone already (by an `undo` entry naming it). */
    *undone(guildId: string, id: number): Work<boolean> {
      const row = yield* first(
        db.selectFrom('qa_audit').select('id').where('guild_id', '=', guildId).where('action', '=', 'undo').where(detailNumber('details', 'entry'), '=', id),
      );
      return row !== undefined;
    },

    *recent(guildId: string, limit: number): Work<QaAuditEntry[]> {
      return (yield* all(entries.where('l.guild_id', '=', guildId).orderBy('l.id', 'desc').limit(limit))).map(toEntry);
    },

    *forQuestion(guildId: string, questionId: number, limit: number): Work<QaAuditEntry[]> {
      return (yield* all(entries.where('l.guild_id', '=', guildId).where('l.question_id', '=', questionId).orderBy('l.id', 'desc').limit(limit))).map(toEntry);
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
