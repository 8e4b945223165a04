import type {
  APIEmbed,
  RESTPatchAPIChannelMessageJSONBody,
  RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';

/** A message as Discord's REST API takes it (plain data, no discord.js classes). */
export type OutgoingMessage = RESTPostAPIChannelMessageJSONBody;
export type MessageEdit = RESTPatchAPIChannelMessageJSONBody;

export interface PostedMessage {
  readonly id: string;
  readonly channelId: string;
}

/**
 * One of the bot's own messages as read back from a channel (Discord never returns a message's nonce
 * when reading history): what the exactly-once protocol recognises a claim's message by.
 */
export interface OwnMessage {
  readonly id: string;
  readonly channelId: string;
  readonly createdAt: Date;
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  /** Every component custom_id on the message, in order. */
  readonly customIds: readonly string[];
}

/** A forum post (thread) the bot created, as Discord lists it. */
export interface OwnForumPost {
  readonly threadId: string;
  readonly name: string;
}

/** A forum post as Discord shows it now, with the tags its forum offers. */
export interface ForumPostState {
  readonly appliedTags: readonly string[];
  readonly archived: boolean;
  readonly locked: boolean;
  /** The ids of the forum's tags: a tag a moderator deleted is no longer among them. */
  readonly forumTags: readonly string[];
}

/** What editForumPost changes on a forum post (what is left out stays). */
export interface ForumPostChange {
  readonly appliedTags?: readonly string[];
  readonly archived?: boolean;
}

/**
 * The port services use to put messages into Discord. The Discord implementation lives in
 * src/discord/rest-poster.ts; tests pass a recording fake. Implementations ping nobody unless the
 * message names its `allowed_mentions` explicitly.
 */
export interface Poster {
  send(channelId: string, message: OutgoingMessage): Promise<PostedMessage>;
  edit(channelId: string, messageId: string, edit: MessageEdit): Promise<PostedMessage>;
  remove(channelId: string, messageId: string): Promise<void>;
  /** Starts a public thread on a message; the thread id equals the message id on Discord. */
  startThread(channelId: string, messageId: string, name: string): Promise<{ threadId: string }>;
  /** Creates a forum post: a thread whose starter message is `message`, carrying the forum's tags `appliedTags`. */
  createForumPost(forumId: string, name: string, message: OutgoingMessage, appliedTags?: readonly string[]): Promise<PostedMessage & { threadId: string }>;
  /**
   * Unarchives a thread, so its messages can be edited again (Discord refuses edits in an archived
   * thread and archives quiet ones on its own). A thread locked by a moderator fails with
   * `forbidden` and THREAD_LOCKED when the bot may not reopen it.
   */
  reopenThread(threadId: string): Promise<void>;
  /** A forum post's tags and archive state, and its forum's tags. */
  forumPost(threadId: string): Promise<ForumPostState>;
  /**
   * Sets a forum post's tags and/or archives or unarchives it (the bot may, as the post's creator;
   * Discord refuses tags on an archived post unless the same edit unarchives it).
   */
  editForumPost(threadId: string, change: ForumPostChange): Promise<void>;
  sendDirect(userId: string, message: OutgoingMessage): Promise<PostedMessage>;
  /**
   * The id of the bot's DM channel with a user, opened if need be (Discord opens it even when the
   * user refuses DMs; the send then fails). For DMs sent exactly once: send() with a nonce, and
   * ownMessagesSince() to find an earlier attempt's message.
   */
  openDirect(userId: string): Promise<string>;
  crosspost(channelId: string, messageId: string): Promise<void>;
  /**
   * The bot's own messages in a channel created since `since`, oldest first, as far as Discord lets it
   * read (Read Message History; interaction replies excluded). Bounded: a channel busier than that
   * returns its oldest pages only.
   */
  ownMessagesSince(channelId: string, since: Date): Promise<readonly OwnMessage[]>;
  /** The forum's posts the bot created that are still active (not archived), in a server. */
  ownActiveForumPosts(guildId: string, forumId: string): Promise<readonly OwnForumPost[]>;
}

/**
 * Why a delivery failed, in the terms services act on:
 * `gone` (channel or message deleted), `forbidden` (the bot lost access), `invalid` (Discord refused
 * the payload: a bug on our side), `transient` (5xx or network after the REST client's own retries).
 */
export type DeliveryFailure = 'gone' | 'forbidden' | 'invalid' | 'transient';

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly discordCode?: number,
  ) {
    super(message);
  }
}

/** Discord's codes for a thread or forum that refuses the bot: archived (edits need it unarchived), locked by a moderator, a forum post without the tag the forum requires. */
export const THREAD_ARCHIVED = 50083;
export const THREAD_LOCKED = 160005;
export const FORUM_TAG_REQUIRED = 40067;

export const NO_MENTIONS = { parse: [] } as const satisfies OutgoingMessage['allowed_mentions'];
