-- Issue 15: the forum-native "solved" workflow. In a forum Q&A channel a post carries the Unanswered
-- tag (qa_settings.forum_tag_id, applied on post) until an answer is accepted, then the Answered tag
-- chosen here; solved posts are archived after a quiet period. The Answered tag belongs to the forum
-- it was chosen in (forum_id): once the Q&A channel moves elsewhere it no longer applies.
CREATE TABLE qa_forum_settings (
  guild_id              TEXT PRIMARY KEY,
  forum_id              TEXT,
  answered_tag_id       TEXT CHECK (answered_tag_id IS NULL OR forum_id IS NOT NULL),
  answered_tag_name     TEXT CHECK ((answered_tag_name IS NULL) = (answered_tag_id IS NULL)),
  -- null: solved posts are left to Discord's own auto-archive
  archive_after_minutes INTEGER CHECK (archive_after_minutes IS NULL OR archive_after_minutes BETWEEN 60 AND 43200),
  updated_by            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;

-- A forum post's tags on Discord follow its question (an accepted answer: Answered; else Unanswered),
-- which is the truth; `applied` is what the bot last set on Discord (null: not known, a post from
-- before this table). When a change cannot be applied (a permission, a deleted tag, an outage) the
-- background job retries at next_attempt_at. archived_for is the last activity an archive was for, so
-- a quiet solved post is archived once, and again only after new activity and a new quiet period.
CREATE TABLE qa_forum_posts (
  question_id     INTEGER PRIMARY KEY REFERENCES qa_questions (id),
  guild_id        TEXT NOT NULL,
  thread_id       TEXT NOT NULL,
  applied         TEXT CHECK (applied IN ('unanswered', 'answered')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  activity_at     TEXT,  -- the last message or unarchive the bot saw in the post
  archived_at     TEXT,
  archived_for    TEXT,
  archive_next_at TEXT   -- after Discord refused an archive: when to try again
) STRICT;
CREATE UNIQUE INDEX qa_forum_posts_thread ON qa_forum_posts (thread_id);
CREATE INDEX qa_forum_posts_work ON qa_forum_posts (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- Posts from before are followed with their tags unknown: they switch on their next change, and are
-- archived once quiet if the server turns archiving on.
INSERT INTO qa_forum_posts (question_id, guild_id, thread_id)
SELECT id, guild_id, thread_id FROM qa_questions
 WHERE channel_kind = 'forum' AND publication = 'posted' AND thread_id IS NOT NULL AND deleted_at IS NULL;
