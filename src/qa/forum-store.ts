import type { Db } from '../db/index.js';
import { ownedPage, type Owned } from '../scheduling/due-work.js';

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

const POST_COLUMNS = `question_id AS questionId, guild_id AS guildId, thread_id AS threadId, applied, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, archived_at AS archivedAt, archived_for AS archivedFor`;

/** The last activity the bot knows in a solved post: the accept, the newest answer, a member's message or reopen. */
const LAST_ACTIVITY = `max(coalesce(q.accepted_at, ''), coalesce(p.activity_at, ''),
  coalesce((SELECT max(a.created_at) FROM qa_answers a WHERE a.question_id = q.id), ''))`;

/** SQL for the forum "solved" workflow: its per-server settings and each forum post's tags and archiving. */
export function createForumStore(db: Db) {
  const statements = {
    settings: db.prepare<[string], ForumSettingsRow>(
      `SELECT guild_id AS guildId, forum_id AS forumId, answered_tag_id AS answeredTagId, answered_tag_name AS answeredTagName,
              archive_after_minutes AS archiveAfterMinutes FROM qa_forum_settings WHERE guild_id = ?`,
    ),
    saveSettings: db.prepare<ForumSettingsRow & { updatedBy: string; updatedAt: string }>(
      `INSERT INTO qa_forum_settings (guild_id, forum_id, answered_tag_id, answered_tag_name, archive_after_minutes, updated_by, updated_at)
       VALUES (@guildId, @forumId, @answeredTagId, @answeredTagName, @archiveAfterMinutes, @updatedBy, @updatedAt)
       ON CONFLICT (guild_id) DO UPDATE SET forum_id = excluded.forum_id, answered_tag_id = excluded.answered_tag_id,
         answered_tag_name = excluded.answered_tag_name, archive_after_minutes = excluded.archive_after_minutes,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
    post: db.prepare<[number], ForumPost>(`SELECT ${POST_COLUMNS} FROM qa_forum_posts WHERE question_id = ?`),
    insertPost: db.prepare<{ questionId: number; guildId: string; threadId: string; applied: PostTagState | null }>(
      `INSERT INTO qa_forum_posts (question_id, guild_id, thread_id, applied) VALUES (@questionId, @guildId, @threadId, @applied)
       ON CONFLICT (question_id) DO NOTHING`,
    ),
    applied: db.prepare<{ questionId: number; applied: PostTagState }>(
      'UPDATE qa_forum_posts SET applied = @applied, attempts = 0, next_attempt_at = NULL, last_error = NULL WHERE question_id = @questionId',
    ),
    settle: db.prepare<[number]>('UPDATE qa_forum_posts SET attempts = 0, next_attempt_at = NULL, last_error = NULL WHERE question_id = ?'),
    failed: db.prepare<{ questionId: number; error: string; retryAt: string }>(
      'UPDATE qa_forum_posts SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt WHERE question_id = @questionId',
    ),
    due: db.prepare<{ now: string; after: number; limit: number }, ForumPost>(
      `SELECT ${POST_COLUMNS} FROM qa_forum_posts WHERE next_attempt_at <= @now AND question_id > @after ORDER BY question_id LIMIT @limit`,
    ),
    rearm: db.prepare<{ guildId: string; at: string }>(
      'UPDATE qa_forum_posts SET next_attempt_at = @at WHERE guild_id = @guildId AND next_attempt_at IS NOT NULL',
    ),
    activity: db.prepare<{ guildId: string; threadId: string; at: string }>(
      'UPDATE qa_forum_posts SET activity_at = @at WHERE guild_id = @guildId AND thread_id = @threadId AND (activity_at IS NULL OR activity_at < @at)',
    ),
    quiet: db.prepare<{ now: string; after: number; limit: number }, QuietPost>(
      `SELECT questionId, guildId, threadId, lastActivity FROM (
         SELECT p.question_id AS questionId, p.guild_id AS guildId, p.thread_id AS threadId, p.archived_for AS archivedFor,
                ${LAST_ACTIVITY} AS lastActivity, s.archive_after_minutes AS minutes
           FROM qa_forum_posts p
           JOIN qa_questions q ON q.id = p.question_id
           JOIN qa_forum_settings s ON s.guild_id = p.guild_id
          WHERE s.archive_after_minutes IS NOT NULL AND q.accepted_answer_id IS NOT NULL AND q.deleted_at IS NULL
            AND q.merged_into IS NULL AND (p.archive_next_at IS NULL OR p.archive_next_at <= @now) AND p.question_id > @after)
        WHERE (archivedFor IS NULL OR archivedFor < lastActivity)
          AND strftime('%Y-%m-%dT%H:%M:%fZ', lastActivity, '+' || minutes || ' minutes') <= @now
        ORDER BY questionId LIMIT @limit`,
    ),
    archived: db.prepare<{ questionId: number; at: string; lastActivity: string }>(
      'UPDATE qa_forum_posts SET archived_at = @at, archived_for = @lastActivity, archive_next_at = NULL WHERE question_id = @questionId AND archived_for IS NOT @lastActivity',
    ),
    archiveRefused: db.prepare<{ questionId: number; retryAt: string }>('UPDATE qa_forum_posts SET archive_next_at = @retryAt WHERE question_id = @questionId'),
  };

  return {
    settings: (guildId: string): ForumSettingsRow | undefined => statements.settings.get(guildId),
    saveSettings: (row: ForumSettingsRow, updatedBy: string, updatedAt: string): void => {
      statements.saveSettings.run({ ...row, updatedBy, updatedAt });
    },
    post: (questionId: number): ForumPost | undefined => statements.post.get(questionId),
    /** Starts following a forum post (kept as it is when already followed). */
    insertPost: (questionId: number, guildId: string, threadId: string, applied: PostTagState | null): void => {
      statements.insertPost.run({ questionId, guildId, threadId, applied });
    },
    /** Discord shows `applied` now: nothing left to retry. */
    applied: (questionId: number, applied: PostTagState): void => {
      statements.applied.run({ questionId, applied });
    },
    /** Nothing left to retry (the workflow is off, or the post is gone). */
    settle: (questionId: number): void => {
      statements.settle.run(questionId);
    },
    failed: (questionId: number, error: string, retryAt: string): void => {
      statements.failed.run({ questionId, error: error.slice(0, 500), retryAt });
    },
    /** Posts whose tags Discord refused earlier, due for another try. */
    due: (now: string, limit: number, owned: Owned): ForumPost[] => ownedPage((after) => statements.due.all({ now, after, limit }), (post) => post.questionId, limit, owned),
    /** A server's refused posts are tried again at `at` (its tags were set up anew). */
    rearm: (guildId: string, at: string): number => statements.rearm.run({ guildId, at }).changes,
    /** A member's message or reopen in a followed post: a solved post stays open while people talk. */
    activity: (guildId: string, threadId: string, at: string): boolean => statements.activity.run({ guildId, threadId, at }).changes === 1,
    /** Solved posts quiet for their server's archive period and not yet archived for that quiet. */
    quiet: (now: string, limit: number, owned: Owned): QuietPost[] => ownedPage((after) => statements.quiet.all({ now, after, limit }), (post) => post.questionId, limit, owned),
    /** True when this call recorded the archive (a second one for the same quiet does nothing). */
    archived: (questionId: number, at: string, lastActivity: string): boolean => statements.archived.run({ questionId, at, lastActivity }).changes === 1,
    /** Discord refused the archive: not tried again before `retryAt`. */
    archiveRefused: (questionId: number, retryAt: string): void => {
      statements.archiveRefused.run({ questionId, retryAt });
    },
  };
}

export type ForumStore = ReturnType<typeof createForumStore>;
