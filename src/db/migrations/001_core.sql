-- Small facts the bot keeps about itself (e.g. the hash of the last command sync).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
