import type { Db } from '../db/index.js';
import { ownedPage, type Owned } from '../scheduling/due-work.js';
import type { ChannelKind, Publication, Question } from './types.js';
import { found } from '../core/errors.js';

type QuestionRow = Omit<Question, 'anonymous' | 'locked'> & { anonymous: number; locked: number };

const COLUMNS = `id, guild_id AS guildId, number, asker_id AS askerId, anonymous, text, status, publication, locked,
  deleted_at AS deletedAt, merged_into AS mergedInto, accepted_answer_id AS acceptedAnswerId, accepted_at AS acceptedAt,
  closed_at AS closedAt, kb_question_id AS kbQuestionId, kb_entry_id AS kbEntryId, channel_id AS channelId,
  channel_kind AS channelKind, message_id AS messageId, thread_id AS threadId, attempts, next_attempt_at AS nextAttemptAt,
  last_error AS lastError, version, synced_version AS syncedVersion, promoted_entry_id AS promotedEntryId,
  source_channel_id AS sourceChannelId, source_message_id AS sourceMessageId, created_at AS createdAt, updated_at AS updatedAt`;

/** When a post's first send began, and whether this is a later attempt (see startSend). */
export interface SendStart {
  readonly startedAt: string;
  readonly resumed: boolean;
}

interface NewQuestion {
  readonly guildId: string;
  readonly askerId: string;
  readonly anonymous: boolean;
  readonly text: string;
  readonly searchTerms: string;
  readonly publication: 'review' | 'pending';
  readonly channelId: string;
  readonly channelKind: ChannelKind;
  readonly kbQuestionId: number | null;
  readonly kbEntryId: string | null;
  /** The member's message it was made from ("Track as a question"), if any. */
  readonly source?: MessageLink | null;
  readonly at: string;
  /** When the background job should try Discord if the immediate attempt did not finish. */
  readonly retryAt: string;
}

/** A member's message on Discord that a question or answer was made from. */
interface MessageLink {
  readonly channelId: string;
  readonly messageId: string;
}

/** A public question is listed to members; pending and review ones only to their asker. */
export type ListStatus = 'open' | 'answered' | 'unanswered' | 'mine' | 'all';
export type ListSort = 'newest' | 'votes';

const LIST_FILTERS: Record<ListStatus, string> = {
  all: "q.publication = 'posted'",
  open: "q.publication = 'posted' AND q.status = 'open'",
  answered: "q.publication = 'posted' AND q.status = 'answered'",
  unanswered: "q.publication = 'posted' AND q.status = 'open' AND NOT EXISTS (SELECT 1 FROM qa_answers a WHERE a.question_id = q.id AND a.deleted_at IS NULL)",
  // A member sees their own questions in every state, anonymous ones included (only they see the list).
  mine: "q.asker_id = @viewer AND q.publication <> 'rejected'",
};

const VOTES = "(SELECT count(*) FROM qa_votes v WHERE v.target = 'question' AND v.target_id = q.id)";
const LIST_ORDER: Record<ListSort, string> = {
  newest: 'q.id DESC',
  votes: `${VOTES} DESC, q.id DESC`,
};

/** What a merge changes on the duplicate, kept so an undo can restore it. */
interface MergedState {
  readonly status: string;
  readonly closedAt: string | null;
  readonly acceptedAnswerId: number | null;
  readonly acceptedAt: string | null;
}

