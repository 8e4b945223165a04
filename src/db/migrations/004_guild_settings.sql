-- Per-server settings shared by several features, such as the moderator role that may use the
-- moderators' commands besides members with Discord's own permissions.
CREATE TABLE guild_settings (
  guild_id          TEXT PRIMARY KEY,
  moderator_role_id TEXT,
  updated_by        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;
