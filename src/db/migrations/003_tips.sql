-- Daily tips. All schedule state lives here, so a restart loses nothing and any tick can resume.

-- One schedule per server. next_post_at (ISO-8601 UTC, fixed width so text order = time order) and
-- next_local_date describe the next post while active; both NULL when paused or disabled.
CREATE TABLE tip_schedules (
  guild_id        TEXT PRIMARY KEY,
  guild_name      TEXT,
  channel_id      TEXT NOT NULL,
  local_time      TEXT NOT NULL,                       -- HH:MM wall-clock time
  time_zone       TEXT NOT NULL,                       -- IANA zone
  days            TEXT NOT NULL CHECK (days IN ('daily', 'weekdays')),
  role_id         TEXT,                                -- the only mention a post may make
  status          TEXT NOT NULL CHECK (status IN ('active', 'paused', 'disabled')),
  pause_reason    TEXT,
  next_post_at    TEXT,
  next_local_date TEXT,
  set_up_by       TEXT NOT NULL,                       -- user id; told once when posting fails for good
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK ((status = 'active') = (next_post_at IS NOT NULL AND next_local_date IS NOT NULL))
) STRICT;
CREATE INDEX tip_schedules_due ON tip_schedules (next_post_at) WHERE status = 'active';

-- Who changed a server's tip settings, when, and what (JSON). actor_id 'system' for automatic pauses.
CREATE TABLE tip_settings_audit (
  id         INTEGER PRIMARY KEY,
  guild_id   TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  action     TEXT NOT NULL,
  details    TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX tip_settings_audit_guild ON tip_settings_audit (guild_id, id);

-- Exactly one post per server per local date: the claim is written before sending and completed
-- with the message id. The nonce (derived from guild and date) makes a resend return the same message.
-- Posted rows are also the rotation's memory: which tips a server has already seen.
CREATE TABLE tip_posts (
  guild_id   TEXT NOT NULL,
  local_date TEXT NOT NULL,                            -- YYYY-MM-DD in the server's zone
  tip_id     TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('claimed', 'posted', 'abandoned')),
  attempts   INTEGER NOT NULL DEFAULT 1,
  channel_id TEXT,
  message_id TEXT,
  claimed_at TEXT NOT NULL,
  posted_at  TEXT,
  PRIMARY KEY (guild_id, local_date),
  CHECK ((state = 'posted') = (message_id IS NOT NULL))
) STRICT;
CREATE INDEX tip_posts_rotation ON tip_posts (guild_id, tip_id) WHERE state = 'posted';

-- Tips members saved with the Save button (listed by /tip saved).
CREATE TABLE tip_saved (
  user_id  TEXT NOT NULL,
  tip_id   TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  PRIMARY KEY (user_id, tip_id)
) STRICT;
