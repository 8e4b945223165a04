import type { Db } from '../db/index.js';

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

const NOT_EXCLUDED_QUESTION = `NOT EXISTS (SELECT 1 FROM web_exclusions x WHERE x.guild_id = q.guild_id AND x.kind = 'question' AND x.target = CAST(q.number AS TEXT))`;
const PUBLISHED = `q.publication = 'posted' AND q.deleted_at IS NULL AND q.merged_into IS NULL AND q.status = 'answered'
  AND EXISTS (SELECT 1 FROM qa_answers a WHERE a.id = q.accepted_answer_id AND a.deleted_at IS NULL)
  AND ${NOT_EXCLUDED_QUESTION}`;
// In the form of kb_entries' unique index, (coalesce(guild_id, ''), id), so that it serves lookups
// (with e.guild_id = ? each entry lookup read every entry); a server's id is never ''.
const SERVER_ENTRY = `coalesce(e.guild_id, '') = @guildId`;
const NOT_EXCLUDED_ENTRY = `NOT EXISTS (SELECT 1 FROM web_exclusions x WHERE x.guild_id = e.guild_id AND x.kind = 'entry' AND x.target = e.id)`;
const QUESTION_VOTES = "(SELECT count(*) FROM qa_votes v WHERE v.target = 'question' AND v.target_id = q.id)";
const QUESTION = `q.id, q.number, q.text, q.asker_id AS askerId, q.anonymous, q.status, q.publication, q.deleted_at AS deletedAt,
  q.merged_into AS mergedInto, q.accepted_answer_id AS acceptedAnswerId, q.promoted_entry_id AS promotedEntryId,
  q.created_at AS createdAt, max(q.updated_at, coalesce(q.accepted_at, '')) AS updatedAt, ${QUESTION_VOTES} AS votes, (${PUBLISHED}) AS published`;
// `/qa promote` names an entry community-<number>: looking the question up by its number uses the
// (guild_id, number) index, where promoted_entry_id alone would scan every question per entry.
const PROMOTED_NUMBER = (id: string) => `CAST(substr(${id}, 11) AS INTEGER)`;
const SOURCE_QUESTION = `(SELECT s.text FROM qa_questions s WHERE s.guild_id = e.guild_id AND s.number = ${PROMOTED_NUMBER('e.id')} AND s.promoted_entry_id = e.id) AS sourceQuestion`;
const ENTRY = `e.id, e.title, e.summary, e.body, e.tags, e.author_id AS authorId, e.created_at AS createdAt, ${SOURCE_QUESTION}`;

type RawQuestion = Omit<ArchivedQuestion, 'anonymous' | 'published'> & { anonymous: number; published: number };
const toQuestion = (row: RawQuestion | undefined): ArchivedQuestion | undefined =>
  row ? { ...row, anonymous: row.anonymous === 1, published: row.published === 1 } : undefined;

