import type { GuildMember, Interaction } from 'discord.js';
import type { Actor } from '../moderation/service.js';
import { checkedGuildId } from './permissions.js';

/**
 * A member's role ids as Discord sent them. `roles.cache` lists only the roles discord.js keeps
 * (@everyone and the bot's own, client.ts); the ids themselves sit on the member, unexposed by its typings.
 */
function roleIdsOf(member: GuildMember): readonly string[] {
  const ids = (member as unknown as { readonly _roles?: unknown })._roles;
  return Array.isArray(ids) ? (ids as string[]) : [...member.roles.cache.keys()];
}

/** The acting member as the moderation rules see them, read from the interaction payload. */
export function actorOf(interaction: Interaction): Actor {
  const guildId = checkedGuildId(interaction);
  const member = interaction.member;
  const roleIds = member ? (Array.isArray(member.roles) ? member.roles : roleIdsOf(member as GuildMember)) : [];
  return { guildId, userId: interaction.user.id, permissions: interaction.memberPermissions?.bitfield ?? 0n, roleIds };
}
