import type { Interaction } from 'discord.js';
import type { Actor } from '../moderation/service.js';
import { checkedGuildId } from './permissions.js';

/** The acting member as the moderation rules see them, read from the interaction payload. */
export function actorOf(interaction: Interaction): Actor {
  const guildId = checkedGuildId(interaction);
  const member = interaction.member;
  const roleIds = member ? (Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]) : [];
  return { guildId, userId: interaction.user.id, permissions: interaction.memberPermissions?.bitfield ?? 0n, roleIds };
}
