import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../../core/errors.js';
import { missingBotPermissions } from '../../discord/permissions.js';
import { roleIn } from '../../discord/role-directory.js';

/** Without these the daily post cannot appear at all, so setup refuses the channel. */
export const TIP_CHANNEL_NEEDS = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];

/** The stored tips channel still exists and the bot can still post there. */
export async function requireChannelStillUsable(interaction: ChatInputCommandInteraction, channelId: string): Promise<void> {
  const guild = interaction.guild;
  if (!guild) throw new UserError('tips.not-in-server', 'I need to be a member of this server to post tips. Invite the bot with its install link first.');
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  if (!channel) {
    throw new UserError('tips.channel-gone', `The tips channel <#${channelId}> no longer exists or I can't see it. Pick another one with \`/tips setup\`.`);
  }
  const missing = missingBotPermissions(channel, TIP_CHANNEL_NEEDS);
  if (missing.length > 0) {
    throw new UserError(
      'tips.channel-permissions',
      `I can't post tips in <#${channelId}>: I'm missing **${missing.join('**, **')}** there. Grant them in the channel's settings → Permissions, or pick another channel with \`/tips setup\`.`,
    );
  }
}

/** What only degrades the daily post in the chosen channel: no Discuss threads, a role that will not be pinged. */
export async function setupWarnings(interaction: ChatInputCommandInteraction, channelId: string, roleId: string | undefined): Promise<string[]> {
  const guild = interaction.guild;
  const channel = guild?.channels.cache.get(channelId);
  if (!guild || !channel) return [];
  const warnings: string[] = [];
  if (missingBotPermissions(channel, [PermissionFlagsBits.CreatePublicThreads]).length > 0) {
    warnings.push('I lack **Create Public Threads** there, so the **Discuss** button cannot open threads.');
  }
  const role = roleId ? roleIn(guild, roleId) : undefined;
  if (role && !role.mentionable && missingBotPermissions(channel, [PermissionFlagsBits.MentionEveryone]).length > 0) {
    warnings.push(`<@&${roleId}> is not mentionable and I lack **Mention @everyone, @here and All Roles**, so its members will not be pinged.`);
  }
  return warnings;
}
