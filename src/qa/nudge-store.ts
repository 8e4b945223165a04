import type { Db } from '../db/index.js';
import { ownedPage, type Owned } from '../scheduling/due-work.js';
import { found } from '../core/errors.js';

type NudgeState = 'claimed' | 'sent' | 'undeliverable' | 'skipped';

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

const COLUMNS = 'question_id AS questionId, guild_id AS guildId, asker_id AS askerId, state, nonce, attempts, claimed_at AS claimedAt, message_id AS messageId';

/**
 * SQL for the askers' nudges: one row per question (its primary key), written before the DM is
 * sent, so a question is nudged at most once whatever crashes or restarts in between.
 */
export function createNudgeStore(db: Db) {
  const statements = {
    // Answers by the asker themselves do not count: there is nothing for them to pick from.
    due: db.prepare<{ now: string; defaultDays: number; after: number; limit: number }, DueNudge>(
      `SELECT q.id AS questionId, q.guild_id AS guildId
       FROM qa_questions q
       LEFT JOIN qa_settings s ON s.guild_id = q.guild_id
       LEFT JOIN qa_nudges n ON n.question_id = q.id
       WHERE q.id > @after AND (n.state = 'claimed'
          OR (n.question_id IS NULL AND q.publication = 'posted' AND q.status = 'open' AND q.deleted_at IS NULL AND q.locked = 0
              AND q.merged_into IS NULL AND q.accepted_answer_id IS NULL
              AND (SELECT min(a.created_at) FROM qa_answers a WHERE a.question_id = q.id AND a.deleted_at IS NULL AND a.author_id <> q.asker_id)
                  <= strftime('%Y-%m-%dT%H:%M:%fZ', @now, '-' || (CASE WHEN s.guild_id IS NULL THEN @defaultDays ELSE s.nudge_after_days END) || ' days')))
       ORDER BY q.id LIMIT @limit`,
    ),
    get: db.prepare<[number], NudgeClaim>(`SELECT ${COLUMNS} FROM qa_nudges WHERE question_id = ?`),
    insert: db.prepare<{ questionId: number; guildId: string; askerId: string; state: NudgeState; nonce: string; at: string }>(
      'INSERT INTO qa_nudges (question_id, guild_id, asker_id, state, nonce, claimed_at) VALUES (@questionId, @guildId, @askerId, @state, @nonce, @at)',
    ),
    reclaim: db.prepare<[number]>("UPDATE qa_nudges SET attempts = attempts + 1 WHERE question_id = ? AND state = 'claimed'"),
    complete: db.prepare<{ questionId: number; channelId: string; messageId: string; at: string }>(
      "UPDATE qa_nudges SET state = 'sent', channel_id = @channelId, message_id = @messageId, sent_at = @at WHERE question_id = @questionId AND state = 'claimed'",
    ),
    close: db.prepare<[NudgeState, number]>("UPDATE qa_nudges SET state = ? WHERE question_id = ? AND state = 'claimed'"),
  };

  return {
    /**
     * Questions due a nudge now (a server's `days`, or `defaultDays` before it ran /qa setup), and
     * unfinished claims, in servers `owned` (this shard's): paged past other shards' rows, so a shard
     * that is down cannot starve this one.
     */
    due: (now: string, defaultDays: number, limit: number, owned: Owned): DueNudge[] =>
      ownedPage((after) => statements.due.all({ now, defaultDays, after, limit }), (row) => row.questionId, limit, owned),
    get: (questionId: number): NudgeClaim | undefined => statements.get.get(questionId),
    /**
     * Claims a question's nudge (in the caller's transaction). A finished one is returned as it is; an
     * unfinished claim is taken again with the same nonce, so a resend cannot double the DM.
     */
    claim(question: { id: number; guildId: string; askerId: string }, nonce: string, at: string): NudgeClaim {
      const existing = statements.get.get(question.id);
      if (existing && existing.state !== 'claimed') return existing;
      if (existing) statements.reclaim.run(question.id);
      else statements.insert.run({ questionId: question.id, guildId: question.guildId, askerId: question.askerId, state: 'claimed', nonce, at });
      return found(statements.get.get(question.id), 'nudge claim', question.id);
    },
    complete: (questionId: number, channelId: string, messageId: string, at: string): void => {
      statements.complete.run({ questionId, channelId, messageId, at });
    },
    /** The nudge will never be sent: the DM was refused, or there was nothing left to nudge about. */
    close(question: { id: number; guildId: string; askerId: string }, state: 'undeliverable' | 'skipped', nonce: string, at: string): void {
      if (statements.get.get(question.id)) statements.close.run(state, question.id);
      else statements.insert.run({ questionId: question.id, guildId: question.guildId, askerId: question.askerId, state, nonce, at });
    },
  };
}

export type NudgeStore = ReturnType<typeof createNudgeStore>;
