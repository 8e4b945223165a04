import type { Clock } from '../../src/core/clock.js';
import {
  DeliveryError,
  THREAD_ARCHIVED,
  THREAD_LOCKED,
  type DeliveryFailure,
  type ForumPostChange,
  type ForumPostState,
  type MessageEdit,
  type OutgoingMessage,
  type OwnForumPost,
  type OwnMessage,
  type PostedMessage,
  type Poster,
} from '../../src/core/poster.js';

export interface RecordedMessage {
  readonly id: string;
  readonly channelId: string;
  readonly message: OutgoingMessage;
  /** On the poster's clock: what the nonce window and ownMessagesSince measure. */
  readonly createdAt: Date;
}

export interface FakePosterOptions {
  /** The world's clock (default: real time). */
  readonly clock?: Clock;
  /** How long a nonce deduplicates, as Discord's "past few minutes" (default 2 minutes). */
  readonly nonceWindowMs?: number;
  /** Real milliseconds each send takes (default: one event-loop turn), so sends overlap however slow the work around them is. */
  readonly sendLatencyMs?: number;
}

/** Thrown by a "crashed" poster: the process died with the message possibly sent but not recorded. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * A Poster that records what it sends, and behaves like Discord where the services depend on it:
 * a resend with the same `nonce` + `enforce_nonce` in a channel within the nonce window returns the
 * first message instead of creating another (after the window, it makes a second one, as Discord
 * does). It can be told to fail channels, to fail DMs, or to crash mid-fan-out.
 */
export class FakePoster implements Poster {
  constructor(private readonly options: FakePosterOptions = {}) {}

  readonly messages: RecordedMessage[] = [];
  readonly directMessages: { userId: string; message: OutgoingMessage }[] = [];
  readonly threads: { channelId: string; messageId: string; name: string }[] = [];
  /** Threads the bot unarchived with reopenThread, in order. */
  readonly reopened: string[] = [];
  /** Forum post edits the bot made (tags, archiving), in order; refused ones are not recorded. */
  readonly forumEdits: { threadId: string; change: ForumPostChange }[] = [];
  /** Sends attempted, including failed ones (one per call). */
  attempts = 0;
  /** Edits attempted, including refused ones. */
  editAttempts = 0;
  maxInFlight = 0;

  #nextId = 1_000_000_000_000_000_000n;
  #inFlight = 0;
  readonly #channelFailures = new Map<string, { failure: DeliveryFailure; times: number }>();
  readonly #archivedThreads = new Set<string>();
  readonly #lockedThreads = new Set<string>();
  /** Forum posts the bot created: their forum and tags (archiving is #archivedThreads). */
  readonly #forumPosts = new Map<string, { forumId: string; appliedTags: readonly string[] }>();
  /** Each forum's tag ids, once a test sets them; a forum not set takes any tag. */
  readonly #forumTags = new Map<string, readonly string[]>();
  #directFailure: DeliveryFailure | undefined;
  #crashAfter: number | undefined;
  #crashAfterSending = false;

  /** The next `times` sends to `channelId` fail with `failure` (Infinity: until cleared). */
  failChannel(channelId: string, failure: DeliveryFailure, times = Number.POSITIVE_INFINITY): this {
    this.#channelFailures.set(channelId, { failure, times });
    return this;
  }

  /**
   * Discord archived a thread (edits in it refused with 50083 until reopened; a send reopens it), or
   * a moderator also locked it (edits and sends refused with 160005, and the bot may not reopen it).
   */
  archiveThread(threadId: string, { locked = false } = {}): this {
    this.#archivedThreads.add(threadId);
    if (locked) this.#lockedThreads.add(threadId);
    return this;
  }

  /** A moderator lifts the lock (the thread stays archived until reopened). */
  unlockThread(threadId: string): this {
    this.#lockedThreads.delete(threadId);
    return this;
  }

  /** A forum's tags as a moderator left them (a tag left out was deleted: Discord drops it from its posts). */
  setForumTags(forumId: string, tagIds: readonly string[]): this {
    this.#forumTags.set(forumId, tagIds);
    for (const post of this.#forumPosts.values()) {
      if (post.forumId === forumId) post.appliedTags = post.appliedTags.filter((id) => tagIds.includes(id));
    }
    return this;
  }

