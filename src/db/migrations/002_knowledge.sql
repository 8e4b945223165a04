-- Knowledge-base entries: the shipped ones (guild_id NULL, loaded from data/knowledge/) and
-- server-local ones promoted from community answers (guild_id set).
CREATE TABLE kb_entries (
  rowid        INTEGER PRIMARY KEY,
  id           TEXT NOT NULL,
  guild_id     TEXT,
  title        TEXT NOT NULL,
  summary      TEXT NOT NULL,
  body         TEXT NOT NULL,
  aliases      TEXT NOT NULL DEFAULT '[]', -- JSON array
  tags         TEXT NOT NULL DEFAULT '[]', -- JSON array
  related      TEXT NOT NULL DEFAULT '[]', -- JSON array of ids
  source_title TEXT,
  source_url   TEXT,
  author_id    TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE UNIQUE INDEX kb_entries_scope_id ON kb_entries (coalesce(guild_id, ''), id);

-- Full-text index over the entries; rowid = kb_entries.rowid. Columns are weighted in the query.
CREATE VIRTUAL TABLE kb_fts USING fts5(
  title, aliases, tags, summary, body,
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Every /ask: what members ask, what matched and how well (stats, and what the KB lacks).
CREATE TABLE kb_questions (
  id         INTEGER PRIMARY KEY,
  guild_id   TEXT,
  user_id    TEXT NOT NULL,
  question   TEXT NOT NULL,
  entry_id   TEXT,
  score      REAL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX kb_questions_guild_time ON kb_questions (guild_id, created_at);

-- Helpful / not helpful, one vote per member per entry (a second click changes the vote).
CREATE TABLE kb_feedback (
  guild_id   TEXT NOT NULL DEFAULT '',
  entry_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  created_at TEXT NOT NULL,
  PRIMARY KEY (guild_id, entry_id, user_id)
) STRICT;
