import type { Db } from '../db/index.js';

/** SQL for the per-server settings that several features share. */
export function createModerationStore(db: Db) {
  const selectRole = db.prepare<[string], { moderator_role_id: string | null }>('SELECT moderator_role_id FROM guild_settings WHERE guild_id = ?');
  const upsertRole = db.prepare<[string, string | null, string, string]>(
    `INSERT INTO guild_settings (guild_id, moderator_role_id, updated_by, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET moderator_role_id = excluded.moderator_role_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
  return {
    moderatorRoleId: (guildId: string): string | null => selectRole.get(guildId)?.moderator_role_id ?? null,
    setModeratorRole: (guildId: string, roleId: string | null, actorId: string, at: string): void => {
      upsertRole.run(guildId, roleId, actorId, at);
    },
  };
}
