import { writeTransaction, type Db } from '../db/index.js';

export type SignalKind = 'miss' | 'near-miss' | 'unhelpful';
export type Resolution = 'alias' | 'entry' | 'dismissed';

export interface ReviewSignal {
  readonly id: number;
  readonly guildId: string;
  readonly kind: SignalKind;
  readonly questionId: number;
  readonly question: string;
  readonly entryId: string | null;
  readonly score: number | null;
  readonly userId: string;
  readonly createdAt: string;
  readonly resolution: Resolution | null;
}

interface GuildAlias {
  readonly guildId: string;
  readonly wording: string;
  readonly phrase: string;
  readonly entryId: string;
  readonly addedBy: string;
  readonly createdAt: string;
}

const SIGNAL_COLUMNS = `id, guild_id AS guildId, kind, question_id AS questionId, question, entry_id AS entryId, score,
  user_id AS userId, created_at AS createdAt, resolution`;
const ALIAS_COLUMNS = 'guild_id AS guildId, wording, phrase, entry_id AS entryId, added_by AS addedBy, created_at AS createdAt';

/** SQL for /kb review: what /ask missed per server, and each server's own aliases. Every query but the maintainers' export names its server. */
export function createReviewStore(db: Db) {
  const statements = {
    insertSignal: db.prepare<[string, SignalKind, number, string, string | null, number | null, string, string]>(
      `INSERT INTO kb_review_signals (guild_id, kind, question_id, question, entry_id, score, user_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    withdrawVote: db.prepare<[string, number, string]>(
      "DELETE FROM kb_review_signals WHERE guild_id = ? AND question_id = ? AND user_id = ? AND kind = 'unhelpful' AND resolved_at IS NULL",
    ),
    open: db.prepare<[string, number], ReviewSignal>(
      `SELECT ${SIGNAL_COLUMNS} FROM kb_review_signals WHERE guild_id = ? AND resolved_at IS NULL ORDER BY id DESC LIMIT ?`,
    ),
    signal: db.prepare<[string, number], ReviewSignal>(`SELECT ${SIGNAL_COLUMNS} FROM kb_review_signals WHERE guild_id = ? AND id = ?`),
    resolve: db.prepare<[string, Resolution, string, number]>(
      'UPDATE kb_review_signals SET resolved_at = ?, resolution = ? WHERE guild_id = ? AND id = ? AND resolved_at IS NULL',
    ),
    alias: db.prepare<[string, string], GuildAlias>(`SELECT ${ALIAS_COLUMNS} FROM kb_guild_aliases WHERE guild_id = ? AND wording = ?`),
    upsertAlias: db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO kb_guild_aliases (guild_id, wording, phrase, entry_id, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (guild_id, wording) DO UPDATE SET phrase = excluded.phrase, entry_id = excluded.entry_id,
         added_by = excluded.added_by, created_at = excluded.created_at`,
    ),
    guildAliases: db.prepare<[string], GuildAlias>(`SELECT ${ALIAS_COLUMNS} FROM kb_guild_aliases WHERE guild_id = ? ORDER BY created_at, wording`),
    allSignals: db.prepare<[string, number], ReviewSignal>(
      `SELECT ${SIGNAL_COLUMNS} FROM kb_review_signals WHERE created_at >= ? ORDER BY id DESC LIMIT ?`,
    ),
    allAliases: db.prepare<[], GuildAlias>(`SELECT ${ALIAS_COLUMNS} FROM kb_guild_aliases ORDER BY entry_id, wording`),
  };

  return {
    recordSignal(signal: Omit<ReviewSignal, 'id' | 'resolution'>): void {
      const { guildId, kind, questionId, question, entryId, score, userId, createdAt } = signal;
      statements.insertSignal.run(guildId, kind, questionId, question, entryId, score, userId, createdAt);
    },
    /** The member took back a "Not helpful" (voted Helpful after all). */
    withdrawVote: (guildId: string, questionId: number, userId: string) => void statements.withdrawVote.run(guildId, questionId, userId),
    /** A server's unresolved signals, newest first. */
    openSignals: (guildId: string, limit: number): ReviewSignal[] => statements.open.all(guildId, limit),
    signal: (guildId: string, id: number): ReviewSignal | undefined => statements.signal.get(guildId, id),
    /** Resolves a server's signals and adds aliases, in one transaction. */
    resolve: writeTransaction(db, (guildId: string, signalIds: readonly number[], resolution: Resolution, at: string, aliases: readonly Omit<GuildAlias, 'guildId' | 'createdAt'>[] = []) => {
      for (const alias of aliases) statements.upsertAlias.run(guildId, alias.wording, alias.phrase, alias.entryId, alias.addedBy, at);
      for (const id of signalIds) statements.resolve.run(at, resolution, guildId, id);
    }),
    alias: (guildId: string, wording: string): GuildAlias | undefined => statements.alias.get(guildId, wording),
    guildAliases: (guildId: string): GuildAlias[] => statements.guildAliases.all(guildId),
    /** Every server's signals since a time, newest first: only for the maintainers' export. */
    allSignals: (since: string, limit: number): ReviewSignal[] => statements.allSignals.all(since, limit),
    /** Every server's aliases: only for the maintainers' export. */
    allAliases: (): GuildAlias[] => statements.allAliases.all(),
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;

/** Whether a database has /kb review's tables (migration 010): a command-line tool reads databases it does not migrate. */
export function hasReviewTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kb_review_signals'").get() !== undefined;
}
