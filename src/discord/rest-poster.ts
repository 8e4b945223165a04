// Import the REST errors through discord.js: its client throws the CommonJS build's classes, and
// instanceof against the ESM build of @discordjs/rest would never match.
import { DiscordAPIError, HTTPError, type REST } from 'discord.js';
import { ChannelType, Routes, SnowflakeUtil, type APIChannel, type APIMessage, type APIThreadChannel, type APIUser, type RESTGetAPIGuildThreadsResult } from 'discord.js';
import {
  DeliveryError,
  FORUM_TAG_REQUIRED,
  NO_MENTIONS,
  THREAD_ARCHIVED,
  THREAD_LOCKED,
  type MessageEdit,
  type OutgoingMessage,
  type OwnMessage,
  type PostedMessage,
  type Poster,
} from '../core/poster.js';
import { createPacer } from '../core/pacer.js';
import { oneLine } from './text.js';

/**
 * What share of the global limit the poster's requests are paced to. @discordjs/rest counts its
 * limit in 1-second windows and sends a full window's worth at once when one opens; Discord's
 * windows start when its requests arrive, so when the two drift apart (a busy machine delays a
 * request by more than a few ms) a window boundary holds two bursts: 429s. Evenly spaced requests
 * never do, and the margin absorbs the delays.
 */
export const POSTER_SHARE_OF_GLOBAL_LIMIT = 0.95;

interface RestPosterOptions {
  /** The bot's global REST limit (requests per second); sends are spaced to a share of it. */
  readonly globalRequestsPerSecond?: number;
  /**
   * For creates Discord cannot deduplicate (forum posts): a client that does not resend on a 5xx
   * (createSingleShotRest). Without it they go through `rest`, whose automatic retry can double them.
   */
  readonly singleShot?: REST;
}

/** The Poster port over Discord's REST API; @discordjs/rest handles rate limits and 5xx retries. */
export function createRestPoster(rest: REST, options: RestPosterOptions = {}): Poster {
  const singleShot = options.singleShot ?? rest;
  const pace = options.globalRequestsPerSecond ? createPacer(options.globalRequestsPerSecond * POSTER_SHARE_OF_GLOBAL_LIMIT) : async () => {};
  const call = async <T>(request: () => Promise<unknown>): Promise<T> => {
    await pace();
    try {
      return (await request()) as T;
    } catch (error) {
      throw toDeliveryError(error);
    }
  };
  const posted = (message: APIMessage): PostedMessage => ({ id: message.id, channelId: message.channel_id });
  let self: Promise<string> | undefined;
  const selfId = (): Promise<string> => (self ??= call<APIUser>(() => rest.get(Routes.user())).then((user) => user.id)).catch((error: unknown) => {
    self = undefined;
    throw error;
  });

  const openDirect = async (userId: string): Promise<string> => {
    const channel = await call<APIChannel>(() => rest.post(Routes.userChannels(), { body: { recipient_id: userId } }));
    if (channel.type !== ChannelType.DM) throw new DeliveryError('invalid', 'Discord did not open a DM channel');
    return channel.id;
  };

  return {
    async send(channelId, message) {
      const sent = await call<APIMessage>(() => rest.post(Routes.channelMessages(channelId), { body: withSafeMentions(message) }));
      if ((message.embeds?.length ?? 0) > 0 && sent.embeds.length === 0) {
        // Without Embed Links Discord posts the message anyway, minus its embeds: an empty card with
        // buttons. Take it back and report what it is, lost access, so callers stop as they do on a 403.
        await call(() => rest.delete(Routes.channelMessage(channelId, sent.id))).catch(() => undefined);
        throw embedsDropped();
      }
      return posted(sent);
    },
    async edit(channelId, messageId, edit) {
      const withEmbeds = (edit.embeds?.length ?? 0) > 0;
      const edited = await call<APIMessage>(() => rest.patch(Routes.channelMessage(channelId, messageId), { body: withSafeMentions(edit) })).catch((error: unknown) => {
        // Without Embed Links an edit that would leave only its embeds is refused as empty.
        if (withEmbeds && error instanceof DeliveryError && error.discordCode === EMPTY_MESSAGE) throw embedsDropped();
        throw error;
      });
      // …and one that leaves something else is applied without them: the old card stays gone.
      if (withEmbeds && edited.embeds.length === 0) throw embedsDropped();
      return posted(edited);
    },
    async remove(channelId, messageId) {
      await call(() => rest.delete(Routes.channelMessage(channelId, messageId)));
    },
    async startThread(channelId, messageId, name) {
      const thread = await call<APIChannel>(() =>
        rest.post(Routes.threads(channelId, messageId), { body: { name: threadName(name), auto_archive_duration: 10_080 } }),
      );
      return { threadId: thread.id };
    },
    async createForumPost(forumId, name, message, appliedTags = []) {
      const body = { name: threadName(name), auto_archive_duration: 10_080, message: withSafeMentions(message), ...(appliedTags.length > 0 ? { applied_tags: appliedTags } : {}) };
      // No automatic resend: a forum post takes no nonce. The caller looks for it before trying again.
      const thread = await call<APIThreadChannel & { message?: APIMessage }>(() => singleShot.post(Routes.threads(forumId), { body }));
      return { threadId: thread.id, channelId: thread.id, id: thread.message?.id ?? thread.id };
    },
    async reopenThread(threadId) {
      try {
        await call(() => rest.patch(Routes.channel(threadId), { body: { archived: false } }));
      } catch (error) {
        if (!(error instanceof DeliveryError) || error.failure !== 'forbidden') throw error;
        // Refused: a moderator's lock (only Manage Threads lifts it) is worth telling apart.
        const thread = await call<APIChannel>(() => rest.get(Routes.channel(threadId))).catch(() => null);
        if (thread && 'thread_metadata' in thread && thread.thread_metadata?.locked) {
          throw new DeliveryError('forbidden', 'A moderator locked the thread, and the bot lacks Manage Threads to reopen it', THREAD_LOCKED);
        }
        throw error;
      }
    },
    async forumPost(threadId) {
      const thread = await call<APIChannel>(() => rest.get(Routes.channel(threadId)));
      if (!('thread_metadata' in thread) || !thread.parent_id) throw new DeliveryError('gone', 'Not a forum post', 10003);
      const parentId = thread.parent_id;
      const forum = await call<APIChannel>(() => rest.get(Routes.channel(parentId)));
      return {
        appliedTags: 'applied_tags' in thread ? (thread.applied_tags ?? []) : [],
        archived: thread.thread_metadata?.archived ?? false,
        locked: thread.thread_metadata?.locked ?? false,
        forumTags: 'available_tags' in forum ? forum.available_tags.map((tag) => tag.id) : [],
      };
    },
    async editForumPost(threadId, change) {
      const body = { ...(change.appliedTags ? { applied_tags: change.appliedTags } : {}), ...(change.archived !== undefined ? { archived: change.archived } : {}) };
      await call(() => rest.patch(Routes.channel(threadId), { body }));
    },
    async sendDirect(userId, message) {
      const channelId = await openDirect(userId);
      return posted(await call<APIMessage>(() => rest.post(Routes.channelMessages(channelId), { body: withSafeMentions(message) })));
    },
    openDirect,
    async crosspost(channelId, messageId) {
      await call(() => rest.post(Routes.channelMessageCrosspost(channelId, messageId)));
    },
    async ownMessagesSince(channelId, since) {
      const me = await selfId();
      const found: OwnMessage[] = [];
      let after = SnowflakeUtil.generate({ timestamp: Math.max(since.getTime(), Number(SnowflakeUtil.epoch) + 1) }).toString();
      for (let page = 0; page < HISTORY_PAGES; page += 1) {
        const query = new URLSearchParams({ after, limit: String(HISTORY_PAGE_SIZE) });
        const messages = await call<APIMessage[]>(() => rest.get(Routes.channelMessages(channelId), { query }));
        // Discord lists newest first; walk them oldest first and page on from the newest seen.
        const ordered = [...messages].sort((a, b) => compareSnowflakes(a.id, b.id));
        for (const message of ordered) if (message.author.id === me && !message.webhook_id && !message.interaction_metadata) found.push(ownMessage(message));
        const newest = ordered.at(-1);
        if (!newest || messages.length < HISTORY_PAGE_SIZE) break;
        after = newest.id;
      }
      return found;
    },
    async ownActiveForumPosts(guildId, forumId) {
      const me = await selfId();
      const { threads } = await call<RESTGetAPIGuildThreadsResult>(() => rest.get(Routes.guildActiveThreads(guildId)));
      return threads
        .filter((thread): thread is APIThreadChannel => 'owner_id' in thread && 'parent_id' in thread && thread.parent_id === forumId && thread.owner_id === me)
        .map((thread) => ({ threadId: thread.id, name: thread.name }));
    },
  };
}

