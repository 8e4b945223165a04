import type {
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
  /** Creates a forum post: a thread whose starter message is `message`. */
  createForumPost(forumId: string, name: string, message: OutgoingMessage): Promise<PostedMessage & { threadId: string }>;
  sendDirect(userId: string, message: OutgoingMessage): Promise<PostedMessage>;
  crosspost(channelId: string, messageId: string): Promise<void>;
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

export const NO_MENTIONS = { parse: [] } as const satisfies OutgoingMessage['allowed_mentions'];
