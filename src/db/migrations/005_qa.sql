-- Community Q&A (issue 6): questions, answers, votes, follows, notifications, drafts, digest, audit.
-- Every row carries its server's id and every query filters on it: a question of one server is
-- invisible from another whatever ids a member types or a custom_id carries.

-- Per-server settings. channel_id NULL: questions go to the channel they were asked in.
CREATE TABLE qa_settings (
  guild_id             TEXT PRIMARY KEY,
  guild_name           TEXT,
  channel_id           TEXT,
  channel_kind         TEXT CHECK (channel_kind IN ('text', 'forum')),
  review_anonymous     INTEGER NOT NULL DEFAULT 0 CHECK (review_anonymous IN (0, 1)),
  question_limit       INTEGER NOT NULL DEFAULT 5 CHECK (question_limit > 0),
  answer_limit         INTEGER NOT NULL DEFAULT 20 CHECK (answer_limit > 0),
  digest_channel_id    TEXT,
  digest_set_up_by     TEXT,
  digest_next_at       TEXT,                   -- ISO-8601 UTC of the next digest while it is on
  digest_week          TEXT,                   -- the local date (a Monday) the next digest belongs to
  digest_paused_reason TEXT,
  updated_by           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  CHECK ((channel_id IS NULL) = (channel_kind IS NULL)),
  CHECK ((digest_next_at IS NULL) = (digest_week IS NULL))
) STRICT;
CREATE INDEX qa_settings_digest_due ON qa_settings (digest_next_at) WHERE digest_next_at IS NOT NULL;

