-- Issue 16: what /ask could not answer well, per server, for /kb review: questions with no confident
-- answer (miss), those whose closest topic was just under the threshold (near-miss), and answers a
-- member voted "Not helpful" (unhelpful). A moderator resolves a group of them by adding its
-- wording as an alias or drafting an entry, or dismisses it: resolved rows leave the review list.
CREATE TABLE kb_review_signals (
  id          INTEGER PRIMARY KEY,
  guild_id    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('miss', 'near-miss', 'unhelpful')),
  question_id INTEGER NOT NULL, -- kb_questions.id
  question    TEXT NOT NULL,
  entry_id    TEXT,             -- the closest topic (near-miss) or the answer voted down (unhelpful)
  score       REAL,
  user_id     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  resolved_at TEXT,
  resolution  TEXT CHECK (resolution IN ('alias', 'entry', 'dismissed')),
  CHECK ((resolved_at IS NULL) = (resolution IS NULL))
) STRICT;
CREATE INDEX kb_review_signals_open ON kb_review_signals (guild_id, resolved_at, id);
-- One "Not helpful" per member per answered question: a second click is the same vote.
CREATE UNIQUE INDEX kb_review_signals_vote ON kb_review_signals (guild_id, question_id, user_id) WHERE kind = 'unhelpful';

-- A server's own aliases: this wording (normalised, see src/knowledge/wording.ts) answers with this entry there.
CREATE TABLE kb_guild_aliases (
  guild_id   TEXT NOT NULL,
  wording    TEXT NOT NULL,
  phrase     TEXT NOT NULL, -- one wording as a member wrote it, for people to read
  entry_id   TEXT NOT NULL,
  added_by   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, wording)
) STRICT;
