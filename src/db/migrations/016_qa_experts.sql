-- Issue 15: expert routing. Members opt in to topics (knowledge-base tags) per server; a new question
-- whose topics match is shown privately to a few of them, and an unanswered one escalates once.

-- /qa expertise: a member's topics in a server. Opting out deletes the member's rows.
CREATE TABLE qa_expert_topics (
  guild_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  topic      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, user_id, topic)
) STRICT, WITHOUT ROWID;
CREATE INDEX qa_expert_topics_topic ON qa_expert_topics (guild_id, topic);

-- /qa setup expert-limit / escalate-after; a server without a row has the defaults.
-- escalate_after_hours 0: unanswered questions never escalate.
CREATE TABLE qa_expert_settings (
  guild_id             TEXT PRIMARY KEY,
  daily_limit          INTEGER NOT NULL CHECK (daily_limit BETWEEN 1 AND 50),
  escalate_after_hours INTEGER NOT NULL CHECK (escalate_after_hours BETWEEN 0 AND 720),
  updated_by           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;

-- One row per question once it was routed (a posted question without one is new). escalate_at is
-- fixed when routed (NULL: escalation was off); escalation is claimed by setting escalated_at once,
-- and says where it went. Questions that existed before this migration are marked done.
CREATE TABLE qa_expert_routes (
  question_id        INTEGER PRIMARY KEY REFERENCES qa_questions (id),
  guild_id           TEXT NOT NULL,
  topics             TEXT NOT NULL,              -- JSON array of the question's topics
  routed_at          TEXT NOT NULL,
  escalate_at        TEXT,
  escalated_at       TEXT,
  escalation         TEXT CHECK (escalation IN ('experts', 'moderators', 'nobody', 'not-needed', 'before-routing')),
  escalation_post    TEXT CHECK (escalation_post IN ('claimed', 'sent', 'failed')),  -- the moderators' post, claimed before it is sent
  escalation_nonce   TEXT,
  escalation_message TEXT,
  CHECK ((escalated_at IS NULL) = (escalation IS NULL))
) STRICT;
CREATE INDEX qa_expert_routes_escalate ON qa_expert_routes (escalate_at) WHERE escalated_at IS NULL AND escalate_at IS NOT NULL;
CREATE INDEX qa_expert_routes_posting ON qa_expert_routes (guild_id) WHERE escalation_post = 'claimed';

INSERT INTO qa_expert_routes (question_id, guild_id, topics, routed_at, escalated_at, escalation)
  SELECT id, guild_id, '[]', created_at, created_at, 'before-routing' FROM qa_questions;

-- Each private notification to an expert, claimed (with its nonce) before the DM is sent: one per
-- member per question, ever. day (UTC) counts the member's notifications against the server's
-- daily limit; failed ones (DMs closed) do not count but still move the member back in the rotation.
CREATE TABLE qa_expert_notifications (
  question_id INTEGER NOT NULL REFERENCES qa_questions (id),
  user_id     TEXT NOT NULL,
  guild_id    TEXT NOT NULL,
  stage       TEXT NOT NULL CHECK (stage IN ('new', 'escalation')),
  day         TEXT NOT NULL,
  nonce       TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'claimed' CHECK (state IN ('claimed', 'sent', 'failed')),
  claimed_at  TEXT NOT NULL,
  sent_at     TEXT,
  PRIMARY KEY (question_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX qa_expert_notifications_member ON qa_expert_notifications (guild_id, user_id, day);
CREATE INDEX qa_expert_notifications_claimed ON qa_expert_notifications (claimed_at) WHERE state = 'claimed';
