import type { APIAllowedMentions, APIMessage, APIOverwrite, ChannelType } from 'discord-api-types/v10';

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** The user refuses DMs from the bot (POST to their DM channel → 50007). */
  dmsBlocked: boolean;
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  managed: boolean;
}

export interface MemberRecord {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  features: string[];
  createdAt: number;
  joinedAt: string;
  roles: Map<string, RoleRecord>;
  /** Channels and threads of the guild, in creation order. */
  channelIds: Set<string>;
  members: Map<string, MemberRecord>;
  /** False once the bot was removed: the guild is then invisible to it. */
  botPresent: boolean;
  /** Where Discord posts system messages (joins, boosts); bots use it to reach the server's staff. */
  systemChannelId?: string | null;
}

export interface ThreadState {
  ownerId: string;
  archived: boolean;
  locked: boolean;
  invitable: boolean;
  /** Minutes of inactivity after which Discord archives the thread: 60, 1440, 4320 or 10080. */
  autoArchiveDuration: number;
  createdAt: string;
  /** When archived last changed (creation, archiving, unarchiving, a new auto_archive_duration). */
  archiveTimestamp: string;
  /** World-clock ms of the last activity: a message, unarchiving, or a new auto_archive_duration. */
  lastActivityAt: number;
  /** Forum posts: ids of the forum's tags applied to this post (at most 5). */
  appliedTags: string[];
  messageCount: number;
  totalMessageSent: number;
  memberIds: Set<string>;
}

/** A tag of a forum channel (`available_tags`). */
export interface ForumTagRecord {
  id: string;
  name: string;
  /** Only members with Manage Threads may apply it. */
  moderated: boolean;
  emojiName: string | null;
}

export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guildId: string | null;
  name: string | null;
  parentId: string | null;
  position: number;
  topic: string | null;
  nsfw: boolean;
  overwrites: APIOverwrite[];
  lastMessageId: string | null;
  /** DM channels: the other user. */
  recipientId: string | null;
  thread: ThreadState | null;
  /** ChannelFlags: REQUIRE_TAG on forums, PINNED on forum posts. */
  flags: number;
  /** Forum channels: the tags posts may carry. */
  availableTags: ForumTagRecord[];
  deleted: boolean;
  messages: Map<string, StoredMessage>;
}

export interface Pinged {
  everyone: boolean;
  roles: string[];
  users: string[];
}

/** A message as the emulator keeps it: Discord's object plus what tests need to assert on. */
export interface StoredMessage {
  message: APIMessage;
  channelId: string;
  guildId: string | null;
  authorId: string;
  /** Who was actually notified, per Discord's mention rules. */
  pinged: Pinged;
  /** The `allowed_mentions` the sender passed (null when none). */
  allowedMentions: APIAllowedMentions | null;
  nonce: string | number | null;
  deleted: boolean;
  /** Ephemeral messages: the only user who sees them. */
  ephemeralFor: string | null;
  /** Embeds were dropped because the bot lacked EmbedLinks (as Discord does). */
  embedsStripped: boolean;
  interactionId: string | null;
}

export interface AttachmentRecord {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  messageId: string | null;
}
