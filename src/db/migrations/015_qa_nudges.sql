-- Issue 15: an asker whose question has answers but none accepted after N days gets one private
-- nudge listing them. The setting is per server (NULL: off; a server that never ran /qa setup gets
-- the code's default). qa_nudges holds one row per question, claimed before the DM is sent, so a
-- crash or a second shard can never nudge the same question twice.
ALTER TABLE qa_settings ADD COLUMN nudge_after_days INTEGER DEFAULT 3 CHECK (nudge_after_days IS NULL OR nudge_after_days BETWEEN 1 AND 60);

CREATE TABLE qa_nudges (
  question_id INTEGER PRIMARY KEY REFERENCES qa_questions (id),
  guild_id    TEXT NOT NULL,
  asker_id    TEXT NOT NULL,
  -- claimed: being sent (a crash resumes it); sent; undeliverable: DMs closed (never retried);
  -- skipped: nothing left to nudge about when it was due (accepted, closed, opted out).
  state       TEXT NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'sent', 'undeliverable', 'skipped')),
  nonce       TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 1,
  claimed_at  TEXT NOT NULL,
  channel_id  TEXT,
  message_id  TEXT,
  sent_at     TEXT
) STRICT;
CREATE INDEX qa_nudges_claimed ON qa_nudges (guild_id) WHERE state = 'claimed';
