import { MessageFlags, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { AllowedMentionsTypes } from 'discord-api-types/v10';
import type { APIAllowedMentions, APIAttachment, APIMessage } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { computePinged } from '../mentions.js';
import { userPayload } from '../payloads.js';
import { has } from '../permissions.js';
import { nextSnowflake } from '../snowflake.js';
import type { ChannelRecord, StoredMessage, UserRecord } from '../state/records.js';
import { isEmptyMessage } from '../validation/message.js';
import { botHearsMessagesIn } from './access.js';
import { markActive, reopenForMessage } from './thread-state.js';
import type { MessageBody } from '../validation/schemas.js';
import type { InteractionRecord } from './interaction-registry.js';
import { interactionMetadata, messageInteraction } from './interaction-metadata.js';
import { storedComponents, storedEmbeds } from './message-content.js';

export interface UploadedFile {
  /** `n` of the `files[n]` form field. */
  index: number;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface NewMessage {
  channel: ChannelRecord;
  author: UserRecord;
  body: MessageBody;
  files: UploadedFile[];
  /** The sender's permissions in the channel (MentionEveryone, EmbedLinks). */
  permissions: bigint;
  type?: MessageType;
  /** Webhook/interaction messages: webhooks may always embed. */
  webhookId?: string;
  interaction?: InteractionRecord;
  /** A follow-up message: the id of the interaction's original response. */
  followUpOf?: string | null;
  ephemeralFor?: string | null;
  extraFlags?: number;
  id?: string;
  repliedTo?: StoredMessage | null;
}

/** The allowed_mentions as sent, without nulls (null when the sender passed none). */
function toAllowedMentions(input: MessageBody['allowed_mentions']): APIAllowedMentions | null {
  if (!input) return null;
  const out: APIAllowedMentions = {};
  if (input.parse) out.parse = input.parse.map((p) => p as AllowedMentionsTypes);
  if (input.users) out.users = [...input.users];
  if (input.roles) out.roles = [...input.roles];
  if (input.replied_user !== null && input.replied_user !== undefined) out.replied_user = input.replied_user;
  return out;
}

/** The existing attachments an edit keeps: all of them unless `attachments` lists which. */
function keptAttachments(body: MessageBody, existing: APIAttachment[]): APIAttachment[] {
  if (body.attachments === undefined || body.attachments === null) return existing;
  const listed = new Set(body.attachments.map((a) => String(a.id)));
  return existing.filter((a) => listed.has(a.id));
}

function attachmentsFor(core: Core, channel: ChannelRecord, body: MessageBody, files: UploadedFile[], ephemeral: boolean, keep: APIAttachment[]): APIAttachment[] {
  const described = new Map<string, { filename?: string | null; description?: string | null }>();
  for (const a of body.attachments ?? []) described.set(String(a.id), a);
  const kept = keptAttachments(body, keep);
  const created = files.map((file) => {
    const meta = described.get(String(file.index));
    const id = nextSnowflake();
    const filename = meta?.filename ?? file.filename;
    const url = `${core.httpUrl}/attachments/${channel.id}/${id}/${encodeURIComponent(filename)}`;
    core.state.attachments.set(id, { id, filename, contentType: file.contentType, size: file.data.length, data: file.data, messageId: null });
    const attachment: APIAttachment = { id, filename, size: file.data.length, url, proxy_url: url, content_type: file.contentType };
    if (meta?.description) attachment.description = meta.description;
    if (ephemeral) attachment.ephemeral = true;
    return attachment;
  });
  return [...kept, ...created];
}

function mentionState(core: Core, channel: ChannelRecord, content: string, allowedMentions: APIAllowedMentions | null, permissions: bigint, repliedTo: StoredMessage | null | undefined, webhook: boolean) {
  const guild = channel.guildId ? (core.state.guilds.get(channel.guildId) ?? null) : null;
  const pinged = computePinged({
    content,
    allowedMentions,
    via: webhook ? 'webhook' : 'message',
    guild,
    canMentionEveryone: has(permissions, PermissionFlagsBits.MentionEveryone),
    repliedUserId: repliedTo ? repliedTo.authorId : null,
    userExists: (id) => core.state.users.has(id),
  });
  return pinged;
}

/**
 * Without Embed Links Discord drops a message's embeds (webhooks and interactions may always embed).
 * A message that would be left with nothing to show is refused instead: 403 50013 for a send
 * (discord/discord-api-docs#2601), 50006 for an edit (#5648).
 */
function dropsEmbeds(body: MessageBody, permissions: bigint, webhook: boolean): boolean {
  return !webhook && (body.embeds?.length ?? 0) > 0 && !has(permissions, PermissionFlagsBits.EmbedLinks);
}

/** Throws 403 50013 for a message that would be left with nothing to show once its embeds are dropped. */
export function requireShowable(body: MessageBody, permissions: bigint, webhook: boolean, fileCount: number): void {
  if (dropsEmbeds(body, permissions, webhook) && isEmptyMessage({ ...body, embeds: [] }, fileCount)) throw Errors.missingPermissions();
}

export function createMessage(core: Core, input: NewMessage): StoredMessage {
  const { channel, author, body } = input;
  const content = body.content ?? '';
  const ephemeral = Boolean(input.ephemeralFor);
  requireShowable(body, input.permissions, Boolean(input.webhookId), input.files.length);
  const stripEmbeds = dropsEmbeds(body, input.permissions, Boolean(input.webhookId));
  const allowedMentions = toAllowedMentions(body.allowed_mentions);
  const pinged = mentionState(core, channel, content, allowedMentions, input.permissions, input.repliedTo, Boolean(input.webhookId));
  const flags = ((body.flags ?? 0) & (MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral)) | (input.extraFlags ?? 0);
  const interaction = input.interaction;
  const message: APIMessage = {
    id: input.id ?? nextSnowflake(core.now()),
    channel_id: channel.id,
    author: userPayload(author),
    content,
    timestamp: new Date(core.now()).toISOString(),
    edited_timestamp: null,
    tts: body.tts ?? false,
    mention_everyone: pinged.everyone,
    mentions: pinged.users.map((id) => core.state.users.get(id)).filter((u): u is UserRecord => u !== undefined).map(userPayload),
    mention_roles: pinged.roles,
    attachments: attachmentsFor(core, channel, body, input.files, ephemeral, []),
    embeds: stripEmbeds ? [] : storedEmbeds(body.embeds),
    pinned: false,
    type: input.type ?? (input.repliedTo ? MessageType.Reply : MessageType.Default),
    flags: ephemeral ? flags | MessageFlags.Ephemeral : flags & ~MessageFlags.Ephemeral,
    components: storedComponents(body.components),
  };
  if (body.nonce !== undefined && body.nonce !== null) message.nonce = body.nonce;
  if (input.webhookId) {
    message.webhook_id = input.webhookId;
    message.application_id = core.config.applicationId;
  }
  if (input.repliedTo) {
    message.message_reference = { type: 0, message_id: input.repliedTo.message.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) };
    message.referenced_message = input.repliedTo.message;
  }
  const invoker = interaction ? core.state.users.get(interaction.userId) : undefined;
  if (interaction && invoker) {
    message.interaction_metadata = interactionMetadata(core, interaction, invoker, input.followUpOf ?? null);
    message.interaction = messageInteraction(interaction, invoker);
  }
  for (const attachment of message.attachments) {
    const record = core.state.attachments.get(attachment.id);
    if (record) record.messageId = message.id;
  }
  const stored: StoredMessage = {
    message,
    channelId: channel.id,
    guildId: channel.guildId,
    authorId: author.id,
    pinged,
    allowedMentions,
    nonce: body.nonce ?? null,
    deleted: false,
    ephemeralFor: input.ephemeralFor ?? null,
    embedsStripped: stripEmbeds,
    interactionId: interaction?.id ?? null,
  };
  core.state.addMessage(channel, stored);
  if (channel.thread && !ephemeral) {
    channel.thread.messageCount += 1;
    channel.thread.totalMessageSent += 1;
    reopenForMessage(core, channel);
    markActive(core, channel.thread);
    // Posting in a thread makes the author a member of it (webhook messages have no member).
    if (!input.webhookId) channel.thread.memberIds.add(author.id);
  }
  if (!ephemeral) dispatchMessage(core, 'MESSAGE_CREATE', stored);
  core.state.touch();
  return stored;
}

export interface MessageEdit {
  body: MessageBody;
  files: UploadedFile[];
  permissions: bigint;
  /** Interaction/webhook edits may embed regardless of EmbedLinks. */
  webhook: boolean;
}

/** PATCH semantics: only the fields present change; the loading flag of a deferred reply is cleared. */
/** Whether the message would show nothing once the edit is applied (Discord: 50006, not an empty message). */
function editLeavesEmpty(message: APIMessage, edit: MessageEdit, stripEmbeds: boolean): boolean {
  const { body } = edit;
  const content = 'content' in body ? (body.content ?? '') : message.content;
  const embeds = 'embeds' in body ? (stripEmbeds ? 0 : (body.embeds?.length ?? 0)) : message.embeds.length;
  const components = 'components' in body ? (body.components?.length ?? 0) : (message.components?.length ?? 0);
  const attachments = 'attachments' in body || edit.files.length > 0 ? keptAttachments(body, message.attachments).length + edit.files.length : message.attachments.length;
  return !content && embeds === 0 && components === 0 && attachments === 0 && !message.sticker_items?.length && !message.poll;
}

export function editMessage(core: Core, stored: StoredMessage, edit: MessageEdit): StoredMessage {
  const { body } = edit;
  const channel = core.state.requireChannel(stored.channelId);
  const message = stored.message;
  const strip = 'embeds' in body && dropsEmbeds(body, edit.permissions, edit.webhook);
  if (editLeavesEmpty(message, edit, strip)) throw Errors.emptyMessage();
  if ('content' in body) message.content = body.content ?? '';
  if ('embeds' in body) {
    stored.embedsStripped = strip;
    message.embeds = strip ? [] : storedEmbeds(body.embeds);
  }
  if ('components' in body) message.components = storedComponents(body.components);
  if ('flags' in body && body.flags !== null && body.flags !== undefined) {
    const keep = (message.flags ?? 0) & ~MessageFlags.SuppressEmbeds;
    message.flags = keep | (body.flags & MessageFlags.SuppressEmbeds);
  }
  message.flags = (message.flags ?? 0) & ~MessageFlags.Loading;
  if ('attachments' in body || edit.files.length > 0) {
    message.attachments = attachmentsFor(core, channel, body, edit.files, Boolean(stored.ephemeralFor), message.attachments);
  }
  if ('content' in body) {
    // New content is parsed afresh with the edit's own allowed_mentions or the defaults, never the original's
    // (resources/message, Edit Message).
    stored.allowedMentions = toAllowedMentions(body.allowed_mentions);
    const pinged = mentionState(core, channel, message.content, stored.allowedMentions, edit.permissions, null, edit.webhook);
    stored.pinged = pinged;
    message.mention_everyone = pinged.everyone;
    message.mention_roles = pinged.roles;
    message.mentions = pinged.users.map((id) => core.state.users.get(id)).filter((u): u is UserRecord => u !== undefined).map(userPayload);
  }
  message.edited_timestamp = new Date(core.now()).toISOString();
  if (!stored.ephemeralFor) dispatchMessage(core, 'MESSAGE_UPDATE', stored);
  core.state.touch();
  return stored;
}

export function deleteMessage(core: Core, stored: StoredMessage): void {
  stored.deleted = true;
  const channel = core.state.channels.get(stored.channelId);
  if (!stored.ephemeralFor && (!channel || botHearsMessagesIn(core, channel))) {
    core.gateway.dispatch('MESSAGE_DELETE', { id: stored.message.id, channel_id: stored.channelId, ...(stored.guildId ? { guild_id: stored.guildId } : {}) }, { guildId: stored.guildId });
  }
  core.state.touch();
}

/**
 * Whether a bot without the Message Content intent still gets a message's content: in DMs, its own messages and
 * messages that mention it (a reply that pings it included), as the message-content intent FAQ lists them.
 */
function contentVisible(core: Core, message: APIMessage, guildId: string | null): boolean {
  return !guildId || message.author.id === core.bot.id || message.mentions.some((u) => u.id === core.bot.id);
}

/**
 * What a bot without the intent gets instead of the fields exposing a message's content (nothing when it may see
 * them); a replied-to message is judged on its own.
 */
function withoutMessageContent(core: Core, message: APIMessage, guildId: string | null): Partial<APIMessage> {
  const referenced = message.referenced_message;
  const hiddenReference = referenced ? withoutMessageContent(core, referenced, guildId) : {};
  return {
    ...(contentVisible(core, message, guildId) ? {} : { content: '', embeds: [], attachments: [], components: [] }),
    ...(referenced && Object.keys(hiddenReference).length > 0 ? { referenced_message: { ...referenced, ...hiddenReference } } : {}),
  };
}

/** MESSAGE_CREATE/UPDATE: the message plus guild_id and the author's member, content hidden without MessageContent. */
export function dispatchMessage(core: Core, event: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', stored: StoredMessage): void {
  const channel = core.state.channels.get(stored.channelId);
  if (channel && !botHearsMessagesIn(core, channel)) return;
  const guild = stored.guildId ? core.state.guilds.get(stored.guildId) : undefined;
  const member = guild?.members.get(stored.authorId);
  const payload = {
    ...stored.message,
    ...(stored.guildId ? { guild_id: stored.guildId } : {}),
    ...(member && !stored.message.webhook_id ? { member: { roles: member.roles, joined_at: member.joinedAt, nick: member.nick, deaf: false, mute: false, flags: 0, pending: false, premium_since: null, avatar: null, communication_disabled_until: null } } : {}),
  };
  const hidden = withoutMessageContent(core, stored.message, stored.guildId);
  const withoutContent = Object.keys(hidden).length > 0 ? { ...payload, ...hidden } : undefined;
  core.gateway.dispatch(event, payload, { guildId: stored.guildId, ...(withoutContent ? { withoutContent } : {}) });
}
