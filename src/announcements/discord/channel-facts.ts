import { ChannelType } from 'discord-api-types/v10';
import type { Guild } from 'discord.js';
import { botPermissionsIn } from '../../discord/permissions.js';
import { roleIn } from '../../discord/role-directory.js';
import type { Ping } from '../announcement.js';
import type { ChannelFacts } from '../channel-check.js';

/**
 * Reads what channel-check.ts needs from discord.js's cache (guilds, channels) and the role directory
 * (roles, the bot's permissions). Nothing here decides anything.
 */
export async function channelFacts(guild: Guild | null, channelId: string, ping: Ping): Promise<ChannelFacts> {
  if (!guild) return { kind: 'unknown', botPermissions: 0n };
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  if (!channel) return { kind: 'unknown', botPermissions: 0n };
  const kind = channel.type === ChannelType.GuildAnnouncement ? 'announcement' : channel.type === ChannelType.GuildText ? 'text' : 'other';
  const botPermissions = botPermissionsIn(channel);
  if (ping.kind !== 'role') return { kind, botPermissions };
  const role = roleIn(guild, ping.roleId);
  return { kind, botPermissions, role: role ? { mentionable: role.mentionable } : null };
}