  /** A forum post's tags and whether it is archived, as Discord shows them now. */
  forumPostNow(threadId: string): { appliedTags: readonly string[]; archived: boolean } | undefined {
    const post = this.#forumPosts.get(threadId);
    return post && { appliedTags: post.appliedTags, archived: this.#archivedThreads.has(threadId) };
  }

  clearFailures(): this {
    this.#channelFailures.clear();
    this.#directFailure = undefined;
    this.#crashAfter = undefined;
    return this;
  }

  failDirectMessages(failure: DeliveryFailure): this {
    this.#directFailure = failure;
    return this;
  }

  /**
   * After `successfulSends` more sends, every send throws SimulatedCrash, like a process killed
   * mid-fan-out. With `afterSending`, the crashing send first reaches "Discord" (the message exists
   * but the bot never learns its id): the crash between claim and completion.
   */
  crashAfter(successfulSends: number, { afterSending = false } = {}): this {
    this.#crashAfter = this.messages.length + successfulSends;
    this.#crashAfterSending = afterSending;
    return this;
  }

  inChannel(channelId: string): RecordedMessage[] {
    return this.messages.filter((recorded) => recorded.channelId === channelId);
  }

  async send(channelId: string, message: OutgoingMessage): Promise<PostedMessage> {
    this.attempts += 1;
    this.#inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      // Yield like a network call, so concurrent sends overlap.
      await new Promise((resolve) => (this.options.sendLatencyMs ? setTimeout(resolve, this.options.sendLatencyMs) : setImmediate(resolve)));
      const failure = this.#channelFailures.get(channelId);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        throw new DeliveryError(failure.failure, `simulated ${failure.failure}`, failure.failure === 'gone' ? 10003 : failure.failure === 'forbidden' ? 50001 : undefined);
      }
      if (this.#lockedThreads.has(channelId)) throw new DeliveryError('forbidden', 'Thread is locked', THREAD_LOCKED);
      this.#archivedThreads.delete(channelId);
      if (this.#crashAfter !== undefined && this.messages.length >= this.#crashAfter) {
        // Only the send in flight at the moment of the crash may still reach Discord; the dead process sends nothing more.
        if (this.#crashAfterSending) this.#create(channelId, message);
        this.#crashAfterSending = false;
        throw new SimulatedCrash('simulated crash');
      }
      return this.#deduplicated(channelId, message) ?? this.#create(channelId, message);
    } finally {
      this.#inFlight -= 1;
    }
  }

  async edit(channelId: string, messageId: string, edit: MessageEdit): Promise<PostedMessage> {
    this.editAttempts += 1;
    if (this.#archivedThreads.has(channelId)) throw new DeliveryError('forbidden', 'Thread is archived', THREAD_ARCHIVED);
    if (this.#lockedThreads.has(channelId)) throw new DeliveryError('forbidden', 'Thread is locked', THREAD_LOCKED);
    const index = this.messages.findIndex((recorded) => recorded.id === messageId && recorded.channelId === channelId);
    const existing = this.messages[index];
    if (!existing) throw new DeliveryError('gone', 'Unknown Message', 10008);
    this.messages[index] = { ...existing, message: { ...existing.message, ...edit } as OutgoingMessage };
    return { id: messageId, channelId };
  }

  async remove(channelId: string, messageId: string): Promise<void> {
    const index = this.messages.findIndex((recorded) => recorded.id === messageId && recorded.channelId === channelId);
    if (index < 0) throw new DeliveryError('gone', 'Unknown Message', 10008);
    this.messages.splice(index, 1);
  }

  async startThread(channelId: string, messageId: string, name: string): Promise<{ threadId: string }> {
    this.threads.push({ channelId, messageId, name });
    return { threadId: messageId };
  }

  async reopenThread(threadId: string): Promise<void> {
    if (this.#lockedThreads.has(threadId)) throw new DeliveryError('forbidden', 'A moderator locked the thread', THREAD_LOCKED);
    this.#archivedThreads.delete(threadId);
    this.reopened.push(threadId);
  }

  async createForumPost(forumId: string, name: string, message: OutgoingMessage, appliedTags: readonly string[] = []): Promise<PostedMessage & { threadId: string }> {
    const known = this.#forumTags.get(forumId);
    if (known && appliedTags.some((id) => !known.includes(id))) throw new DeliveryError('invalid', 'Invalid Form Body: applied_tags', 50035);
    const posted = this.#create(forumId, { ...message, content: message.content ?? name });
    this.#forumPosts.set(posted.id, { forumId, appliedTags });
    return { ...posted, threadId: posted.id };
  }

  async forumPost(threadId: string): Promise<ForumPostState> {
    this.#failIfTold(threadId);
    const post = this.#forumPosts.get(threadId);
    if (!post) throw new DeliveryError('gone', 'Unknown Channel', 10003);
    const forumTags = this.#forumTags.get(post.forumId) ?? post.appliedTags;
    return { appliedTags: post.appliedTags, archived: this.#archivedThreads.has(threadId), locked: this.#lockedThreads.has(threadId), forumTags };
  }

  /** Discord's rules for the bot as the post's creator: tags of the forum only, at most 5, nothing on an archived post but unarchiving. */
  async editForumPost(threadId: string, change: ForumPostChange): Promise<void> {
    this.#failIfTold(threadId);
    const post = this.#forumPosts.get(threadId);
    if (!post) throw new DeliveryError('gone', 'Unknown Channel', 10003);
    if (this.#lockedThreads.has(threadId)) throw new DeliveryError('forbidden', 'Thread is locked', THREAD_LOCKED);
    const known = this.#forumTags.get(post.forumId);
    const tags = change.appliedTags;
    if (tags && (tags.length > 5 || (known && tags.some((id) => !known.includes(id))))) throw new DeliveryError('invalid', 'Invalid Form Body: applied_tags', 50035);
    if (tags && this.#archivedThreads.has(threadId) && change.archived !== false) throw new DeliveryError('forbidden', 'Thread is archived', THREAD_ARCHIVED);
    if (tags) post.appliedTags = [...tags];
    if (change.archived === true) this.#archivedThreads.add(threadId);
    if (change.archived === false) this.#archivedThreads.delete(threadId);
    this.forumEdits.push({ threadId, change });
  }

  async sendDirect(userId: string, message: OutgoingMessage): Promise<PostedMessage> {
    if (this.#directFailure) throw new DeliveryError(this.#directFailure, 'Cannot send messages to this user', 50007);
    this.directMessages.push({ userId, message });
    return { id: this.#newId(), channelId: `dm-${userId}` };
  }

  /** A DM channel as `dm-<user>`: what send() records there is the DM (fail it with failChannel). */
  async openDirect(userId: string): Promise<string> {
    return `dm-${userId}`;
  }

  async crosspost(): Promise<void> {}

  async ownMessagesSince(channelId: string, since: Date): Promise<readonly OwnMessage[]> {
    const failure = this.#channelFailures.get(channelId);
    if (failure && failure.times > 0 && failure.failure !== 'transient') throw new DeliveryError(failure.failure, `simulated ${failure.failure}`);
    return this.inChannel(channelId)
      .filter((recorded) => recorded.createdAt.getTime() >= since.getTime())
      .map((recorded) => ({
        id: recorded.id,
        channelId,
        createdAt: recorded.createdAt,
        content: recorded.message.content ?? '',
        embeds: recorded.message.embeds ?? [],
        customIds: (recorded.message.components ?? []).flatMap((row) => ('components' in row ? row.components : []).flatMap((component) => ('custom_id' in component && component.custom_id ? [component.custom_id] : []))),
      }));
  }

  async ownActiveForumPosts(_guildId: string, _forumId: string): Promise<readonly OwnForumPost[]> {
    return [];
  }

  #failIfTold(channelId: string): void {
    const failure = this.#channelFailures.get(channelId);
    if (!failure || failure.times <= 0) return;
    failure.times -= 1;
    throw new DeliveryError(failure.failure, `simulated ${failure.failure}`, failure.failure === 'gone' ? 10003 : failure.failure === 'forbidden' ? 50013 : undefined);
  }

  protected now(): Date {
    return this.options.clock?.now() ?? new Date();
  }

  #deduplicated(channelId: string, message: OutgoingMessage): PostedMessage | undefined {
    if (!message.enforce_nonce || message.nonce === undefined) return undefined;
    const windowMs = this.options.nonceWindowMs ?? 2 * 60_000;
    const existing = this.messages.find(
      (recorded) => recorded.channelId === channelId && recorded.message.nonce === message.nonce && this.now().getTime() - recorded.createdAt.getTime() <= windowMs,
    );
    return existing && { id: existing.id, channelId };
  }

  #create(channelId: string, message: OutgoingMessage): PostedMessage {
    const id = this.#newId();
    this.messages.push({ id, channelId, message, createdAt: this.now() });
    return { id, channelId };
  }

  #newId(): string {
    this.#nextId += 1n;
    return this.#nextId.toString();
  }
}
