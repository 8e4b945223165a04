import type { APIAllowedMentions, APIApplicationCommand, APIChannel, APIGuildMember, APIMessage, APIRole, APIUser } from 'discord-api-types/v10';
import type { FaultConfig } from '../faults.js';
import type { DropRequest } from '../gateway/hub.js';
import type { RateLimitConfig } from '../rate-limits.js';
import type { AddMemberInput, CreateChannelInput, CreateGuildInput, CreateRoleInput, CreateUserInput, GuildPatch, OverwriteInput } from '../services/guilds.js';
import type { ForumSettings } from '../services/forums.js';
import type { ThreadModeration } from '../services/thread-state.js';
import type { Pinged } from '../state/records.js';
import type { LocalDiscordStats, RequestLogEntry } from '../stats.js';
import type { AutocompleteChoice, ModalData } from '../validation/callback.js';

/** Where an interaction happens. Without guildId and channelId it is a DM with `userId`. */
export interface InteractionContext {
  guildId?: string;
  /** Default: the guild's first text channel. */
  channelId?: string;
  /** Default: the guild owner (for components: the user the message was for). */
  userId?: string;
  /**
   * Send option values Discord's client would refuse (too long, out of range, not a choice), as a
   * crafted or outdated client can, and even what Discord itself would not send (a value of the wrong
   * type, a channel of a type the option excludes, another server's role): the bot must validate them itself.
   */
  unchecked?: boolean;
}

export interface SettleOptions {
  /** How long past the acknowledgement deadline to wait for the interaction to settle (default 10 s). */
  settleTimeoutMs?: number;
  /**
   * Settled means: acknowledged, a deferred reply or update edited or followed up, then no callback or webhook
   * call on the interaction's token for this long (default: the emulator's `interactionQuietMs`, 50 ms), and no
   * REST request at all for as long (a bot posts elsewhere between two edits), this last for at most 1 s.
   */
  quietMs?: number;
}

/** An attachment option value for `invoke`. */
export interface AttachmentInput {
  filename: string;
  data: string | Uint8Array;
  contentType?: string;
  /** How a string `data` is encoded (default utf8). */
  encoding?: 'utf8' | 'base64';
}

export type OptionValue = string | number | boolean | AttachmentInput;

/** A snapshot of an interaction and what the bot did with it (plain data, the same from the remote driver). */
export interface InteractionResult {
  interactionId: string;
  token: string;
  type: number;
  acknowledged: boolean;
  /** The initial callback as the bot sent it. */
  callback: { type: number; data: unknown } | null;
  /** Deferred (5/6) and not yet edited or followed up. */
  pending: boolean;
  ephemeral: boolean;
  /** The current @original message (after edits); null when none or deleted. */
  reply: LoggedMessage | null;
  followUps: LoggedMessage[];
  modal: ModalData | null;
  choices: AutocompleteChoice[] | null;
  /** Dispatch → first callback. */
  latencyMs: number | null;
  version: number;
  /**
   * The bot is done with it: acknowledged, not pending, and its token quiet (see SettleOptions.quietMs). What
   * invoke, click, select, submitModal and craft resolve with is settled; a snapshot taken earlier may not be.
   */
  settled: boolean;
}

/** A message in a channel log: Discord's object plus what it did (who was pinged, with what allowed_mentions…). */
export type LoggedMessage = APIMessage & {
  pinged: Pinged;
  allowedMentions: APIAllowedMentions | null;
  deleted: boolean;
  /** Ephemeral: the only user who sees it. */
  ephemeralFor: string | null;
  /** Embeds were dropped because the bot lacked EmbedLinks. */
  embedsStripped: boolean;
};

export type MessageRef = Pick<APIMessage, 'id' | 'channel_id'>;

/** A member's plain message, as typed in Discord's client. */
export interface MemberMessage {
  userId: string;
  content: string;
  /** Reply to this message of the same channel (`message_reference`, type REPLY). */
  replyTo?: string;
  /** The reply's "@ ON/OFF" toggle: whether the replied-to author is pinged (default true, as in Discord's client). */
  mentionRepliedUser?: boolean;
}

/**
 * A button press, select choice or form submission as a crafted or outdated client can send it: any custom_id,
 * values and field values, none of them checked against what the bot showed.
 */
export type CraftedInteraction =
  | { kind: 'button'; customId: string; message: MessageRef }
  | { kind: 'select'; customId: string; values: string[]; message: MessageRef }
  | { kind: 'modal'; customId: string; fields: Record<string, string>; message?: MessageRef };