export function createArchiveStore(db: Db) {
  const statements = {
    question: db.prepare<[string, number], RawQuestion>(`SELECT ${QUESTION} FROM qa_questions q WHERE q.guild_id = ? AND q.number = ?`),
    questionById: db.prepare<[string, number], RawQuestion>(`SELECT ${QUESTION} FROM qa_questions q WHERE q.guild_id = ? AND q.id = ?`),
    promotedFrom: db.prepare<{ guildId: string; id: string }, RawQuestion>(`SELECT ${QUESTION} FROM qa_questions q WHERE q.guild_id = @guildId AND q.number = ${PROMOTED_NUMBER('@id')} AND q.promoted_entry_id = @id`),
    answers: db.prepare<[string, number], ArchivedAnswer>(
      `SELECT a.id, a.number, a.author_id AS authorId, a.text, a.created_at AS createdAt, a.edited_at AS editedAt,
              (SELECT count(*) FROM qa_votes v WHERE v.target = 'answer' AND v.target_id = a.id) AS votes
         FROM qa_answers a WHERE a.guild_id = ? AND a.question_id = ? AND a.deleted_at IS NULL ORDER BY a.number`,
    ),
    // Pages of the list start from a question number (keyset), not an offset: the (guild_id, number)
    // index gives the range and the order, and the filter stops at the page however deep it is.
    before: db.prepare<[string, number, number], QuestionLine>(
      `SELECT q.number, q.text, max(q.updated_at, coalesce(q.accepted_at, '')) AS updatedAt, ${QUESTION_VOTES} AS votes
         FROM qa_questions q WHERE q.guild_id = ? AND q.number < ? AND ${PUBLISHED}
        ORDER BY q.number DESC LIMIT ?`,
    ),
    after: db.prepare<[string, number, number], QuestionLine>(
      `SELECT q.number, q.text, max(q.updated_at, coalesce(q.accepted_at, '')) AS updatedAt, ${QUESTION_VOTES} AS votes
         FROM qa_questions q WHERE q.guild_id = ? AND q.number > ? AND ${PUBLISHED}
        ORDER BY q.number ASC LIMIT ?`,
    ),
    // Rankings count rows only (covering indexes); what of them is published is checked apart.
    voteRanking: db.prepare<[string, number], RankedQuestion>(
      `SELECT target_id AS id, count(*) AS votes FROM qa_votes WHERE guild_id = ? AND target = 'question'
        GROUP BY target_id ORDER BY votes DESC, target_id DESC LIMIT ?`,
    ),
    askRanking: db.prepare<[string, number], RankedEntry>(
      `SELECT entry_id AS id, count(*) AS asks FROM kb_questions WHERE guild_id = ? AND entry_id IS NOT NULL
        GROUP BY entry_id ORDER BY asks DESC, entry_id LIMIT ?`,
    ),
    // CROSS JOIN: the few ids first, each by primary key (the planner otherwise walks the server's questions).
    publishedIn: db.prepare<{ guildId: string; ids: string }, QuestionLine & { id: number }>(
      `SELECT q.id, q.number, q.text, max(q.updated_at, coalesce(q.accepted_at, '')) AS updatedAt, ${QUESTION_VOTES} AS votes
         FROM json_each(@ids) j CROSS JOIN qa_questions q ON q.id = j.value WHERE q.guild_id = @guildId AND ${PUBLISHED}`,
    ),
    entriesIn: db.prepare<{ guildId: string; ids: string }, Omit<EntryLine, 'asks'>>(
      `SELECT e.id, e.title, e.summary, e.body, ${SOURCE_QUESTION}, e.created_at AS createdAt
         FROM kb_entries e WHERE ${SERVER_ENTRY} AND e.id IN (SELECT value FROM json_each(@ids)) AND ${NOT_EXCLUDED_ENTRY}`,
    ),
    newestEntries: db.prepare<{ guildId: string; limit: number }, Omit<EntryLine, 'asks'>>(
      `SELECT e.id, e.title, e.summary, e.body, ${SOURCE_QUESTION}, e.created_at AS createdAt
         FROM kb_entries e WHERE ${SERVER_ENTRY} AND ${NOT_EXCLUDED_ENTRY} ORDER BY e.created_at DESC, e.id LIMIT @limit`,
    ),
    entry: db.prepare<{ guildId: string; id: string }, ArchivedEntry>(`SELECT ${ENTRY} FROM kb_entries e WHERE ${SERVER_ENTRY} AND e.id = @id AND ${NOT_EXCLUDED_ENTRY}`),
    // A range of numbers, by the (guild_id, number) index: a sitemap file costs its own rows, however deep.
    sitemapQuestions: db.prepare<[string, number, number], SitemapQuestion>(
      `SELECT q.number, q.text, max(q.updated_at, coalesce(q.accepted_at, '')) AS updatedAt
         FROM qa_questions q WHERE q.guild_id = ? AND q.number BETWEEN ? AND ? AND ${PUBLISHED} ORDER BY q.number`,
    ),
    lastNumber: db.prepare<[string], { last: number | null }>('SELECT max(number) AS last FROM qa_questions WHERE guild_id = ?'),
    sitemapEntries: db.prepare<[string, number], SitemapEntry>(
      `SELECT e.id, e.created_at AS createdAt FROM kb_entries e WHERE coalesce(e.guild_id, '') = ? AND ${NOT_EXCLUDED_ENTRY} ORDER BY e.rowid LIMIT ?`,
    ),
    counts: db.prepare<{ guildId: string }, { questions: number; entries: number }>(
      `SELECT (SELECT count(*) FROM qa_questions q WHERE q.guild_id = @guildId AND q.number IS NOT NULL AND ${PUBLISHED}) AS questions,
              (SELECT count(*) FROM kb_entries e WHERE ${SERVER_ENTRY} AND ${NOT_EXCLUDED_ENTRY}) AS entries`,
    ),
  };

  return {
    question: (guildId: string, number: number) => toQuestion(statements.question.get(guildId, number)),
    questionById: (guildId: string, id: number) => toQuestion(statements.questionById.get(guildId, id)),
    /** The question an entry was promoted from (`/qa promote`), published or not. */
    promotedFrom: (guildId: string, entryId: string) => toQuestion(statements.promotedFrom.get({ guildId, id: entryId })),
    answers: (guildId: string, questionId: number): ArchivedAnswer[] => statements.answers.all(guildId, questionId),
    /** Published questions numbered below `number`, newest first. */
    before: (guildId: string, number: number, limit: number): QuestionLine[] => statements.before.all(guildId, number, limit),
    /** Published questions numbered above `number`, oldest first. */
    after: (guildId: string, number: number, limit: number): QuestionLine[] => statements.after.all(guildId, number, limit),
    /** The server's most upvoted questions (published or not), most votes first. */
    voteRanking: (guildId: string, limit: number): RankedQuestion[] => statements.voteRanking.all(guildId, limit),
    /** The server's entries /ask matched most (excluded or not), most asks first. */
    askRanking: (guildId: string, limit: number): RankedEntry[] => statements.askRanking.all(guildId, limit),
    /** Of these question ids, the published ones, in no order. */
    publishedIn: (guildId: string, ids: readonly number[]) => statements.publishedIn.all({ guildId, ids: JSON.stringify(ids) }),
    /** Of these entry ids, the server's own on the site, in no order. */
    entriesIn: (guildId: string, ids: readonly string[]) => statements.entriesIn.all({ guildId, ids: JSON.stringify(ids) }),
    /** Server-local entries on the site, newest first. */
    newestEntries: (guildId: string, limit: number) => statements.newestEntries.all({ guildId, limit }),
    /** A server-local entry that is on the site (shipped entries are the project's, not the server's). */
    entry: (guildId: string, id: string): ArchivedEntry | undefined => statements.entry.get({ guildId, id }),
    /** Published questions numbered first…last, in order. */
    sitemapQuestions: (guildId: string, first: number, last: number): SitemapQuestion[] => statements.sitemapQuestions.all(guildId, first, last),
    /** The highest question number the server gave (published or not), 0 with none. */
    lastNumber: (guildId: string): number => statements.lastNumber.get(guildId)?.last ?? 0,
    /** Server-local entries on the site, oldest first. */
    sitemapEntries: (guildId: string, limit: number): SitemapEntry[] => statements.sitemapEntries.all(guildId, limit),
    counts: (guildId: string) => statements.counts.get({ guildId }) ?? { questions: 0, entries: 0 },
  };
}

export type ArchiveStore = ReturnType<typeof createArchiveStore>;
