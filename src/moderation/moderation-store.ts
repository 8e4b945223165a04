import type { SqlDatabase } from '../db/sql/dialect.js';

/** SQL for the per-server settings that several features share, on SQLite and PostgreSQL alike. */
export function createModerationStore({ kysely: db }: SqlDatabase) {
  return {
    moderatorRoleId: async (guildId: string): Promise<string | null> => {
      const row = await db.selectFrom('guild_settings').select('moderator_role_id').where('guild_id', '=', guildId).executeTakeFirst();
      return row?.moderator_role_id ?? null;
    },
    /** One statement: an upsert needs no unit of work. */
    setModeratorRole: async (guildId: string, roleId: string | null, actorId: string, at: string): Promise<void> => {
      const changes = { moderator_role_id: roleId, updated_by: actorId, updated_at: at };
      await db
        .insertInto('guild_settings')
        .values({ guild_id: guildId, ...changes })
        .onConflict((conflict) => conflict.column('guild_id').doUpdateSet(changes))
        .execute();
    },
  };
}
