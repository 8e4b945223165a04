import type { Selectable } from 'kysely';
import type { Db } from '../db/index.js';
import { changed, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';

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

type NewAlias = Omit<GuildAlias, 'guildId' | 'createdAt'>;
type SignalRow = Selectable<DatabaseSchema['kb_review_signals']>;
type AliasRow = Selectable<DatabaseSchema['kb_guild_aliases']>;

/**
 * SQL for /kb review, on SQLite and PostgreSQL alike: what /ask missed per server, and each server's
 * own aliases. Every query but the maintainers' export names its server.
 */
export function createReviewStore(database: SqlDatabase) {
  const { kysely: db, transaction } = database;
  const signals = () => db.selectFrom('kb_review_signals').selectAll();
  const aliases = () => db.selectFrom('kb_guild_aliases').selectAll();

  function* resolveSignals(guildId: string, signalIds: readonly number[], resolution: Resolution, at: string, added: readonly NewAlias[] = []): Work<void> {
    for (const alias of added) {
      const values = { phrase: alias.phrase, entry_id: alias.entryId, added_by: alias.addedBy, created_at: at };
      yield* changed(
        db
          .insertInto('kb_guild_aliases')
          .values({ guild_id: guildId, wording: alias.wording, ...values })
          .onConflict((conflict) => conflict.columns(['guild_id', 'wording']).doUpdateSet(values)),
      );
    }
    for (const id of signalIds) {
      // Only what is still open: a signal another moderator resolved meanwhile keeps their decision.
      yield* changed(db.updateTable('kb_review_signals').set({ resolved_at: at, resolution }).where('guild_id', '=', guildId).where('id', '=', id).where('resolved_at', 'is', null));
    }
  }

  return {
    async recordSignal(signal: Omit<ReviewSignal, 'id' | 'resolution'>): Promise<void> {
      const { guildId, kind, questionId, question, entryId, score, userId, createdAt } = signal;
      await db
        .insertInto('kb_review_signals')
        .values({ guild_id: guildId, kind, question_id: questionId, question, entry_id: entryId, score, user_id: userId, created_at: createdAt })
        // A member's second "Not helpful" on the same question (the unique vote index) counts once.
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },
    /** The member took back a "Not helpful" (voted Helpful after all). */
    async withdrawVote(guildId: string, questionId: number, userId: string): Promise<void> {
      await db
        .deleteFrom('kb_review_signals')
        .where('guild_id', '=', guildId)
        .where('question_id', '=', questionId)
        .where('user_id', '=', userId)
        .where('kind', '=', 'unhelpful')
        .where('resolved_at', 'is', null)
        .execute();
    },
    /** A server's unresolved signals, newest first. */
    openSignals: async (guildId: string, limit: number): Promise<ReviewSignal[]> =>
      (await signals().where('guild_id', '=', guildId).where('resolved_at', 'is', null).orderBy('id', 'desc').limit(limit).execute()).map(toSignal),
    signal: async (guildId: string, id: number): Promise<ReviewSignal | undefined> => {
      const row = await signals().where('guild_id', '=', guildId).where('id', '=', id).executeTakeFirst();
      return row && toSignal(row);
    },
    /** Resolves a server's signals and adds aliases, as one unit of work. */
    resolve: (guildId: string, signalIds: readonly number[], resolution: Resolution, at: string, added: readonly NewAlias[] = []): Promise<void> =>
      transaction(() => resolveSignals(guildId, signalIds, resolution, at, added)),
    /** The same, as a step of a larger unit of work (a drafted entry with the signals it answers). */
    resolveStep: resolveSignals,
    alias: async (guildId: string, wording: string): Promise<GuildAlias | undefined> => {
      const row = await aliases().where('guild_id', '=', guildId).where('wording', '=', wording).executeTakeFirst();
      return row && toAlias(row);
    },
    guildAliases: async (guildId: string): Promise<GuildAlias[]> =>
      (await aliases().where('guild_id', '=', guildId).orderBy('created_at').orderBy('wording').execute()).map(toAlias),
    /** Every server's signals since a time, newest first: only for the maintainers' export. */
    allSignals: async (since: string, limit: number): Promise<ReviewSignal[]> =>
      (await signals().where('created_at', '>=', since).orderBy('id', 'desc').limit(limit).execute()).map(toSignal),
    /** Every server's aliases: only for the maintainers' export. */
    allAliases: async (): Promise<GuildAlias[]> => (await aliases().orderBy('entry_id').orderBy('wording').execute()).map(toAlias),
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;

function toSignal(row: SignalRow): ReviewSignal {
  return {
    id: row.id,
    guildId: row.guild_id,
    kind: row.kind,
    questionId: row.question_id,
    question: row.question,
    entryId: row.entry_id,
    score: row.score,
    userId: row.user_id,
    createdAt: row.created_at,
    resolution: row.resolution,
  };
}

function toAlias(row: AliasRow): GuildAlias {
  return { guildId: row.guild_id, wording: row.wording, phrase: row.phrase, entryId: row.entry_id, addedBy: row.added_by, createdAt: row.created_at };
}

/** Whether a SQLite file has /kb review's tables (migration 010): a command-line tool reads databases it does not migrate. */
export function hasReviewTables(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kb_review_signals'").get() !== undefined;
}
