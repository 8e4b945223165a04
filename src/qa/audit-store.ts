import type { Db } from '../db/index.js';

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

interface AuditRow extends Omit<QaAuditEntry, 'details'> {
  readonly details: string;
}

const SELECT = `SELECT l.id, l.actor_id AS actorId, l.action, l.question_id AS questionId, q.number AS questionNumber,
  l.answer_id AS answerId, a.number AS answerNumber,
  (SELECT p.number FROM qa_answers p WHERE p.id = json_extract(l.details, '$.previous')) AS previousAnswerNumber,
  l.details, l.created_at AS createdAt
  FROM qa_audit l LEFT JOIN qa_questions q ON q.id = l.question_id LEFT JOIN qa_answers a ON a.id = l.answer_id`;

/** SQL for the Q&A moderation log that /qa audit lists. */
export function createAuditStore(db: Db) {
  const statements = {
    insert: db.prepare<[string, string, string, number | null, number | null, string, string]>(
      'INSERT INTO qa_audit (guild_id, actor_id, action, question_id, answer_id, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    byId: db.prepare<[string, number], AuditRow>(`${SELECT} WHERE l.guild_id = ? AND l.id = ?`),
    undoneBy: db.prepare<[string, number], { id: number }>("SELECT id FROM qa_audit WHERE guild_id = ? AND action = 'undo' AND json_extract(details, '$.entry') = ?"),
    recent: db.prepare<[string, number], AuditRow>(`${SELECT} WHERE l.guild_id = ? ORDER BY l.id DESC LIMIT ?`),
    forQuestion: db.prepare<[string, number, number], AuditRow>(`${SELECT} WHERE l.guild_id = ? AND l.question_id = ? ORDER BY l.id DESC LIMIT ?`),
  };
  const toEntry = (row: AuditRow): QaAuditEntry => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> });
  return {
    /** Resolves with the entry's id (what an Undo button carries). */
    record(entry: NewAuditEntry): number {
      return Number(statements.insert.run(entry.guildId, entry.actorId, entry.action, entry.questionId ?? null, entry.answerId ?? null, JSON.stringify(entry.details ?? {}), entry.at).lastInsertRowid);
    },
    byId: (guildId: string, id: number): QaAuditEntry | undefined => {
      const row = statements.byId.get(guildId, id);
      return row && toEntry(row);
    },
    /** Whether an action was undone already (by an `undo` entry naming it). */
    undone: (guildId: string, id: number): boolean => statements.undoneBy.get(guildId, id) !== undefined,
    recent: (guildId: string, limit: number): QaAuditEntry[] => statements.recent.all(guildId, limit).map(toEntry),
    forQuestion: (guildId: string, questionId: number, limit: number): QaAuditEntry[] => statements.forQuestion.all(guildId, questionId, limit).map(toEntry),
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
