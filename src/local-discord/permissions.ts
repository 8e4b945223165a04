import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelRecord, GuildRecord } from './state/records.js';

const P = PermissionFlagsBits;

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What a user may do in a DM with the bot. */
export const DM_PERMISSIONS: bigint =
  P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.AddReactions | P.UseExternalEmojis;

/** @everyone's permissions on a new guild (Discord's defaults). */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  P.ViewChannel |
  P.CreateInstantInvite |
  P.ChangeNickname |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseExternalStickers |
  P.ReadMessageHistory |
  P.UseApplicationCommands |
  P.Connect |
  P.Speak |
  P.Stream |
  P.UseVAD |
  P.SendVoiceMessages |
  P.SendPolls |
  P.UseEmbeddedActivities;

/** Guild-level permissions: @everyone ∪ the member's roles; owner and Administrator get everything. */
export function basePermissions(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  if (!member) return 0n;
  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roles) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  if ((permissions & P.Administrator) === P.Administrator) return ALL_PERMISSIONS;
  return permissions;
}

/**
 * Channel permissions the way Discord computes them: base, then the @everyone overwrite, then all role overwrites
 * combined (deny then allow), then the member overwrite. Threads use their parent's overwrites.
 */
export function channelPermissions(
  guild: GuildRecord,
  channel: ChannelRecord,
  userId: string,
  parentOf: (id: string) => ChannelRecord | undefined,
): bigint {
  const base = basePermissions(guild, userId);
  if ((base & P.Administrator) === P.Administrator) return ALL_PERMISSIONS;
  const source = channel.thread && channel.parentId ? (parentOf(channel.parentId) ?? channel) : channel;
  const member = guild.members.get(userId);
  let permissions = base;

  const everyone = source.overwrites.find((o) => o.id === guild.id);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);

  let allow = 0n;
  let deny = 0n;
  for (const overwrite of source.overwrites) {
    if (overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && member?.roles.includes(overwrite.id)) {
      allow |= BigInt(overwrite.allow);
      deny |= BigInt(overwrite.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;

  const own = source.overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);

  return applyImplicit(permissions, channel.thread !== null);
}

/** Discord's implicit rules: no ViewChannel → nothing; no send right → no mentions, TTS, files or embeds. */
function applyImplicit(permissions: bigint, inThread: boolean): bigint {
  if ((permissions & P.ViewChannel) === 0n) return 0n;
  const send = inThread ? P.SendMessagesInThreads : P.SendMessages;
  if ((permissions & send) === 0n) {
    return permissions & ~(P.MentionEveryone | P.SendTTSMessages | P.AttachFiles | P.EmbedLinks);
  }
  return permissions;
}

export function has(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}
