import { EventEmitter } from 'node:events';
import { Errors } from '../errors.js';
import type { AttachmentRecord, ChannelRecord, GuildRecord, StoredMessage, UserRecord } from './records.js';

/** Every entity the emulator knows, in memory, with bounded per-channel message logs. */
export class State {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** user id → DM channel id with the bot. */
  readonly dmChannels = new Map<string, string>();
  readonly attachments = new Map<string, AttachmentRecord>();
  /** `${channelId}:${authorId}:${nonce}` → message id and when it was sent (enforce_nonce). */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** World-clock ms before which no active thread can have gone idle long enough to archive (a lower bound). */
  nextThreadArchiveAt = Number.POSITIVE_INFINITY;
  /** Bumped on every observable change; long-polls and waiters wake on it. */
  version = 0;
  readonly changes = new EventEmitter();

  constructor(private readonly maxMessagesPerChannel: number) {
    this.changes.setMaxListeners(0);
  }

  touch(): void {
    this.version += 1;
    this.changes.emit('change', this.version);
  }

  user(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  requireUser(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw Errors.unknownUser();
    return user;
  }

  /** A guild the bot is in (a guild it was removed from is unknown to it, as on Discord). */
  requireGuild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild || !guild.botPresent) throw Errors.unknownGuild();
    return guild;
  }

  requireChannel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel || channel.deleted) throw Errors.unknownChannel();
    if (channel.guildId && !this.guilds.get(channel.guildId)?.botPresent) throw Errors.unknownChannel();
    return channel;
  }

  requireMessage(channel: ChannelRecord, id: string): StoredMessage {
    const stored = channel.messages.get(id);
    if (!stored || stored.deleted) throw Errors.unknownMessage();
    return stored;
  }

  addMessage(channel: ChannelRecord, stored: StoredMessage): void {
    channel.messages.set(stored.message.id, stored);
    if (!stored.ephemeralFor) channel.lastMessageId = stored.message.id;
    // Evict the oldest messages (Map keeps insertion order, ids grow with time).
    while (channel.messages.size > this.maxMessagesPerChannel) {
      const oldest = channel.messages.keys().next();
      if (oldest.done) break;
      const evicted = channel.messages.get(oldest.value);
      channel.messages.delete(oldest.value);
      for (const attachment of evicted?.message.attachments ?? []) this.attachments.delete(attachment.id);
    }
  }

  /** Remember a nonce for enforce_nonce; old entries are dropped as new ones arrive. */
  rememberNonce(key: string, messageId: string, now: number, windowMs: number): void {
    this.nonces.set(key, { messageId, at: now });
    if (this.nonces.size % 1024 === 0) {
      for (const [k, v] of this.nonces) {
        if (now - v.at > windowMs) this.nonces.delete(k);
      }
    }
  }
}
