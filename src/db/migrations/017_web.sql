-- Issue 18: a server's public web archive of its accepted answers and its own knowledge-base entries.
-- Nothing is public until a moderator turns the site on (enabled = 1); the pages read the Q&A and
-- knowledge tables live on each request, so these tables hold only the server's choices.

-- One row per server that ever set its site up. slug is the path under /c/ (unique across servers).
CREATE TABLE web_sites (
  guild_id   TEXT PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 2 AND 40),
  title      TEXT NOT NULL,             -- the server's name as the pages show it
  enabled    INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL              -- the last on/off or rename: pages' Last-Modified never predates it
) STRICT;

-- What a moderator kept off the site: a question (by its number) or an entry (by its id).
CREATE TABLE web_exclusions (
  guild_id    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('question', 'entry')),
  target      TEXT NOT NULL,
  excluded_by TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (guild_id, kind, target)
) STRICT, WITHOUT ROWID;

-- Members who agreed to be shown by name on the site (/qa web name on), with the name they agreed
-- to: everyone else is "a member". Turning it off deletes the row.
CREATE TABLE web_public_names (
  guild_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT, WITHOUT ROWID;
