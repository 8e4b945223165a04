import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { DM_PERMISSIONS, channelPermissions, has } from '../permissions.js';
import type { ChannelRecord } from '../state/records.js';

/** A user's permissions in a channel (DMs: the usual DM set for its two participants). */
export function permissionsIn(core: Core, channel: ChannelRecord, userId: string): bigint {
  if (!channel.guildId) {
    return channel.type === ChannelType.DM && (channel.recipientId === userId || userId === core.bot.id) ? DM_PERMISSIONS : 0n;
  }
  const guild = core.state.guilds.get(channel.guildId);
  if (!guild) return 0n;
  return channelPermissions(guild, channel, userId, (id) => core.state.channels.get(id));
}

/** Throw Discord's 403s: no ViewChannel → 50001 Missing Access; any other missing bit → 50013 Missing Permissions. */
export function requirePermissions(core: Core, channel: ChannelRecord, needed: bigint, userId: string = core.bot.id): bigint {
  const permissions = permissionsIn(core, channel, userId);
  if (!has(permissions, PermissionFlagsBits.ViewChannel)) throw Errors.missingAccess();
  if (!has(permissions, needed)) throw Errors.missingPermissions();
  return permissions;
}

export function botCanView(core: Core, channel: ChannelRecord): boolean {
  return has(permissionsIn(core, channel, core.bot.id), PermissionFlagsBits.ViewChannel);
}

/**
 * Whether the bot hears a channel's MESSAGE_CREATE/UPDATE/DELETE: Discord sends them only for channels it can
 * view, and for a private thread only when it is a member or has Manage Threads (topics/threads, Gateway Events).
 */
export function botHearsMessagesIn(core: Core, channel: ChannelRecord): boolean {
  if (!channel.guildId) return true;
  const permissions = permissionsIn(core, channel, core.bot.id);
  if (!has(permissions, PermissionFlagsBits.ViewChannel)) return false;
  if (channel.type !== ChannelType.PrivateThread) return true;
  return Boolean(channel.thread?.memberIds.has(core.bot.id)) || has(permissions, PermissionFlagsBits.ManageThreads);
}

export function isTextBased(channel: ChannelRecord): boolean {
  return [
    ChannelType.GuildText,
    ChannelType.GuildAnnouncement,
    ChannelType.GuildVoice,
    ChannelType.DM,
    ChannelType.PublicThread,
    ChannelType.PrivateThread,
    ChannelType.AnnouncementThread,
  ].includes(channel.type);
}
