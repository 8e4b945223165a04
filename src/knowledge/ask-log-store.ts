import { sql } from 'kysely';
import type { SqlDatabase } from '../db/sql/dialect.js';
import { wordingKey } from './wording.js';

/** Questions /ask could not answer, asked in the same words (see wordingKey). */
export interface UnansweredGroup {
  /** The wording as last asked. */
  readonly question: string;
  readonly count: number;
  readonly lastAskedAt: string;
}

export interface AskRecord {
  readonly guildId: string | null;
  readonly userId: string;
  readonly question: string;
  readonly entryId: string | null;
  readonly score: number | null;
  readonly createdAt: string;
}

interface UnansweredRow {
  readonly id: number;
  readonly question: string;
  readonly createdAt: string;
}

/**
 * SQL for the /ask log and the Helpful / Not helpful votes (kb_questions, kb_feedback), on SQLite and
 * PostgreSQL alike. pg returns counts and sums as strings: every one goes through Number().
 */
export function createAskLogStore(database: SqlDatabase) {
  const { kysely: db } = database;

  return {
    async recordQuestion(record: AskRecord): Promise<number> {
      const { guildId, userId, question, entryId, score, createdAt } = record;
      const row = await db
        .insertInto('kb_questions')
        .values({ guild_id: guildId, user_id: userId, question, entry_id: entryId, score, created_at: createdAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async question(id: number): Promise<(AskRecord & { id: number }) | undefined> {
      const row = await db
        .selectFrom('kb_questions')
        .select(['id', 'guild_id as guildId', 'user_id as userId', 'question', 'entry_id as entryId', 'score', 'created_at as createdAt'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...row, id: Number(row.id), score: row.score === null ? null : Number(row.score) };
    },
    /** A member's vote on an entry; voting again changes it (one vote per member and entry, the primary key). */
    async recordFeedback(guildId: string | null, entryId: string, userId: string, helpful: boolean, at: string): Promise<void> {
      const values = { helpful: helpful ? 1 : 0, created_at: at };
      await db
        .insertInto('kb_feedback')
        .values({ guild_id: guildId ?? '', entry_id: entryId, user_id: userId, ...values })
        .onConflict((conflict) => conflict.columns(['guild_id', 'entry_id', 'user_id']).doUpdateSet(values))
        .execute();
    },
    async mostAsked(guildId: string, since: string, limit: number): Promise<{ entryId: string; asks: number }[]> {
      const rows = await db
        .selectFrom('kb_questions')
        .select(({ fn }) => ['entry_id', fn.countAll().as('asks')])
        .where('guild_id', '=', guildId)
        .where('created_at', '>=', since)
        .where('entry_id', 'is not', null)
        .groupBy('entry_id')
        .orderBy('asks', 'desc')
        .orderBy('entry_id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ entryId: row.entry_id ?? '', asks: Number(row.asks) }));
    },
    /** Entries with a "Not helpful", the lowest share of Helpful first. */
    async leastHelpful(guildId: string, limit: number): Promise<{ entryId: string; helpful: number; unhelpful: number }[]> {
      const unhelpful = sql<number>`sum(1 - helpful)`;
      const rows = await db
        .selectFrom('kb_feedback')
        .select(({ fn }) => ['entry_id', fn.sum<number>('helpful').as('helpful'), unhelpful.as('unhelpful')])
        .where('guild_id', '=', guildId)
        .groupBy('entry_id')
        .having(unhelpful, '>', 0)
        // * 1.0: a ratio, not integer division (on both dialects).
        .orderBy(sql`sum(helpful) * 1.0 / count(*)`)
        .orderBy(unhelpful, 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ entryId: row.entry_id, helpful: Number(row.helpful), unhelpful: Number(row.unhelpful) }));
    },
    /**
     * One group per wording (wordingKey: case, accents, punctuation and spacing aside), in the words it
     * was last asked in, most asked first. Grouped here rather than in SQL: what "the same wording"
     * means is JavaScript, and PostgreSQL cannot call it. The rows are one server's misses in the period.
     */
    async unansweredGroups(guildId: string, since: string): Promise<UnansweredGroup[]> {
      const rows: UnansweredRow[] = await db
        .selectFrom('kb_questions')
        .select(['id', 'question', 'created_at as createdAt'])
        .where('guild_id', '=', guildId)
        .where('created_at', '>=', since)
        .where('entry_id', 'is', null)
        .execute();
      return groupUnanswered(rows);
    },
    async askCounts(guildId: string, since: string): Promise<{ total: number; answered: number }> {
      const row = await db
        .selectFrom('kb_questions')
        .select(({ fn }) => [fn.countAll().as('total'), fn.count('entry_id').as('answered')])
        .where('guild_id', '=', guildId)
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return { total: Number(row?.total ?? 0), answered: Number(row?.answered ?? 0) };
    },
  };
}


/** What the SQL grouped before: count, latest time and the wording of the latest id; ties newest first. */
function groupUnanswered(rows: readonly UnansweredRow[]): UnansweredGroup[] {
  const groups = new Map<string, { count: number; lastAskedAt: string; lastId: number; question: string }>();
  for (const row of rows) {
    const id = Number(row.id);
    const key = wordingKey(row.question);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { count: 1, lastAskedAt: row.createdAt, lastId: id, question: row.question });
      continue;
    }
    group.count += 1;
    if (row.createdAt > group.lastAskedAt) group.lastAskedAt = row.createdAt;
    if (id > group.lastId) Object.assign(group, { lastId: id, question: row.question });
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || compareDesc(a.lastAskedAt, b.lastAskedAt) || b.lastId - a.lastId)
    .map(({ question, count, lastAskedAt }) => ({ question, count, lastAskedAt }));
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
