import { ChannelType } from 'discord-api-types/v10';
import type { APIPartialInteractionGuild, ChannelFlags, GuildFeature, GuildMemberFlags, Locale, RoleFlags, UserFlags } from 'discord-api-types/v10';
import type { APIChannel, APIDMChannel, APIGroupDMChannel, APIGuildForumTag, APIGuildMember, APIRole, APIUser, APIThreadChannel } from 'discord-api-types/v10';
import type { ChannelRecord, ForumTagRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord } from './state/records.js';

/** A user object as Discord sends it everywhere (message authors, members, interactions, DM recipients). */
export function userPayload(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: null,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    primary_guild: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function rolePayload(role: RoleRecord): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0 as RoleFlags,
  };
}

/** A member with its user, as GUILD_CREATE, member events and REST send it (avatar and banner always present). */
export type MemberPayload = APIGuildMember & { user: APIUser; avatar: string | null; banner: string | null };

export function memberPayload(member: MemberRecord, user: UserRecord): MemberPayload {
  return {
    user: userPayload(user),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Discord sends no `name` on a DM channel (neither does its spec); discord-api-types declares it as null. */
export type DMChannelPayload = Omit<APIDMChannel, 'name'>;
export type GuildChannelPayload = Exclude<APIChannel, APIDMChannel | APIGroupDMChannel>;

/** A channel object as Discord returns it from REST, in interactions and in CHANNEL_* / GUILD_CREATE. */
export function channelPayload(channel: ChannelRecord, users: (id: string) => UserRecord | undefined): GuildChannelPayload | DMChannelPayload {
  if (channel.type === ChannelType.DM) {
    const recipient = channel.recipientId ? users(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: ChannelType.DM,
      last_message_id: channel.lastMessageId,
      recipients: recipient ? [userPayload(recipient)] : [],
      flags: 0 as ChannelFlags,
    };
  }
  return guildChannelPayload(channel);
}

/** A guild channel or thread. */
export function guildChannelPayload(channel: ChannelRecord): GuildChannelPayload {
  return channel.thread ? threadPayload(channel) : nonThreadChannelPayload(channel);
}

/** A thread as Discord sends it (REST, THREAD_CREATE/UPDATE, GUILD_CREATE's threads). */
export function threadPayload(channel: ChannelRecord): APIThreadChannel {
  const thread = channel.thread;
  if (!thread) throw new Error(`channel ${channel.id} is not a thread`);
  const payload: APIThreadChannel = {
    id: channel.id,
    type: channel.type as ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread,
    guild_id: channel.guildId ?? undefined,
    parent_id: channel.parentId ?? undefined,
    owner_id: thread.ownerId,
    name: channel.name ?? '',
    last_message_id: channel.lastMessageId,
    message_count: thread.messageCount,
    member_count: thread.memberIds.size,
    total_message_sent: thread.totalMessageSent,
    rate_limit_per_user: 0,
    thread_metadata: {
      archived: thread.archived,
      auto_archive_duration: thread.autoArchiveDuration as 60 | 1440 | 4320 | 10080,
      archive_timestamp: thread.archiveTimestamp,
      locked: thread.locked,
      create_timestamp: thread.createdAt,
      ...(channel.type === ChannelType.PrivateThread ? { invitable: thread.invitable } : {}),
    },
    applied_tags: [...thread.appliedTags],
    flags: channel.flags as ChannelFlags,
  };
  return payload;
}

/** A guild channel that is not a thread. */
export function nonThreadChannelPayload(channel: ChannelRecord): Exclude<GuildChannelPayload, APIThreadChannel> {
  if (channel.type === ChannelType.DM || channel.thread) throw new Error(`channel ${channel.id} is not a guild channel`);
  const base = {
    id: channel.id,
    guild_id: channel.guildId ?? undefined,
    name: channel.name ?? '',
    position: channel.position,
    parent_id: channel.parentId,
    nsfw: channel.nsfw,
    permission_overwrites: channel.overwrites.map((o) => ({ ...o })),
    flags: channel.flags as ChannelFlags,
  };
  switch (channel.type) {
    case ChannelType.GuildCategory:
      return { ...base, parent_id: null, type: ChannelType.GuildCategory };
    case ChannelType.GuildVoice:
      return {
        ...base,
        type: ChannelType.GuildVoice,
        bitrate: 64_000,
        user_limit: 0,
        rtc_region: null,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
      };
    case ChannelType.GuildForum:
      return {
        ...base,
        type: ChannelType.GuildForum,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        default_auto_archive_duration: 4320,
        default_thread_rate_limit_per_user: 0,
        available_tags: channel.availableTags.map(forumTagPayload),
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
      };
    case ChannelType.GuildAnnouncement:
      return {
        ...base,
        type: ChannelType.GuildAnnouncement,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        default_auto_archive_duration: 4320,
      };
    default:
      return {
        ...base,
        type: ChannelType.GuildText,
        topic: channel.topic,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: 0,
        default_auto_archive_duration: 4320,
      };
  }
}

export function forumTagPayload(tag: ForumTagRecord): APIGuildForumTag {
  return { id: tag.id, name: tag.name, moderated: tag.moderated, emoji_id: null, emoji_name: tag.emojiName };
}

/** The partial guild attached to interactions. */
export function interactionGuildPayload(guild: GuildRecord): APIPartialInteractionGuild {
  return { id: guild.id, locale: guild.locale as Locale, features: [...guild.features] as GuildFeature[] };
}