-- Questions. number is #N per server, given when the question becomes public (NULL while an
-- anonymous question waits for review). asker_id is kept for anonymous questions too, for rate
-- limits and moderation only: it is never rendered or exported for them.
-- publication: review (moderator queue) → pending (in the database, not yet on Discord) → posted;
-- or rejected. version/synced_version: the Discord message lags the database until they match.
CREATE TABLE qa_questions (
  id                 INTEGER PRIMARY KEY,
  guild_id           TEXT NOT NULL,
  number             INTEGER,
  asker_id           TEXT NOT NULL,
  anonymous          INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  text               TEXT NOT NULL,
  search_terms       TEXT NOT NULL DEFAULT '',  -- stemmed content words of text: re-ranks search hits cheaply
  status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  publication        TEXT NOT NULL CHECK (publication IN ('review', 'pending', 'posted', 'rejected')),
  locked             INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  deleted_at         TEXT,
  merged_into        INTEGER REFERENCES qa_questions (id),
  accepted_answer_id INTEGER,
  accepted_at        TEXT,
  closed_at          TEXT,
  kb_question_id     INTEGER,                  -- the /ask it came from ("Ask the community")
  kb_entry_id        TEXT,                     -- the closest knowledge-base topic when asked (stats)
  channel_id         TEXT NOT NULL,            -- where it is (to be) posted
  channel_kind       TEXT NOT NULL CHECK (channel_kind IN ('text', 'forum', 'thread')),
  message_id         TEXT,
  thread_id          TEXT,
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_attempt_at    TEXT,                     -- set while Discord still has to be brought in line
  last_error         TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  synced_version     INTEGER NOT NULL DEFAULT 0,
  promoted_entry_id  TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  CHECK ((publication = 'review') = (number IS NULL) OR publication = 'rejected'),
  CHECK ((status = 'answered') = (accepted_answer_id IS NOT NULL) OR status = 'closed')
) STRICT;
CREATE UNIQUE INDEX qa_questions_number ON qa_questions (guild_id, number);
CREATE INDEX qa_questions_asker ON qa_questions (guild_id, asker_id, created_at);
CREATE INDEX qa_questions_guild_time ON qa_questions (guild_id, created_at);
CREATE INDEX qa_questions_work ON qa_questions (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX qa_questions_message ON qa_questions (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX qa_questions_thread ON qa_questions (thread_id) WHERE thread_id IS NOT NULL;
CREATE INDEX qa_questions_review ON qa_questions (guild_id, id) WHERE publication = 'review' AND deleted_at IS NULL;

-- Answers, posted in their question's thread. delivery pending: stored, not yet on Discord.
CREATE TABLE qa_answers (
  id              INTEGER PRIMARY KEY,
  guild_id        TEXT NOT NULL,
  question_id     INTEGER NOT NULL REFERENCES qa_questions (id),
  author_id       TEXT NOT NULL,
  text            TEXT NOT NULL,
  deleted_at      TEXT,
  delivery        TEXT NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'posted')),
  channel_id      TEXT,                        -- the thread it was posted in
  message_id      TEXT,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error      TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  synced_version  INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  edited_at       TEXT,
  CHECK ((delivery = 'posted') = (message_id IS NOT NULL))
) STRICT;
CREATE INDEX qa_answers_question ON qa_answers (question_id, id);
CREATE INDEX qa_answers_author ON qa_answers (guild_id, author_id, created_at);
CREATE INDEX qa_answers_guild_time ON qa_answers (guild_id, created_at);
CREATE INDEX qa_answers_work ON qa_answers (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX qa_answers_message ON qa_answers (message_id) WHERE message_id IS NOT NULL;

-- One upvote per member per question or answer; withdrawing deletes the row. Reputation is derived
-- from these rows and from accepted answers, so it can never drift from what members see.
CREATE TABLE qa_votes (
  guild_id   TEXT NOT NULL,
  target     TEXT NOT NULL CHECK (target IN ('question', 'answer')),
  target_id  INTEGER NOT NULL,
  user_id    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (target, target_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX qa_votes_guild_time ON qa_votes (guild_id, target, created_at);

-- Members following a question (the asker is always told; followers too).
CREATE TABLE qa_follows (
  question_id INTEGER NOT NULL REFERENCES qa_questions (id),
  user_id     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (question_id, user_id)
) STRICT, WITHOUT ROWID;

-- /qa notify off.
CREATE TABLE qa_notify_optouts (
  guild_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;

-- Who is told about which answer: queued in the answer's transaction, claimed before sending, so a
-- member hears about an answer at most once even across crashes and retries.
CREATE TABLE qa_notifications (
  answer_id  INTEGER NOT NULL REFERENCES qa_answers (id),
  user_id    TEXT NOT NULL,
  may_mention INTEGER NOT NULL DEFAULT 1 CHECK (may_mention IN (0, 1)), -- 0: the anonymous asker is never mentioned in public
  state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'mentioned', 'failed')),
  created_at TEXT NOT NULL,
  sent_at    TEXT,
  PRIMARY KEY (answer_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX qa_notifications_queued ON qa_notifications (answer_id) WHERE state = 'queued';

-- A question shown with its similar ones before posting: kept until the member decides.
CREATE TABLE qa_drafts (
  id             INTEGER PRIMARY KEY,
  guild_id       TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  text           TEXT NOT NULL,
  anonymous      INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  channel_id     TEXT NOT NULL,
  channel_kind   TEXT NOT NULL CHECK (channel_kind IN ('text', 'forum', 'thread')),
  kb_question_id INTEGER,
  kb_entry_id    TEXT,
  question_id    INTEGER REFERENCES qa_questions (id), -- set once posted: a second click finds it
  created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX qa_drafts_age ON qa_drafts (created_at);

-- Moderation and automatic changes (actor 'discord' when a message was deleted on Discord).
CREATE TABLE qa_audit (
  id          INTEGER PRIMARY KEY,
  guild_id    TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  action      TEXT NOT NULL,
  question_id INTEGER,
  answer_id   INTEGER,
  details     TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX qa_audit_guild ON qa_audit (guild_id, id);
CREATE INDEX qa_audit_question ON qa_audit (question_id, id);

-- The weekly digest: one claim per (server, week) written before sending, completed with the
-- message id; the nonce makes a resend return the same message (as for the daily tips).
CREATE TABLE qa_digest_posts (
  guild_id   TEXT NOT NULL,
  week       TEXT NOT NULL,                    -- YYYY-MM-DD of the local Monday
  nonce      TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'skipped', 'abandoned')),
  attempts   INTEGER NOT NULL DEFAULT 1,
  channel_id TEXT,
  message_id TEXT,
  claimed_at TEXT NOT NULL,
  posted_at  TEXT,
  PRIMARY KEY (guild_id, week),
  CHECK ((state = 'posted') = (message_id IS NOT NULL))
) STRICT;

-- Full-text indexes, one row per public question (rowid = qa_questions.id): its text, and all its
-- answers' texts. Two tables, so the question-only search runs over short documents. scope holds
-- 'g<guild id>' for queries that must stay inside one server's rows.
CREATE VIRTUAL TABLE qa_question_fts USING fts5(
  scope, question,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);
CREATE VIRTUAL TABLE qa_answer_fts USING fts5(
  scope, answers,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
