import { sql, type Selectable } from 'kysely';
import { all, changed, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { DatabaseSchema } from '../db/sql/schema.js';
import { ownedPageOf, type Owned } from '../scheduling/due-work.js';

/** The tag state a forum post shows: Unanswered until an answer is accepted, then Answered. */
export type PostTagState = 'unanswered' | 'answered';

/** A server's "solved" workflow settings as stored (the Answered tag is only good in `forumId`). */
interface ForumSettingsRow {
  readonly guildId: string;
  readonly forumId: string | null;
  readonly answeredTagId: string | null;
  readonly answeredTagName: string | null;
  readonly archiveAfterMinutes: number | null;
}

interface ForumPost {
  readonly questionId: number;
  readonly guildId: string;
  readonly threadId: string;
  /** What the bot last set on Discord; null: not known (posted before the workflow). */
  readonly applied: PostTagState | null;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly archivedAt: string | null;
  readonly archivedFor: string | null;
}

/** A solved post quiet for its server's archive period, with the activity the archive is for. */
interface QuietPost {
  readonly questionId: number;
  readonly guildId: string;
  readonly threadId: string;
  readonly lastActivity: string;
}

/** SQL for the forum "solved" workflow, on SQLite and PostgreSQL alike: its per-server settings and each forum post's tags and archiving. */
export function createForumStore({ kysely: db, dialect }: SqlDatabase) {
  const postgres = dialect === 'postgres';
  const posts = db.selectFrom('qa_forum_posts').selectAll();
  const clearRetry = { attempts: 0, next_attempt_at: null, last_error: null };

  // The last activity the bot knows in a solved post: the accept, the newest answer, a member's
  // message or reopen ('' for none). The later of several texts: SQLite's scalar max, PostgreSQL's greatest.
  const lastActivity = sql<string>`${sql.raw(postgres ? 'greatest' : 'max')}(coalesce(q.accepted_at, ''), coalesce(p.activity_at, ''),
    coalesce((SELECT max(a.created_at) FROM qa_answers a WHERE a.question_id = q.id), ''))`;
  // `now` minus the server's archive period, as the ISO-8601 text the rows store (text order = time order).
  const quietSince = (now: string) =>
    postgres
      ? sql<string>`to_char((${now}::timestamptz - s.archive_after_minutes * interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '-' || s.archive_after_minutes || ' minutes')`;

  const quietPage = (now: string, after: number, limit: number) =>
    db
      .selectFrom((inner) =>
        inner
          .selectFrom('qa_forum_posts as p')
          .innerJoin('qa_questions as q', 'q.id', 'p.question_id')
          .innerJoin('qa_forum_settings as s', 's.guild_id', 'p.guild_id')
          .select(['p.question_id as questionId', 'p.guild_id as guildId', 'p.thread_id as threadId', 'p.archived_for as archivedFor', lastActivity.as('lastActivity'), quietSince(now).as('quietSince')])
          .where('s.archive_after_minutes', 'is not', null)
          .where('q.accepted_answer_id', 'is not', null)
          .where('q.deleted_at', 'is', null)
          .where('q.merged_into', 'is', null)
          .where((eb) => eb.or([eb('p.archive_next_at', 'is', null), eb('p.archive_next_at', '<=', now)]))
          .where('p.question_id', '>', after)
          .as('solved'),
      )
      .select(['questionId', 'guildId', 'threadId', 'lastActivity'])
      .where((eb) => eb.or([eb('archivedFor', 'is', null), eb('archivedFor', '<', eb.ref('lastActivity'))]))
      .where('lastActivity', '<=', (eb) => eb.ref('quietSince'))
      .orderBy('questionId')
      .limit(limit);

  return {
    *settings(guildId: string): Work<ForumSettingsRow | undefined> {
      const row = yield* first(db.selectFrom('qa_forum_settings').selectAll().where('guild_id', '=', guildId));
      return (
        row && { guildId: row.guild_id, forumId: row.forum_id, answeredTagId: row.answered_tag_id, answeredTagName: row.answered_tag_name, archiveAfterMinutes: row.archive_after_minutes }
      );
    },

    *saveSettings(row: ForumSettingsRow, updatedBy: string, updatedAt: string): Work<void> {
      const changes = {
        forum_id: row.forumId,
        answered_tag_id: row.answeredTagId,
        answered_tag_name: row.answeredTagName,
        archive_after_minutes: row.archiveAfterMinutes,
        updated_by: updatedBy,
        updated_at: updatedAt,
      };
      yield* changed(db.insertInto('qa_forum_settings').values({ guild_id: row.guildId, ...changes }).onConflict((conflict) => conflict.column('guild_id').doUpdateSet(changes)));
    },

    *post(questionId: number): Work<ForumPost | undefined> {
      const row = yield* first(posts.where('question_id', '=', questionId));
      return row && toPost(row);
    },

    /** Starts following a forum post (kept as it is when already followed). */
    *insertPost(questionId: number, guildId: string, threadId: string, applied: PostTagState | null): Work<void> {
      yield* changed(
        db
          .insertInto('qa_forum_posts')
          .values({ question_id: questionId, guild_id: guildId, thread_id: threadId, applied })
          .onConflict((conflict) => conflict.column('question_id').doNothing()),
      );
    },

    /** Discord shows `applied` now: nothing left to retry. */
    *applied(questionId: number, applied: PostTagState): Work<void> {
      yield* changed(db.updateTable('qa_forum_posts').set({ applied, ...clearRetry }).where('question_id', '=', questionId));
    },

    /** Nothing left to retry (the workflow is off, or the post is gone). */
    *settle(questionId: number): Work<void> {
      yield* changed(db.updateTable('qa_forum_posts').set(clearRetry).where('question_id', '=', questionId));
    },

    *failed(questionId: number, error: string, retryAt: string): Work<void> {
      yield* changed(
        db
          .updateTable('qa_forum_posts')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500), next_attempt_at: retryAt }))
          .where('question_id', '=', questionId),
      );
    },

    /** Posts whose tags Discord refused earlier, due for another try. */
    due: (now: string, limit: number, owned: Owned): Work<ForumPost[]> =>
      ownedPageOf(
        function* (after) {
          return (yield* all(posts.where('next_attempt_at', '<=', now).where('question_id', '>', after).orderBy('question_id').limit(limit))).map(toPost);
        },
        (post) => post.questionId,
        limit,
        owned,
      ),

    /** A server's refused posts are tried again at `at` (its tags were set up anew). */
    *rearm(guildId: string, at: string): Work<number> {
      return yield* changed(db.updateTable('qa_forum_posts').set({ next_attempt_at: at }).where('guild_id', '=', guildId).where('next_attempt_at', 'is not', null));
    },

    /** A member's message or reopen in a followed post: a solved post stays open while people talk. */
    *activity(guildId: string, threadId: string, at: string): Work<boolean> {
      const moved = yield* changed(
        db
          .updateTable('qa_forum_posts')
          .set({ activity_at: at })
          .where('guild_id', '=', guildId)
          .where('thread_id', '=', threadId)
          .where((eb) => eb.or([eb('activity_at', 'is', null), eb('activity_at', '<', at)])),
      );
      return moved === 1;
    },

    /** Solved posts quiet for their server's archive period and not yet archived for that quiet. */
    quiet: (now: string, limit: number, owned: Owned): Work<QuietPost[]> => ownedPageOf((after) => all(quietPage(now, after, limit)), (post) => post.questionId, limit, owned),

    /** True when this call recorded the archive (a second one for the same quiet does nothing). */
    *archived(questionId: number, at: string, lastActivity: string): Work<boolean> {
      const recorded = yield* changed(
        db
          .updateTable('qa_forum_posts')
          .set({ archived_at: at, archived_for: lastActivity, archive_next_at: null })
          .where('question_id', '=', questionId)
          .where((eb) => eb.or([eb('archived_for', 'is', null), eb('archived_for', '!=', lastActivity)])),
      );
      return recorded === 1;
    },

    /** Discord refused the archive: not tried again before `retryAt`. */
    *archiveRefused(questionId: number, retryAt: string): Work<void> {
      yield* changed(db.updateTable('qa_forum_posts').set({ archive_next_at: retryAt }).where('question_id', '=', questionId));
    },
  };
}

function toPost(row: Selectable<DatabaseSchema['qa_forum_posts']>): ForumPost {
  return {
    questionId: row.question_id,
    guildId: row.guild_id,
    threadId: row.thread_id,
    applied: row.applied,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    archivedAt: row.archived_at,
    archivedFor: row.archived_for,
  };
}

export type ForumStore = ReturnType<typeof createForumStore>;
