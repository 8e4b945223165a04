import { sql, type RawBuilder, type Selectable } from 'kysely';
import { all, changed, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';
import { ownedPageOf, type Owned } from '../scheduling/due-work.js';
import { found } from '../core/errors.js';

type NudgeRow = Selectable<DatabaseSchema['qa_nudges']>;
type NudgeState = NudgeRow['state'];

export interface NudgeClaim {
  readonly questionId: number;
  readonly guildId: string;
  readonly askerId: string;
  readonly state: NudgeState;
  readonly nonce: string;
  readonly attempts: number;
  readonly claimedAt: string;
  readonly messageId: string | null;
}

/** A question whose asker is due a nudge, or whose nudge an earlier tick claimed and did not finish. */
export interface DueNudge {
  readonly questionId: number;
  readonly guildId: string;
}

interface Asked {
  readonly id: number;
  readonly guildId: string;
  readonly askerId: string;
}

/**
 * SQL for the askers' nudges, on SQLite and PostgreSQL alike: one row per question (its primary
 * key), written before the DM is sent, so a question is nudged at most once whatever crashes or
 * restarts in between, on however many hosts.
 */
export function createNudgeStore({ kysely: db, dialect }: SqlDatabase) {
  const postgres = dialect === 'postgres';
  const byQuestion = (questionId: number) => db.selectFrom('qa_nudges').selectAll().where('question_id', '=', questionId);

  // `now` minus a server's days, as the ISO-8601 text the rows store (text order = time order).
  const daysBefore = (now: string, days: RawBuilder<number>): RawBuilder<string> =>
    postgres
      ? sql<string>`to_char((${now}::timestamptz - ${days} * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '-' || ${days} || ' days')`;

  const duePage = (now: string, defaultDays: number, after: number, limit: number) =>
    db
      .selectFrom('qa_questions as q')
      .leftJoin('qa_settings as s', 's.guild_id', 'q.guild_id')
      .leftJoin('qa_nudges as n', 'n.question_id', 'q.id')
      .select(['q.id as questionId', 'q.guild_id as guildId'])
      .where('q.id', '>', after)
      .where((eb) =>
        eb.or([
          eb('n.state', '=', 'claimed'),
          eb.and([
            eb('n.question_id', 'is', null),
            eb('q.publication', '=', 'posted'),
            eb('q.status', '=', 'open'),
            eb('q.deleted_at', 'is', null),
            eb('q.locked', '=', 0),
            eb('q.merged_into', 'is', null),
            eb('q.accepted_answer_id', 'is', null),
            // Answers by the asker themselves do not count: there is nothing for them to pick from.
            eb(
              eb
                .selectFrom('qa_answers as a')
                .select((inner) => inner.fn.min('a.created_at').as('first'))
                .whereRef('a.question_id', '=', 'q.id')
                .where('a.deleted_at', 'is', null)
                .whereRef('a.author_id', '<>', 'q.asker_id'),
              '<=',
              daysBefore(now, sql<number>`CASE WHEN ${eb.ref('s.guild_id')} IS NULL THEN ${defaultDays} ELSE ${eb.ref('s.nudge_after_days')} END`),
            ),
          ]),
        ]),
      )
      .orderBy('q.id')
      .limit(limit);

  const insert = (question: Asked, state: NudgeState, nonce: string, at: string) =>
    db
      .insertInto('qa_nudges')
      .values({ question_id: question.id, guild_id: question.guildId, asker_id: question.askerId, state, nonce, claimed_at: at })
      .onConflict((conflict) => conflict.column('question_id').doNothing());

  return {
    /**
     * Questions due a nudge now (a server's `days`, or `defaultDays` before it ran /qa setup), and
     * unfinished claims, in servers `owned` (this shard's): paged past other shards' rows, so a shard
     * that is down cannot starve this one.
     */
    due: (now: string, defaultDays: number, limit: number, owned: Owned): Work<DueNudge[]> =>
      ownedPageOf((after) => all(duePage(now, defaultDays, after, limit)), (row) => row.questionId, limit, owned),

    *get(questionId: number): Work<NudgeClaim | undefined> {
      const row = yield* first(byQuestion(questionId));
      return row && toClaim(row);
    },

    /**
     * Claims a question's nudge (in the caller's unit of work). A finished one is returned as it is;
     * an unfinished claim is taken again with the same nonce, so a resend cannot double the DM. Null
     * when another host holds the claim right now (PostgreSQL: its row is locked, skipped rather than
     * waited for) or took it first.
     */
    *claim(question: Asked, nonce: string, at: string): Work<NudgeClaim | null> {
      const existing = yield* first(byQuestion(question.id).$if(postgres, (query) => query.forUpdate().skipLocked()));
      if (existing && existing.state !== 'claimed') return toClaim(existing);
      const taken = existing
        ? // Compare-and-set on attempts: of two hosts resuming the same claim, one takes it.
          yield* changed(
            db
              .updateTable('qa_nudges')
              .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
              .where('question_id', '=', question.id)
              .where('state', '=', 'claimed')
              .where('attempts', '=', existing.attempts),
          )
        : yield* changed(insert(question, 'claimed', nonce, at));
      if (taken === 0) return null;
      return toClaim(found(yield* first(byQuestion(question.id)), 'nudge claim', question.id));
    },

    *complete(questionId: number, channelId: string, messageId: string, at: string): Work<void> {
      yield* changed(
        db
          .updateTable('qa_nudges')
          .set({ state: 'sent', channel_id: channelId, message_id: messageId, sent_at: at })
          .where('question_id', '=', questionId)
          .where('state', '=', 'claimed'),
      );
    },

    /** The nudge will never be sent: the DM was refused, or there was nothing left to nudge about. */
    *close(question: Asked, state: 'undeliverable' | 'skipped', nonce: string, at: string): Work<void> {
      const closed = yield* changed(db.updateTable('qa_nudges').set({ state }).where('question_id', '=', question.id).where('state', '=', 'claimed'));
      if (closed === 0) yield* changed(insert(question, state, nonce, at));
    },
  };
}

function toClaim(row: NudgeRow): NudgeClaim {
  return {
    questionId: row.question_id,
    guildId: row.guild_id,
    askerId: row.asker_id,
    state: row.state,
    nonce: row.nonce,
    attempts: row.attempts,
    claimedAt: row.claimed_at,
    messageId: row.message_id,
  };
}

export type NudgeStore = ReturnType<typeof createNudgeStore>;
