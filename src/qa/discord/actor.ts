import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { QaContext } from './context.js';
import { actorOf } from '../../discord/actor.js';
import type { QaActor } from '../types.js';

/**
 * The member acting on Q&A and their server. Q&A moderators have Manage Messages or the server's
 * moderator role (`/qa setup moderator-role:`). Refuses DMs: questions belong to a server.
 */
export async function qaActor(interaction: Interaction, context: QaContext): Promise<QaActor & { guildId: string }> {
  const actor = actorOf(interaction);
  return { guildId: actor.guildId, userId: actor.userId, moderator: await context.moderation.isModerator(actor, PermissionFlagsBits.ManageMessages) };
}
