import { ChannelType, PermissionFlagsBits, type Interaction } from 'discord.js';
import { UserError } from '../../core/errors.js';
import { permissionName } from '../../discord/permissions.js';
import type { PostTarget } from '../types.js';

const THREADS = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);
const TEXT = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/**
 * A question asked where no Q&A channel is set up goes to the channel it is asked in (a message and
 * a thread on it; inside a thread, the message only). The current channel is checked here, since it
 * was never checked by /qa setup.
 */
export function currentChannelTarget(interaction: Interaction): PostTarget {
  const channelId = interaction.channelId;
  const type = interaction.channel?.type;
  if (!channelId || (type !== undefined && !TEXT.has(type) && !THREADS.has(type))) {
    throw new UserError('qa.no-channel', 'I cannot post questions in this channel. Ask in a text channel, or ask a moderator to pick one with `/qa setup channel:`.');
  }
  const kind = type !== undefined && THREADS.has(type) ? 'thread' : 'text';
  const needed = kind === 'thread'
    ? [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessagesInThreads, PermissionFlagsBits.EmbedLinks]
    : [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.CreatePublicThreads, PermissionFlagsBits.SendMessagesInThreads];
  const granted = interaction.appPermissions;
  const missing = granted ? needed.filter((flag) => !granted.has(flag)).map(permissionName) : [];
  if (missing.length > 0) {
    throw new UserError('qa.channel-permissions', `I cannot post your question here: I'm missing **${missing.join('**, **')}** in this channel. Ask in another channel, or ask a moderator to set up \`/qa setup channel:\`.`);
  }
  return { channelId, kind };
}
