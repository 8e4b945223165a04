import { sql, type SqlBool } from 'kysely';
import type { SqlDatabase } from '../db/sql/dialect.js';

/**
 * Read-only SQL over the Q&A and knowledge tables for the public pages, always inside one server.
 * What is published is decided here in one place (PUBLISHED): a posted question, not deleted, merged
 * or closed, with an accepted answer that still exists, which no moderator excluded from the site.
 * The pages read it per request, so a change in Discord shows on the next load.
 */

export interface ArchivedQuestion {
  readonly id: number;
  readonly number: number;
  readonly text: string;
  readonly askerId: string;
  readonly anonymous: boolean;
  readonly status: 'open' | 'answered' | 'closed';
  readonly publication: string;
  readonly deletedAt: string | null;
  readonly mergedInto: number | null;
  readonly acceptedAnswerId: number | null;
  readonly promotedEntryId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly votes: number;
  /** Whether it is on the site now. */
  readonly published: boolean;
}

export interface ArchivedAnswer {
  readonly id: number;
  readonly number: number;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly votes: number;
}

export interface QuestionLine {
  readonly number: number;
  readonly text: string;
  readonly updatedAt: string;
  readonly votes: number;
}

export interface ArchivedEntry {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly tags: string;
  readonly authorId: string | null;
  readonly createdAt: string;
  /**
   * The question a promoted entry came from: its stored title and summary named mentions by the
   * server's names when it was promoted, so pages title it from this text by the site's rules instead.
   */
  readonly sourceQuestion: string | null;
}

export interface EntryLine {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly sourceQuestion: string | null;
  readonly createdAt: string;
  readonly asks: number;
}

export interface RankedQuestion {
  readonly id: number;
  readonly votes: number;
}

export interface RankedEntry {
  readonly id: string;
  readonly asks: number;
}

export interface SitemapQuestion {
  readonly number: number;
  readonly text: string;
  readonly updatedAt: string;
}

export interface SitemapEntry {
  readonly id: string;
  readonly createdAt: string;
}

// Shared pieces of the queries below, written in SQL both dialects read the same way; `q` is a
// question (qa_questions), `e` an entry (kb_entries).
const NOT_EXCLUDED_QUESTION = sql`NOT EXISTS (SELECT 1 FROM web_exclusions x WHERE x.guild_id = q.guild_id AND x.kind = 'question' AND x.target = CAST(q.number AS TEXT))`;
const PUBLISHED = sql<SqlBool>`q.publication = 'posted' AND q.deleted_at IS NULL AND q.merged_into IS NULL AND q.status = 'answered'
  AND EXISTS (SELECT 1 FROM qa_answers a WHERE a.id = q.accepted_answer_id AND a.deleted_at IS NULL)
  AND ${NOT_EXCLUDED_QUESTION}`;
// In the form of kb_entries' unique index, (coalesce(guild_id, ''), id), so that it serves lookups
// (with e.guild_id = ? each entry lookup read every entry); a server's id is never ''.
const serverEntry = (guildId: string) => sql<SqlBool>`coalesce(e.guild_id, '') = ${guildId}`;
const NOT_EXCLUDED_ENTRY = sql<SqlBool>`NOT EXISTS (SELECT 1 FROM web_exclusions x WHERE x.guild_id = e.guild_id AND x.kind = 'entry' AND x.target = e.id)`;
// count(*) is a bigint on PostgreSQL, which pg returns as a string: rows go through Number().
const QUESTION_VOTES = sql<number | string>`(SELECT count(*) FROM qa_votes v WHERE v.target = 'question' AND v.target_id = q.id)`.as('votes');
const ANSWER_VOTES = sql<number | string>`(SELECT count(*) FROM qa_votes v WHERE v.target = 'answer' AND v.target_id = a.id)`.as('votes');
// The later of the last change and the acceptance (portable: SQLite's max(a, b) is PostgreSQL's greatest).
const UPDATED_AT = sql<string>`CASE WHEN q.accepted_at > q.updated_at THEN q.accepted_at ELSE q.updated_at END`.as('updatedAt');
const PUBLISHED_FLAG = sql<number>`CASE WHEN ${PUBLISHED} THEN 1 ELSE 0 END`.as('published');
const QUESTION_COLUMNS = [
  'q.id',
  'q.number',
  'q.text',
  'q.asker_id as askerId',
  'q.anonymous',
  'q.status',
  'q.publication',
  'q.deleted_at as deletedAt',
  'q.merged_into as mergedInto',
  'q.accepted_answer_id as acceptedAnswerId',
  'q.promoted_entry_id as promotedEntryId',
  'q.created_at as createdAt',
] as const;

/** `/qa promote` names an entry community-<number>. */
const PROMOTED_PREFIX = 'community-';
const promotedNumber = (entryId: string): number | null => {
  const number = Number.parseInt(entryId.slice(PROMOTED_PREFIX.length), 10);
  return entryId.startsWith(PROMOTED_PREFIX) && Number.isSafeInteger(number) ? number : null;
};