export interface GuildInfo {
  id: string;
  name: string;
  ownerId: string;
  /** @everyone's id (= the guild id). */
  everyoneRoleId: string;
  /** The bot's managed role, when created with `botPermissions`. */
  botRoleId: string | null;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface EmulatorInfo {
  /** Give this to discord.js: `new Client({ rest: { api: apiUrl } })`. */
  apiUrl: string;
  gatewayUrl: string;
  /** Base URL of the control API (`/_local/...`). */
  controlUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
}

/** What tests, benchmarks and the sandbox drive; implemented in-process and over HTTP. */
export interface LocalDiscordDriver extends EmulatorInfo {
  createGuild(input: CreateGuildInput): Promise<GuildInfo>;
  createChannel(guildId: string, input: CreateChannelInput): Promise<APIChannel>;
  createRole(guildId: string, input: CreateRoleInput): Promise<APIRole>;
  createUser(input: CreateUserInput): Promise<APIUser>;
  createMember(guildId: string, input: AddMemberInput): Promise<APIGuildMember & { user: APIUser }>;
  updateMember(guildId: string, userId: string, patch: { roles?: string[]; nick?: string | null }): Promise<void>;
  removeMember(guildId: string, userId: string): Promise<void>;
  updateRole(guildId: string, roleId: string, patch: Partial<Omit<CreateRoleInput, 'id'>>): Promise<APIRole>;
  setPermissionOverwrites(channelId: string, overwrites: OverwriteInput[]): Promise<void>;
  deleteChannel(channelId: string): Promise<void>;
  /** Server Settings → Overview: the name, the system channel (GUILD_UPDATE to the bot). */
  updateGuild(guildId: string, patch: GuildPatch): Promise<void>;
  /** A moderator archives, locks, unlocks or unarchives a thread, or changes its auto-archive (THREAD_UPDATE to the bot). */
  updateThread(threadId: string, change: ThreadModeration): Promise<APIChannel>;
  /** A forum's settings: its tags and whether every post must carry one (CHANNEL_UPDATE to the bot). */
  updateForum(forumId: string, settings: ForumSettings): Promise<APIChannel>;
  /** Kick the bot: GUILD_DELETE, then the guild is unknown to it. */
  removeBot(guildId: string): Promise<void>;
  /** A user posts in a channel or thread, optionally replying to a message (MESSAGE_CREATE to the bot). */
  postMessage(channelId: string, input: MemberMessage): Promise<LoggedMessage>;
  /** A member deletes their own message, or a moderator (Manage Messages) anyone's (MESSAGE_DELETE to the bot). */
  deleteMessage(message: MessageRef, input: { userId: string }): Promise<void>;

  invoke(command: string, options?: Record<string, OptionValue>, context?: InteractionContext & SettleOptions): Promise<InteractionResult>;
  /**
   * Apps → `name` on a message: an APPLICATION_COMMAND interaction of data.type 3 (MESSAGE) with `target_id` and
   * the message, full content included, in `resolved.messages`; in the message's channel, by `context.userId`.
   */
  invokeMessageCommand(name: string, message: MessageRef, context?: InteractionContext & SettleOptions): Promise<InteractionResult>;
  /** Apps → `name` on a user: data.type 2 (USER), `target_id`, `resolved.users` and, in a server, `resolved.members`. */
  invokeUserCommand(name: string, targetUserId: string, context?: InteractionContext & SettleOptions): Promise<InteractionResult>;
  autocomplete(command: string, options: Record<string, OptionValue>, focused: string, context?: InteractionContext): Promise<AutocompleteChoice[]>;
  click(message: MessageRef, target: string | number, context?: InteractionContext & SettleOptions): Promise<InteractionResult>;
  select(message: MessageRef, target: string | number, values: string[], context?: InteractionContext & SettleOptions): Promise<InteractionResult>;
  submitModal(from: InteractionResult | string, values: Record<string, string | string[]>, context?: SettleOptions): Promise<InteractionResult>;
  /** Dispatch a crafted component or modal interaction (on `message`, in its channel, by `context.userId`). */
  craft(interaction: CraftedInteraction, context?: InteractionContext & SettleOptions): Promise<InteractionResult>;
  interaction(interactionId: string): Promise<InteractionResult>;
  waitForInteraction(interactionId: string, predicate: (result: InteractionResult) => boolean, timeoutMs?: number): Promise<InteractionResult>;

  /** A server's channels and threads as the bot would see them (forum posts and Q&A threads included). */
  channels(guildId: string): Promise<APIChannel[]>;
  messages(channelId: string): Promise<LoggedMessage[]>;
  waitForMessage(channelId: string, predicate?: (message: LoggedMessage) => boolean, timeoutMs?: number): Promise<LoggedMessage>;
  /** DMs the bot sent to a user. */
  dms(userId: string): Promise<LoggedMessage[]>;
  attachment(attachmentId: string): Promise<StoredAttachment>;
  commands(guildId?: string): Promise<APIApplicationCommand[]>;

  requests(): Promise<RequestLogEntry[]>;
  stats(): Promise<LocalDiscordStats>;
  setFaults(faults: FaultConfig): Promise<void>;
  setRateLimits(limits: Partial<RateLimitConfig>): Promise<void>;
  /** Moves the world clock forward (message timestamps, the nonce window, tokens, thread archiving); the clock must be movable. */
  advanceClock(ms: number): Promise<void>;
  /** The world clock, in ms since the epoch. */
  now(): Promise<number>;
  /** Drop gateway connections now or after N dispatches; resolves with how many were affected. */
  dropGateway(request?: DropRequest): Promise<number>;
  close(): Promise<void>;
}
