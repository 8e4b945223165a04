import {
  PermissionFlagsBits,
  PermissionsBitField,
  type GuildBasedChannel,
  type GuildMember,
  type Interaction,
} from 'discord.js';
import { UserError } from '../core/errors.js';

/** Discord's names for the permissions the bot talks about, as members see them in server settings. */
const PERMISSION_NAMES = new Map<bigint, string>([
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.AttachFiles, 'Attach Files'],
  [PermissionFlagsBits.ReadMessageHistory, 'Read Message History'],
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.ManageMessages, 'Manage Messages'],
  [PermissionFlagsBits.ManageGuild, 'Manage Server'],
  [PermissionFlagsBits.MentionEveryone, 'Mention @everyone, @here and All Roles'],
]);

export function permissionName(flag: bigint): string {
  return PERMISSION_NAMES.get(flag) ?? new PermissionsBitField(flag).toArray().join(', ');
}

/** The guild id of a server interaction, or a clear refusal in DMs. */
export function requireGuildId(interaction: Interaction): string {
  if (!interaction.inGuild()) {
    throw new UserError('guild-only', 'This command works inside a server, not in direct messages.');
  }
  return interaction.guildId;
}

/**
 * Checked on the bot's side as well as through the command's default permissions, because server
 * admins can change who sees a command in Server Settings → Integrations.
 */
export function requireMemberPermission(interaction: Interaction, flag: bigint): void {
  requireGuildId(interaction);
  if (!interaction.memberPermissions?.has(flag)) {
    throw new UserError('missing-permission', `You need the **${permissionName(flag)}** permission to do this.`);
  }
}

/** The permissions the bot lacks in a channel, computed from the cached roles and overwrites. */
export function missingBotPermissions(channel: GuildBasedChannel, me: GuildMember, needed: readonly bigint[]): string[] {
  const granted = channel.permissionsFor(me);
  return needed.filter((flag) => !granted.has(flag)).map(permissionName);
}