/** How far back ownMessagesSince reads: ten pages of Discord's maximum. */
const HISTORY_PAGES = 10;
const HISTORY_PAGE_SIZE = 100;

function compareSnowflakes(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

function ownMessage(message: APIMessage): OwnMessage {
  const customIds: string[] = [];
  const visit = (components: readonly unknown[] | undefined): void => {
    for (const component of components ?? []) {
      if (typeof component !== 'object' || component === null) continue;
      const { custom_id: customId, components: children } = component as { custom_id?: unknown; components?: unknown[] };
      if (typeof customId === 'string') customIds.push(customId);
      visit(children);
    }
  };
  visit(message.components);
  return { id: message.id, channelId: message.channel_id, createdAt: new Date(message.timestamp), content: message.content, embeds: message.embeds, customIds };
}

function withSafeMentions<T extends OutgoingMessage | MessageEdit>(message: T): T {
  return message.allowed_mentions ? message : { ...message, allowed_mentions: NO_MENTIONS };
}

/** Thread names are 1–100 characters on Discord, and plain text. */
function threadName(name: string): string {
  return oneLine(name, 100) || 'Discussion';
}

const GONE_CODES = new Set([10003, 10008, 10013]);
/** The thread or forum refuses until someone changes it (unarchive, unlock, a forum tag): lost access, not a bad payload. */
const THREAD_REFUSALS = new Set([THREAD_ARCHIVED, THREAD_LOCKED, FORUM_TAG_REQUIRED]);
const MISSING_PERMISSIONS = 50013;
const EMPTY_MESSAGE = 50006;

/**
 * Without Embed Links Discord drops a message's embeds, or refuses the message when nothing else is
 * left (403 on a send, 50006 on an edit): either way the bot lost a permission, as on a 403.
 */
function embedsDropped(): DeliveryError {
  return new DeliveryError('forbidden', 'Discord dropped the embeds: the bot lacks Embed Links in this channel', MISSING_PERMISSIONS);
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    if (error.status === 404 || (code !== undefined && GONE_CODES.has(code))) return new DeliveryError('gone', error.message, code);
    if (code !== undefined && THREAD_REFUSALS.has(code)) return new DeliveryError('forbidden', error.message, code);
    if (error.status === 403) return new DeliveryError('forbidden', error.message, code);
    if (error.status >= 500) return new DeliveryError('transient', error.message, code);
    return new DeliveryError('invalid', error.message, code);
  }
  if (error instanceof HTTPError) return new DeliveryError('transient', `Discord answered ${error.status}`);
  return new DeliveryError('transient', error instanceof Error ? error.message : String(error));
}
