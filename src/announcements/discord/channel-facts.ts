import { ChannelType } from 'discord-api-types/v10';
import type { Guild } from 'discord.js';
import type { Ping } from '../announcement.js';
import type { ChannelFacts } from '../channel-check.js';

/**
 * Reads what channel-check.ts needs from discord.js's cache (guilds, channels and roles are cached;
 * the bot's own member is fetched once if missing). Nothing here decides anything.
 */
export async function channelFacts(guild: Guild | null, channelId: string, ping: Ping): Promise<ChannelFacts> {
  if (!guild) return { kind: 'unknown', botPermissions: 0n };
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  if (!channel) return { kind: 'unknown', botPermissions: 0n };
  const kind = channel.type === ChannelType.GuildAnnouncement ? 'announcement' : channel.type === ChannelType.GuildText ? 'text' : 'other';
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const botPermissions = channel.permissionsFor(me).bitfield;
  if (ping.kind !== 'role') return { kind, botPermissions };
  const role = guild.roles.cache.get(ping.roleId);
  return { kind, botPermissions, role: role ? { mentionable: role.mentionable } : null };
}
