import {
  PermissionFlagsBits,
  PermissionsBitField,
  type GuildBasedChannel,
  type GuildMember,
  type Interaction,
} from 'discord.js';

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
  [PermissionFlagsBits.ManageThreads, 'Manage Threads'],
  [PermissionFlagsBits.ManageChannels, 'Manage Channels'],
  [PermissionFlagsBits.ManageGuild, 'Manage Server'],
  [PermissionFlagsBits.MentionEveryone, 'Mention @everyone, @here and All Roles'],
]);

export function permissionName(flag: bigint): string {
  return PERMISSION_NAMES.get(flag) ?? new PermissionsBitField(flag).toArray().join(', ');
}

/**
 * The server of an interaction the router let through a guild-only precondition: here only the type
 * narrows. Reaching this from a DM means a command forgot to declare it, which is a bug.
 */
export function checkedGuildId(interaction: Interaction): string {
  if (!interaction.inGuild()) throw new Error(`interaction ${interaction.id} reached a server-only handler from a DM: declare guildOnly`);
  return interaction.guildId;
}

/** The permissions the bot lacks in a channel, computed from the cached roles and overwrites. */
export function missingBotPermissions(channel: GuildBasedChannel, me: GuildMember, needed: readonly bigint[]): string[] {
  const granted = channel.permissionsFor(me);
  return needed.filter((flag) => !granted.has(flag)).map(permissionName);
}