/** The only module with SQL for questions, their drafts and their full-text index. */
export function createQuestionStore(db: Db) {
  const select = (where: string) => db.prepare(`SELECT ${COLUMNS} FROM qa_questions WHERE ${where}`);
  const statements = {
    insert: db.prepare<Omit<NewQuestion, 'source'> & { anonymousFlag: number; sourceChannelId: string | null; sourceMessageId: string | null }>(
      `INSERT INTO qa_questions (guild_id, number, asker_id, anonymous, text, search_terms, publication, channel_id, channel_kind,
                                 kb_question_id, kb_entry_id, next_attempt_at, source_channel_id, source_message_id, created_at, updated_at)
       VALUES (@guildId,
               CASE WHEN @publication = 'pending' THEN (SELECT coalesce(max(number), 0) + 1 FROM qa_questions WHERE guild_id = @guildId) END,
               @askerId, @anonymousFlag, @text, @searchTerms, @publication, @channelId, @channelKind, @kbQuestionId, @kbEntryId,
               CASE WHEN @publication = 'pending' THEN @retryAt END, @sourceChannelId, @sourceMessageId, @at, @at)`,
    ),
    byId: select('guild_id = ? AND id = ?'),
    byNumber: select('guild_id = ? AND number = ?'),
    byMessage: select('guild_id = ? AND (message_id = @id OR thread_id = @id)'),
    bySource: select('guild_id = ? AND source_message_id = ?'),
    inThread: select("guild_id = ? AND thread_id = ? AND publication = 'posted' AND deleted_at IS NULL ORDER BY id"),
    reviewQueue: select("guild_id = ? AND publication = 'review' AND deleted_at IS NULL ORDER BY id LIMIT ?"),
    due: db.prepare<{ now: string; after: number; limit: number }, QuestionRow>(
      `SELECT ${COLUMNS} FROM qa_questions WHERE next_attempt_at <= @now AND id > @after ORDER BY id LIMIT @limit`,
    ),
    askedSince: db.prepare<[string, string, string], { count: number; oldest: string | null }>(
      'SELECT count(*) AS count, min(created_at) AS oldest FROM qa_questions WHERE guild_id = ? AND asker_id = ? AND created_at >= ?',
    ),
    approve: db.prepare<{ id: number; guildId: string; at: string; retryAt: string }>(
      `UPDATE qa_questions SET publication = 'pending', number = (SELECT coalesce(max(number), 0) + 1 FROM qa_questions WHERE guild_id = @guildId),
              next_attempt_at = @retryAt, updated_at = @at
       WHERE id = @id AND guild_id = @guildId AND publication = 'review'`,
    ),
    reject: db.prepare<[string, number, string]>(
      "UPDATE qa_questions SET publication = 'rejected', updated_at = ? WHERE id = ? AND guild_id = ? AND publication = 'review'",
    ),
    sendStartedAt: db.prepare<[number, string], { at: string | null }>('SELECT send_started_at AS at FROM qa_questions WHERE id = ? AND guild_id = ?'),
    startSend: db.prepare<[string, number, string]>('UPDATE qa_questions SET send_started_at = coalesce(send_started_at, ?) WHERE id = ? AND guild_id = ?'),
    recordMessage: db.prepare<[string, string, number, string]>('UPDATE qa_questions SET message_id = ?, updated_at = ? WHERE id = ? AND guild_id = ?'),
    markPosted: db.prepare<{ id: number; guildId: string; messageId: string; threadId: string; version: number; at: string }>(
      `UPDATE qa_questions SET publication = 'posted', message_id = @messageId, thread_id = @threadId, last_error = NULL,
              synced_version = max(synced_version, @version), updated_at = @at,
              next_attempt_at = CASE WHEN version > max(synced_version, @version) THEN next_attempt_at END
       WHERE id = @id AND guild_id = @guildId AND publication = 'pending'`,
    ),
    failedAttempt: db.prepare<{ id: number; error: string; retryAt: string | null }>(
      'UPDATE qa_questions SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt WHERE id = @id',
    ),
    synced: db.prepare<{ id: number; version: number }>(
      `UPDATE qa_questions SET synced_version = max(synced_version, @version), last_error = NULL, attempts = 0,
              next_attempt_at = CASE WHEN version > max(synced_version, @version) THEN next_attempt_at END
       WHERE id = @id`,
    ),
    /** Every visible change: the message must be brought in line (now, or by the job at retryAt). */
    touch: db.prepare<[string, string, number]>(
      'UPDATE qa_questions SET version = version + 1, updated_at = ?, next_attempt_at = coalesce(next_attempt_at, ?) WHERE id = ?',
    ),
    settle: db.prepare<[number]>('UPDATE qa_questions SET next_attempt_at = NULL WHERE id = ?'),
    rearmInThread: db.prepare<{ guildId: string; threadId: string; at: string }>(
      `UPDATE qa_questions SET next_attempt_at = @at
       WHERE guild_id = @guildId AND thread_id = @threadId AND next_attempt_at IS NULL AND synced_version < version AND publication = 'posted'`,
    ),
    setText: db.prepare<[string, string, number]>('UPDATE qa_questions SET text = ?, search_terms = ? WHERE id = ?'),
    setStatus: db.prepare<{ id: number; closed: number; at: string }>(
      `UPDATE qa_questions SET status = CASE WHEN @closed = 1 THEN 'closed' WHEN accepted_answer_id IS NOT NULL THEN 'answered' ELSE 'open' END,
              closed_at = CASE WHEN @closed = 1 THEN @at END
       WHERE id = @id`,
    ),
    setLocked: db.prepare<[number, number]>('UPDATE qa_questions SET locked = ? WHERE id = ?'),
    setAccepted: db.prepare<{ id: number; answerId: number | null; at: string }>(
      `UPDATE qa_questions SET accepted_answer_id = @answerId, accepted_at = CASE WHEN @answerId IS NULL THEN NULL ELSE @at END,
              status = CASE WHEN status = 'closed' THEN 'closed' WHEN @answerId IS NULL THEN 'open' ELSE 'answered' END
       WHERE id = @id`,
    ),
    markDeleted: db.prepare<[string, number]>('UPDATE qa_questions SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    markMerged: db.prepare<{ id: number; into: number; at: string }>(
      "UPDATE qa_questions SET merged_into = @into, status = 'closed', closed_at = @at, accepted_answer_id = NULL, accepted_at = NULL WHERE id = @id",
    ),
    unmarkDeleted: db.prepare<[number]>('UPDATE qa_questions SET deleted_at = NULL WHERE id = ?'),
    unmerge: db.prepare<{ id: number; status: string; closedAt: string | null; acceptedAnswerId: number | null; acceptedAt: string | null }>(
      `UPDATE qa_questions SET merged_into = NULL, status = @status, closed_at = @closedAt, accepted_answer_id = @acceptedAnswerId, accepted_at = @acceptedAt
       WHERE id = @id`,
    ),
    setPromoted: db.prepare<[string, number]>('UPDATE qa_questions SET promoted_entry_id = ? WHERE id = ?'),
    retarget: db.prepare<[string, string, string, string]>(
      "UPDATE qa_questions SET channel_id = ?, channel_kind = ?, updated_at = ? WHERE guild_id = ? AND publication IN ('review', 'pending') AND message_id IS NULL",
    ),
    questionFtsDelete: db.prepare<[number]>('DELETE FROM qa_question_fts WHERE rowid = ?'),
    questionFtsInsert: db.prepare<[number, string, string]>('INSERT INTO qa_question_fts (rowid, scope, question) VALUES (?, ?, ?)'),
    answerFtsDelete: db.prepare<[number]>('DELETE FROM qa_answer_fts WHERE rowid = ?'),
    answerFtsInsert: db.prepare<[number, string, string]>('INSERT INTO qa_answer_fts (rowid, scope, answers) VALUES (?, ?, ?)'),
    // Newest first, without bm25: bm25 reads every match to weigh its terms, which grows with the
    // corpus; the candidates are re-ranked in JS instead (search.ts), so a query stays bounded.
    allTerms: db.prepare<[], { terms: string }>("SELECT search_terms AS terms FROM qa_questions WHERE publication IN ('pending', 'posted') AND deleted_at IS NULL"),
    searchQuestions: db.prepare<[string, number], { id: number }>('SELECT rowid AS id FROM qa_question_fts WHERE qa_question_fts MATCH ? ORDER BY rowid DESC LIMIT ?'),
    searchAnswers: db.prepare<[string, number], { id: number }>('SELECT rowid AS id FROM qa_answer_fts WHERE qa_answer_fts MATCH ? ORDER BY rowid DESC LIMIT ?'),
    // CROSS JOIN keeps SQLite on the primary key (one lookup per candidate) rather than the
    // server's index, which would walk every question of a big server.
    terms: db.prepare<{ guildId: string; ids: string }, { id: number; terms: string; askerId: string; publication: string }>(
      `SELECT q.id, q.search_terms AS terms, q.asker_id AS askerId, q.publication
         FROM json_each(@ids) AS candidate CROSS JOIN qa_questions AS q ON q.id = candidate.value
        WHERE q.guild_id = @guildId AND q.deleted_at IS NULL AND q.merged_into IS NULL`,
    ),
    answerTexts: db.prepare<[number], { text: string }>('SELECT text FROM qa_answers WHERE question_id = ? AND deleted_at IS NULL ORDER BY id'),
    latestNumbers: db.prepare<[string, number], QuestionRow>(
      `SELECT ${COLUMNS} FROM qa_questions WHERE guild_id = ? AND publication = 'posted' AND deleted_at IS NULL AND merged_into IS NULL ORDER BY id DESC LIMIT ?`,
    ),
    numberPrefix: db.prepare<[string, string, number], QuestionRow>(
      `SELECT ${COLUMNS} FROM qa_questions WHERE guild_id = ? AND publication = 'posted' AND deleted_at IS NULL AND merged_into IS NULL
         AND CAST(number AS TEXT) LIKE ? || '%' ORDER BY number LIMIT ?`,
    ),
    insertDraft: db.prepare<{ guildId: string; userId: string; text: string; anonymous: number; channelId: string; channelKind: ChannelKind; kbQuestionId: number | null; kbEntryId: string | null; sourceChannelId: string | null; sourceMessageId: string | null; sourceAuthorId: string | null; at: string }>(
      `INSERT INTO qa_drafts (guild_id, user_id, text, anonymous, channel_id, channel_kind, kb_question_id, kb_entry_id, source_channel_id, source_message_id, source_author_id, created_at)
       VALUES (@guildId, @userId, @text, @anonymous, @channelId, @channelKind, @kbQuestionId, @kbEntryId, @sourceChannelId, @sourceMessageId, @sourceAuthorId, @at)`,
    ),
    draft: db.prepare<[number, string, string], DraftRow>(
      `SELECT id, guild_id AS guildId, user_id AS userId, text, anonymous, channel_id AS channelId, channel_kind AS channelKind,
              kb_question_id AS kbQuestionId, kb_entry_id AS kbEntryId, question_id AS questionId, created_at AS createdAt,
              source_channel_id AS sourceChannelId, source_message_id AS sourceMessageId, source_author_id AS sourceAuthorId
       FROM qa_drafts WHERE id = ? AND guild_id = ? AND user_id = ?`,
    ),
    draftPosted: db.prepare<[number, number]>('UPDATE qa_drafts SET question_id = ? WHERE id = ?'),
    deleteDraft: db.prepare<[number]>('DELETE FROM qa_drafts WHERE id = ?'),
    purgeDrafts: db.prepare<[string]>('DELETE FROM qa_drafts WHERE created_at < ?'),
  };
  const lists = new Map<string, ReturnType<typeof db.prepare>>();
  for (const status of Object.keys(LIST_FILTERS) as ListStatus[]) {
    for (const sort of Object.keys(LIST_ORDER) as ListSort[]) {
      const where = `q.guild_id = @guildId AND q.deleted_at IS NULL AND q.merged_into IS NULL AND ${LIST_FILTERS[status]}`;
      lists.set(`${status}:${sort}`, db.prepare(`SELECT ${COLUMNS} FROM qa_questions q WHERE ${where} ORDER BY ${LIST_ORDER[sort]} LIMIT @limit OFFSET @offset`));
      lists.set(`${status}:count`, db.prepare(`SELECT count(*) AS count FROM qa_questions q WHERE ${where}`));
    }
  }

  const one = (row: unknown): Question | undefined => (row ? toQuestion(row as QuestionRow) : undefined);

  return {
    /** Inserts a question; a public one gets the server's next number in the same statement. */
    insert({ source, ...question }: NewQuestion): number {
      const links = { sourceChannelId: source?.channelId ?? null, sourceMessageId: source?.messageId ?? null };
      return Number(statements.insert.run({ ...question, ...links, anonymousFlag: question.anonymous ? 1 : 0 }).lastInsertRowid);
    },
    /** The question made from this member's message ("Track as a question"), in any state. */
    bySource: (guildId: string, messageId: string): Question | undefined => one(statements.bySource.get(guildId, messageId)),
    byId: (guildId: string, id: number): Question | undefined => one(statements.byId.get(guildId, id)),
    /** A question the caller knows exists (just written, or read in the same transaction). */
    requireById: (guildId: string, id: number): Question => found(one(statements.byId.get(guildId, id)), 'Q&A question', guildId, id),
    byNumber: (guildId: string, number: number): Question | undefined => one(statements.byNumber.get(guildId, number)),
    /** The question whose message or thread this is (a text message, or a forum post/thread). */
    byMessage: (guildId: string, id: string): Question | undefined => one(statements.byMessage.get(guildId, { id })),
    /** The public questions whose thread (or forum post) this is: one's own, and any asked inside it. */
    inThread: (guildId: string, threadId: string): Question[] => statements.inThread.all(guildId, threadId).map((row) => toQuestion(row as QuestionRow)),
    reviewQueue: (guildId: string, limit: number): Question[] => statements.reviewQueue.all(guildId, limit).map((row) => toQuestion(row as QuestionRow)),
    /** Up to `limit` of this shard's questions due to be brought in line with Discord, paging past other shards'. */
    due: (now: string, limit: number, owned: Owned): Question[] =>
      ownedPage((after) => statements.due.all({ now, after, limit }).map(toQuestion), (question) => question.id, limit, owned),
    /** How many questions a member asked since a moment, and when the oldest of them was. */
    askedSince: (guildId: string, askerId: string, since: string) => statements.askedSince.get(guildId, askerId, since) ?? { count: 0, oldest: null },
    approve: (guildId: string, id: number, at: string, retryAt: string): boolean => statements.approve.run({ id, guildId, at, retryAt }).changes === 1,
    reject: (guildId: string, id: number, at: string): boolean => statements.reject.run(at, id, guildId).changes === 1,
    /**
     * Notes that a send of the question's post begins (kept from the first attempt): `resumed` when an
     * earlier attempt began and never recorded its message, so it may already be on Discord. A read
     * and a write: the caller runs it in a transaction.
     */
    startSend: (guildId: string, id: number, at: string): SendStart => {
      const earlier = statements.sendStartedAt.get(id, guildId)?.at ?? null;
      statements.startSend.run(at, id, guildId);
      return { startedAt: earlier ?? at, resumed: earlier !== null };
    },
    recordMessage: (guildId: string, id: number, messageId: string, at: string): void => {
      statements.recordMessage.run(messageId, at, id, guildId);
    },
    markPosted: (post: { id: number; guildId: string; messageId: string; threadId: string; version: number; at: string }): boolean =>
      statements.markPosted.run(post).changes === 1,
    failedAttempt: (id: number, error: string, retryAt: string | null): void => {
      statements.failedAttempt.run({ id, error: error.slice(0, 500), retryAt });
    },
    synced: (id: number, version: number): void => {
      statements.synced.run({ id, version });
    },
    touch: (id: number, at: string, retryAt: string): void => {
      statements.touch.run(at, retryAt, id);
    },
    /** A question of this thread whose update Discord refused (a lock) is due again at `at`. */
    rearmInThread: (guildId: string, threadId: string, at: string): number => statements.rearmInThread.run({ guildId, threadId, at }).changes,
    /** Nothing left to bring in line on Discord for this question. */
    settle: (id: number): void => {
      statements.settle.run(id);
    },
    setText: (id: number, text: string, searchTerms: string): void => {
      statements.setText.run(text, searchTerms, id);
    },
    setClosed: (id: number, closed: boolean, at: string): void => {
      statements.setStatus.run({ id, closed: closed ? 1 : 0, at });
    },
    setLocked: (id: number, locked: boolean): void => {
      statements.setLocked.run(locked ? 1 : 0, id);
    },
    setAccepted: (id: number, answerId: number | null, at: string): void => {
      statements.setAccepted.run({ id, answerId, at });
    },
    markDeleted: (id: number, at: string): boolean => statements.markDeleted.run(at, id).changes === 1,
    /** Undoing a delete. */
    unmarkDeleted: (id: number): void => {
      statements.unmarkDeleted.run(id);
    },
    /** Undoing a merge: the duplicate as it was before it. */
    unmerge: (id: number, before: MergedState): void => {
      statements.unmerge.run({ id, ...before });
    },
    markMerged: (id: number, into: number, at: string): void => {
      statements.markMerged.run({ id, into, at });
    },
    setPromoted: (id: number, entryId: string): void => {
      statements.setPromoted.run(entryId, id);
    },
    /** Questions not yet on Discord follow the server's new Q&A channel. */
    retargetUnposted: (guildId: string, channelId: string, kind: ChannelKind, at: string): void => {
      statements.retarget.run(channelId, kind, at, guildId);
    },

    /** Replaces a question's rows in the full-text indexes (already normalised text). */
    index(id: number, guildId: string, question: string, answers: string): void {
      statements.questionFtsDelete.run(id);
      statements.questionFtsInsert.run(id, scopeToken(guildId), question);
      statements.answerFtsDelete.run(id);
      if (answers) statements.answerFtsInsert.run(id, scopeToken(guildId), answers);
    },
    unindex(id: number): void {
      statements.questionFtsDelete.run(id);
      statements.answerFtsDelete.run(id);
    },
    answerTexts: (questionId: number): string[] => statements.answerTexts.all(questionId).map((row) => row.text),
    /** Question ids whose text (or, in the answers index, whose answers) match an FTS5 expression, newest first. */
    searchIds: (match: string, limit: number, index: 'questions' | 'answers' = 'questions'): number[] =>
      (index === 'questions' ? statements.searchQuestions : statements.searchAnswers).all(match, limit).map((row) => row.id),
    /** Every live question's stored terms, streamed (word frequencies for search). */
    *allTerms(): Generator<string> {
      for (const row of statements.allTerms.iterate()) yield row.terms;
    },
    /** The stored search terms of candidates, for this server's live questions only. */
    candidates: (guildId: string, ids: readonly number[]) => statements.terms.all({ guildId, ids: JSON.stringify(ids) }),
    latest: (guildId: string, limit: number): Question[] => statements.latestNumbers.all(guildId, limit).map(toQuestion),
    numberPrefix: (guildId: string, prefix: string, limit: number): Question[] => statements.numberPrefix.all(guildId, prefix, limit).map(toQuestion),

    list(guildId: string, status: ListStatus, sort: ListSort, viewerId: string, limit: number, offset: number): { questions: Question[]; total: number } {
      const params = { guildId, viewer: viewerId, limit, offset };
      const rows = (lists.get(`${status}:${sort}`) as ReturnType<typeof db.prepare>).all(params) as QuestionRow[];
      const total = ((lists.get(`${status}:count`) as ReturnType<typeof db.prepare>).get({ guildId, viewer: viewerId }) as { count: number }).count;
      return { questions: rows.map(toQuestion), total };
    },

    insertDraft: ({ source, ...draft }: Omit<Draft, 'id' | 'questionId' | 'createdAt' | 'source'> & { source?: Draft['source']; at: string }): number =>
      Number(
        statements.insertDraft.run({
          ...draft,
          anonymous: draft.anonymous ? 1 : 0,
          sourceChannelId: source?.channelId ?? null,
          sourceMessageId: source?.messageId ?? null,
          sourceAuthorId: source?.authorId ?? null,
        }).lastInsertRowid,
      ),
    draft(guildId: string, userId: string, id: number): Draft | undefined {
      const row = statements.draft.get(id, guildId, userId);
      if (!row) return undefined;
      const { sourceChannelId, sourceMessageId, sourceAuthorId, ...rest } = row;
      const source = sourceChannelId && sourceMessageId && sourceAuthorId ? { channelId: sourceChannelId, messageId: sourceMessageId, authorId: sourceAuthorId } : null;
      return { ...rest, anonymous: row.anonymous === 1, source };
    },
    draftPosted: (id: number, questionId: number): void => {
      statements.draftPosted.run(questionId, id);
    },
    deleteDraft: (id: number): void => {
      statements.deleteDraft.run(id);
    },
    purgeDrafts: (before: string): number => statements.purgeDrafts.run(before).changes,
  };
}

export type QuestionStore = ReturnType<typeof createQuestionStore>;

export interface Draft {
  readonly id: number;
  readonly guildId: string;
  readonly userId: string;
  readonly text: string;
  readonly anonymous: boolean;
  readonly channelId: string;
  readonly channelKind: ChannelKind;
  readonly kbQuestionId: number | null;
  readonly kbEntryId: string | null;
  readonly questionId: number | null;
  readonly createdAt: string;
  /** "Track as a question": the member's message it is made from, and its author (the asker). */
  readonly source: (MessageLink & { readonly authorId: string }) | null;
}

type DraftRow = Omit<Draft, 'anonymous' | 'source'> & { anonymous: number; sourceChannelId: string | null; sourceMessageId: string | null; sourceAuthorId: string | null };

/** The token that confines a full-text query to one server. */
export function scopeToken(guildId: string): string {
  return `g${guildId}`;
}

function toQuestion(row: QuestionRow): Question {
  return { ...row, anonymous: row.anonymous === 1, locked: row.locked === 1, publication: row.publication as Publication };
}
