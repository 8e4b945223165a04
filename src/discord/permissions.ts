import { PermissionFlagsBits, PermissionsBitField, type GuildBasedChannel, type Interaction } from 'discord.js';
import { botStandingIn } from './role-directory.js';

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

/**
 * The bot's permissions in a channel (a thread: its parent's), as discord.js's `permissionsFor` computes
 * them — owner and Administrator get all; @everyone and the bot's roles, then the channel's @everyone,
 * role and member overwrites — from the role directory instead of Role and GuildMember objects, which
 * the bot does not keep (client.ts).
 */
export function botPermissionsIn(channel: GuildBasedChannel): bigint {
  const { guild, client } = channel;
  if (client.user.id === guild.ownerId) return PermissionsBitField.All;
  const { permissions: base, roleIds } = botStandingIn(guild);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return PermissionsBitField.All;
  const source = channel.isThread() ? channel.parent : channel;
  if (!source) return 0n;
  let everyone: { allow: bigint; deny: bigint } | undefined;
  let member: { allow: bigint; deny: bigint } | undefined;
  const roles = { allow: 0n, deny: 0n };
  for (const overwrite of source.permissionOverwrites.cache.values()) {
    const bits = { allow: overwrite.allow.bitfield, deny: overwrite.deny.bitfield };
    if (overwrite.id === guild.id) everyone = bits;
    else if (roleIds.has(overwrite.id)) {
      roles.allow |= bits.allow;
      roles.deny |= bits.deny;
    } else if (overwrite.id === client.user.id) member = bits;
  }
  let permissions = base;
  for (const step of [everyone, roles, member]) if (step) permissions = (permissions & ~step.deny) | step.allow;
  return permissions;
}

/** The permissions the bot lacks in a channel, by the names members see. */
export function missingBotPermissions(channel: GuildBasedChannel, needed: readonly bigint[]): string[] {
  const granted = botPermissionsIn(channel);
  return needed.filter((flag) => (granted & flag) !== flag).map(permissionName);
}