type RawQuestion = Omit<ArchivedQuestion, 'anonymous' | 'published' | 'status' | 'votes' | 'number'> & {
  number: number | null;
  status: string;
  anonymous: number;
  published: number;
  votes: number | string;
};
const toQuestion = (row: RawQuestion | undefined): ArchivedQuestion | undefined =>
  row && { ...row, number: row.number ?? 0, status: row.status as ArchivedQuestion['status'], anonymous: row.anonymous === 1, published: Number(row.published) === 1, votes: Number(row.votes) };
const toLine = <T extends { votes: number | string; number: number | null }>(row: T): Omit<T, 'votes' | 'number'> & { votes: number; number: number } => ({ ...row, number: row.number ?? 0, votes: Number(row.votes) });

/** Read-only queries of the site, on SQLite and PostgreSQL alike. */
export function createArchiveStore(database: SqlDatabase) {
  const { kysely: db } = database;
  // `/qa promote`'s community-<number>: looking the question up by its number uses the (guild_id,
  // number) index, where promoted_entry_id alone would scan every question per entry. PostgreSQL
  // refuses to cast an id that is not a number, so it checks the form first.
  const PROMOTED_NUMBER =
    database.dialect === 'postgres'
      ? sql<number | null>`CASE WHEN e.id ~ '^community-[0-9]{1,9}$' THEN CAST(substr(e.id, 11) AS INTEGER) END`
      : sql<number | null>`CAST(substr(e.id, 11) AS INTEGER)`;
  const SOURCE_QUESTION = sql<string | null>`(SELECT s.text FROM qa_questions s WHERE s.guild_id = e.guild_id AND s.number = ${PROMOTED_NUMBER} AND s.promoted_entry_id = e.id)`.as(
    'sourceQuestion',
  );

  const questions = () => db.selectFrom('qa_questions as q').select([...QUESTION_COLUMNS, UPDATED_AT, QUESTION_VOTES, PUBLISHED_FLAG]);
  const questionLines = (guildId: string) =>
    db.selectFrom('qa_questions as q').select(['q.number', 'q.text', UPDATED_AT, QUESTION_VOTES]).where('q.guild_id', '=', guildId).where(PUBLISHED);
  const entryLines = (guildId: string) =>
    db
      .selectFrom('kb_entries as e')
      .select(['e.id', 'e.title', 'e.summary', 'e.body', SOURCE_QUESTION, sql<string>`e.created_at`.as('createdAt')])
      .where(serverEntry(guildId))
      .where(NOT_EXCLUDED_ENTRY);

  return {
    question: async (guildId: string, number: number) => toQuestion(await questions().where('q.guild_id', '=', guildId).where('q.number', '=', number).executeTakeFirst()),
    questionById: async (guildId: string, id: number) => toQuestion(await questions().where('q.guild_id', '=', guildId).where('q.id', '=', id).executeTakeFirst()),
    /** The question an entry was promoted from (`/qa promote`), published or not. */
    promotedFrom: async (guildId: string, entryId: string) => {
      const number = promotedNumber(entryId);
      if (number === null) return undefined;
      return toQuestion(await questions().where('q.guild_id', '=', guildId).where('q.number', '=', number).where('q.promoted_entry_id', '=', entryId).executeTakeFirst());
    },
    answers: async (guildId: string, questionId: number): Promise<ArchivedAnswer[]> =>
      (
        await db
          .selectFrom('qa_answers as a')
          .select(['a.id', 'a.number', 'a.author_id as authorId', 'a.text', 'a.created_at as createdAt', 'a.edited_at as editedAt', ANSWER_VOTES])
          .where('a.guild_id', '=', guildId)
          .where('a.question_id', '=', questionId)
          .where('a.deleted_at', 'is', null)
          .orderBy('a.number')
          .execute()
      ).map((row) => ({ ...row, votes: Number(row.votes) })),
    // Pages of the list start from a question number (keyset), not an offset: the (guild_id, number)
    // index gives the range and the order, and the filter stops at the page however deep it is.
    /** Published questions numbered below `number` (null: the newest), newest first. */
    before: async (guildId: string, number: number | null, limit: number): Promise<QuestionLine[]> =>
      (
        await questionLines(guildId)
          .$if(number !== null, (query) => query.where('q.number', '<', number ?? 0))
          .orderBy('q.number', 'desc')
          .limit(limit)
          .execute()
      ).map(toLine),
    /** Published questions numbered above `number`, oldest first. */
    after: async (guildId: string, number: number, limit: number): Promise<QuestionLine[]> =>
      (await questionLines(guildId).where('q.number', '>', number).orderBy('q.number', 'asc').limit(limit).execute()).map(toLine),
    // Rankings count rows only (covering indexes); what of them is published is checked apart.
    /** The server's most upvoted questions (published or not), most votes first. */
    voteRanking: async (guildId: string, limit: number): Promise<RankedQuestion[]> =>
      (
        await db
          .selectFrom('qa_votes')
          .select(['target_id as id', (eb) => eb.fn.countAll<number | string>().as('votes')])
          .where('guild_id', '=', guildId)
          .where('target', '=', 'question')
          .groupBy('target_id')
          .orderBy('votes', 'desc')
          .orderBy('target_id', 'desc')
          .limit(limit)
          .execute()
      ).map((row) => ({ id: row.id, votes: Number(row.votes) })),
    /** The server's entries /ask matched most (excluded or not), most asks first. */
    askRanking: async (guildId: string, limit: number): Promise<RankedEntry[]> =>
      (
        await db
          .selectFrom('kb_questions')
          .select(['entry_id', (eb) => eb.fn.countAll<number | string>().as('asks')])
          .where('guild_id', '=', guildId)
          .where('entry_id', 'is not', null)
          .groupBy('entry_id')
          .orderBy('asks', 'desc')
          .orderBy('entry_id')
          .limit(limit)
          .execute()
      ).map((row) => ({ id: row.entry_id ?? '', asks: Number(row.asks) })),
    /** Of these question ids, the published ones, in no order. */
    publishedIn: async (guildId: string, ids: readonly number[]): Promise<(QuestionLine & { id: number })[]> =>
      ids.length === 0
        ? []
        : (
            await db
              .selectFrom('qa_questions as q')
              .select(['q.id', 'q.number', 'q.text', UPDATED_AT, QUESTION_VOTES])
              .where('q.id', 'in', [...ids])
              .where('q.guild_id', '=', guildId)
              .where(PUBLISHED)
              .execute()
          ).map(toLine),
    /** Of these entry ids, the server's own on the site, in no order. */
    entriesIn: async (guildId: string, ids: readonly string[]): Promise<Omit<EntryLine, 'asks'>[]> =>
      ids.length === 0 ? [] : entryLines(guildId).where('e.id', 'in', [...ids]).execute(),
    /** Server-local entries on the site, newest first. */
    newestEntries: (guildId: string, limit: number): Promise<Omit<EntryLine, 'asks'>[]> =>
      entryLines(guildId).orderBy('e.created_at', 'desc').orderBy('e.id').limit(limit).execute(),
    /** A server-local entry that is on the site (shipped entries are the project's, not the server's). */
    entry: (guildId: string, id: string): Promise<ArchivedEntry | undefined> =>
      db
        .selectFrom('kb_entries as e')
        .select(['e.id', 'e.title', 'e.summary', 'e.body', 'e.tags', 'e.author_id as authorId', sql<string>`e.created_at`.as('createdAt'), SOURCE_QUESTION])
        .where(serverEntry(guildId))
        .where('e.id', '=', id)
        .where(NOT_EXCLUDED_ENTRY)
        .executeTakeFirst(),
    // A range of numbers, by the (guild_id, number) index: a sitemap file costs its own rows, however deep.
    /** Published questions numbered first…last, in order. */
    sitemapQuestions: async (guildId: string, first: number, last: number): Promise<SitemapQuestion[]> =>
      (
        await db
          .selectFrom('qa_questions as q')
          .select(['q.number', 'q.text', UPDATED_AT])
          .where('q.guild_id', '=', guildId)
          .where('q.number', '>=', first)
          .where('q.number', '<=', last)
          .where(PUBLISHED)
          .orderBy('q.number')
          .execute()
      ).map((row) => ({ ...row, number: row.number ?? 0 })),
    /** The highest question number the server gave (published or not), 0 with none. */
    lastNumber: async (guildId: string): Promise<number> =>
      Number((await db.selectFrom('qa_questions').select((eb) => eb.fn.max('number').as('last')).where('guild_id', '=', guildId).executeTakeFirst())?.last ?? 0),
    /** Server-local entries on the site, oldest first. */
    sitemapEntries: (guildId: string, limit: number): Promise<SitemapEntry[]> =>
      db
        .selectFrom('kb_entries as e')
        .select(['e.id', sql<string>`e.created_at`.as('createdAt')])
        .where(serverEntry(guildId))
        .where(NOT_EXCLUDED_ENTRY)
        .orderBy('e.rowid')
        .limit(limit)
        .execute(),
    counts: async (guildId: string): Promise<{ questions: number; entries: number }> => {
      const [questions, entries] = await Promise.all([
        db
          .selectFrom('qa_questions as q')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('q.guild_id', '=', guildId)
          .where('q.number', 'is not', null)
          .where(PUBLISHED)
          .executeTakeFirst(),
        db
          .selectFrom('kb_entries as e')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where(serverEntry(guildId))
          .where(NOT_EXCLUDED_ENTRY)
          .executeTakeFirst(),
      ]);
      return { questions: Number(questions?.count ?? 0), entries: Number(entries?.count ?? 0) };
    },
  };
}

export type ArchiveStore = ReturnType<typeof createArchiveStore>;
