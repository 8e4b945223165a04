-- Moderator announcements (issue 7): drafts, the schedule, posts and their audit trail.

-- Per-server choice of the two-person rule (a second moderator approves every post or schedule).
CREATE TABLE announcement_settings (
  guild_id         TEXT PRIMARY KEY,
  require_approval INTEGER NOT NULL CHECK (require_approval IN (0, 1)),
  updated_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

-- One row per announcement, from the private draft (its id travels in custom_ids, which cannot hold
-- a 4,000-character body) to the posted message. Times are ISO-8601 UTC, fixed width, so text order
-- is time order.
--   draft → pending (awaiting approval) → scheduled → posting (claimed: nonce written before the send)
--   → posted; or cancelled, rejected, missed (more than an hour late), failed (Discord refused it).
CREATE TABLE announcements (
  id           INTEGER PRIMARY KEY,
  guild_id     TEXT NOT NULL,
  author_id    TEXT NOT NULL,
  channel_id   TEXT NOT NULL,
  title        TEXT,
  body         TEXT NOT NULL DEFAULT '',
  revision     INTEGER NOT NULL DEFAULT 0,             -- +1 on every text change: a stale preview cannot post or approve
  ping         TEXT NOT NULL CHECK (ping IN ('none', 'role', 'everyone')),
  role_id      TEXT,                                   -- the only role a post may ping
  publish      INTEGER NOT NULL CHECK (publish IN (0, 1)),
  post_at      TEXT,                                   -- NULL: as soon as confirmed (or approved)
  time_zone    TEXT,                                   -- the zone `at:` was given in, for display
  status       TEXT NOT NULL CHECK (status IN ('draft', 'pending', 'scheduled', 'posting', 'posted', 'cancelled', 'rejected', 'missed', 'failed')),
  nonce        TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  claimed_at   TEXT,
  message_id   TEXT,
  posted_at    TEXT,
  published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  approved_by  TEXT,
  outcome_note TEXT,                                   -- why it was missed or failed
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK ((ping = 'role') = (role_id IS NOT NULL)),
  CHECK ((status = 'posted') = (message_id IS NOT NULL)),
  CHECK (status <> 'posting' OR (nonce IS NOT NULL AND post_at IS NOT NULL)),
  CHECK (status <> 'scheduled' OR post_at IS NOT NULL)
) STRICT;
CREATE INDEX announcements_due ON announcements (post_at) WHERE status IN ('pending', 'scheduled', 'posting');
CREATE INDEX announcements_guild ON announcements (guild_id, status, id);
CREATE INDEX announcements_drafts ON announcements (updated_at) WHERE status = 'draft';

-- Who did what to which announcement, and when: created, edited, approved, rejected, posted,
-- cancelled, missed, failed. actor_id is 'system' for what the scheduler did on its own.
CREATE TABLE announcement_audit (
  id              INTEGER PRIMARY KEY,
  guild_id        TEXT NOT NULL,
  announcement_id INTEGER NOT NULL REFERENCES announcements (id),
  actor_id        TEXT NOT NULL,
  action          TEXT NOT NULL,
  details         TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX announcement_audit_guild ON announcement_audit (guild_id, id);
CREATE INDEX announcement_audit_announcement ON announcement_audit (announcement_id, id);
