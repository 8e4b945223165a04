import type { Clock } from '../core/clock.js';
import type { SqlDatabase } from '../db/sql/dialect.js';
import { createModerationStore } from './moderation-store.js';

/** What the bot knows about the member acting, from the interaction (no member cache needed). */
export interface Actor {
  readonly guildId: string;
  readonly userId: string;
  /** Discord's computed permissions of the member in the channel. */
  readonly permissions: bigint;
  readonly roleIds: readonly string[];
}

export type ModerationService = ReturnType<typeof createModerationService>;

/**
 * Who counts as a moderator: members with the Discord permission a feature names (Manage Server for
 * announcements, Manage Messages for Q&A), or with the server's moderator role. Checked on the bot's
 * side (the `moderator` precondition), since server admins can change who sees a command. The role
 * is read from the shared database each time, so a change on one host holds on every host at once.
 */
export function createModerationService({ database, clock }: { database: SqlDatabase; clock: Clock }) {
  const store = createModerationStore(database);
  const isModerator = async (actor: Actor, permission: bigint): Promise<boolean> => {
    // The permission alone decides most checks: no query for them.
    if ((actor.permissions & permission) === permission) return true;
    const roleId = await store.moderatorRoleId(actor.guildId);
    return roleId !== null && actor.roleIds.includes(roleId);
  };
  return {
    moderatorRoleId: (guildId: string): Promise<string | null> => store.moderatorRoleId(guildId),
    setModeratorRole(guildId: string, roleId: string | null, actorId: string): Promise<void> {
      return store.setModeratorRole(guildId, roleId, actorId, clock.now().toISOString());
    },
    isModerator,
  };
}
