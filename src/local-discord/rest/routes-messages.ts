import { ChannelType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { has } from '../permissions.js';
import { isTextBased, permissionsIn, requirePermissions } from '../services/access.js';
import { createMessage, deleteMessage, dispatchMessage, editMessage } from '../services/messages.js';
import { threadAcceptsMessage, threadAllowsDelete, threadAllowsEdit } from '../services/thread-state.js';
import type { ChannelRecord, StoredMessage } from '../state/records.js';
import { validateMessageBody } from '../validation/message.js';
import { noContent, ok, param } from './types.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

const P = PermissionFlagsBits;

function sendRight(channel: ChannelRecord): bigint {
  return channel.thread ? P.SendMessagesInThreads : P.SendMessages;
}

function postMessage(core: Core, request: RestRequest): RestResult {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  if (!isTextBased(channel)) {
    if (channel.guildId) requirePermissions(core, channel, P.ViewChannel);
    throw Errors.nonTextChannel();
  }
  if (channel.type === ChannelType.DM && channel.recipientId && core.state.user(channel.recipientId)?.dmsBlocked) throw Errors.cannotMessageUser();
  const body = validateMessageBody(request.body, { mode: 'create', fileCount: request.files.length });
  let needed = sendRight(channel);
  if (request.files.length > 0) needed |= P.AttachFiles;
  if (body.message_reference) needed |= P.ReadMessageHistory;
  const permissions = requirePermissions(core, channel, needed);
  threadAcceptsMessage(channel, permissions);

  const nonceKey = body.enforce_nonce && body.nonce !== null && body.nonce !== undefined ? `${channel.id}:${core.bot.id}:${String(body.nonce)}` : null;
  if (nonceKey) {
    // Same nonce from the same author in the same channel within the window: answer with the first message.
    const seen = core.state.nonces.get(nonceKey);
    const previous = seen && core.now() - seen.at <= core.config.nonceWindowMs ? channel.messages.get(seen.messageId) : undefined;
    if (previous && !previous.deleted) return ok(previous.message);
  }
  let repliedTo: StoredMessage | null = null;
  if (body.message_reference) {
    const target = channel.messages.get(body.message_reference.message_id);
    // A deleted or ephemeral message is no message to reply to: refused, or without fail_if_not_exists a plain message.
    repliedTo = target && !target.deleted && !target.ephemeralFor ? target : null;
    if (!repliedTo && body.message_reference.fail_if_not_exists !== false) {
      // The code Discord answers today (older answers said REPLIES_UNKNOWN_MESSAGE); bots match either.
      throw Errors.invalidForm(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    }
  }
  const stored = createMessage(core, { channel, author: core.bot, body, files: request.files, permissions, repliedTo });
  if (nonceKey) core.state.rememberNonce(nonceKey, stored.message.id, core.now(), core.config.nonceWindowMs);
  return ok(stored.message);
}

function readable(core: Core, channel: ChannelRecord): boolean {
  const permissions = permissionsIn(core, channel, core.bot.id);
  if (!has(permissions, P.ViewChannel)) throw Errors.missingAccess();
  return has(permissions, P.ReadMessageHistory);
}

function listMessages(core: Core, request: RestRequest): RestResult {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  // Without ReadMessageHistory Discord answers an empty list rather than an error.
  if (!readable(core, channel)) return ok([]);
  const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
  const before = request.query.get('before');
  const after = request.query.get('after');
  const visible = [...channel.messages.values()].filter((m) => !m.deleted && !m.ephemeralFor);
  const cmp = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
  let selected: StoredMessage[];
  if (after) selected = visible.filter((m) => cmp(m.message.id, after) > 0).slice(0, limit);
  else if (before) selected = visible.filter((m) => cmp(m.message.id, before) < 0).slice(-limit);
  else selected = visible.slice(-limit);
  return ok(selected.reverse().map((m) => m.message));
}

function messageIn(core: Core, request: RestRequest): { channel: ChannelRecord; stored: StoredMessage } {
  const channel = core.state.requireChannel(param(request, 'channelId'));
  const stored = core.state.requireMessage(channel, param(request, 'messageId'));
  if (stored.ephemeralFor) throw Errors.unknownMessage();
  return { channel, stored };
}

function getMessage(core: Core, request: RestRequest): RestResult {
  const { channel, stored } = messageIn(core, request);
  if (!readable(core, channel)) throw Errors.missingPermissions();
  return ok(stored.message);
}

function patchMessage(core: Core, request: RestRequest): RestResult {
  const { channel, stored } = messageIn(core, request);
  const permissions = requirePermissions(core, channel, 0n);
  if (stored.authorId !== core.bot.id) throw Errors.cannotEditOthers();
  threadAllowsEdit(channel, permissions);
  const body = validateMessageBody(request.body, { mode: 'edit', fileCount: request.files.length });
  return ok(editMessage(core, stored, { body, files: request.files, permissions, webhook: false }).message);
}

function removeMessage(core: Core, request: RestRequest): RestResult {
  const { channel, stored } = messageIn(core, request);
  const permissions = requirePermissions(core, channel, stored.authorId === core.bot.id ? 0n : P.ManageMessages);
  threadAllowsDelete(channel, permissions);
  deleteMessage(core, stored);
  return noContent();
}

function crosspost(core: Core, request: RestRequest): RestResult {
  const { channel, stored } = messageIn(core, request);
  if (channel.type !== ChannelType.GuildAnnouncement) throw Errors.invalidChannelType();
  requirePermissions(core, channel, stored.authorId === core.bot.id ? P.SendMessages : P.ManageMessages);
  const flags = stored.message.flags ?? 0;
  if ((flags & MessageFlags.Crossposted) !== 0) throw Errors.alreadyCrossposted();
  stored.message.flags = flags | MessageFlags.Crossposted;
  dispatchMessage(core, 'MESSAGE_UPDATE', stored);
  core.state.touch();
  return ok(stored.message);
}

const MESSAGE = '/channels/:channelId/messages/:messageId';

export const messageRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/channels/:channelId/messages', handle: postMessage, rules: (r) => void validateMessageBody(r.body, { mode: 'create', fileCount: r.files.length }) },
  { method: 'GET', pattern: '/channels/:channelId/messages', handle: listMessages },
  { method: 'GET', pattern: MESSAGE, handle: getMessage },
  { method: 'PATCH', pattern: MESSAGE, handle: patchMessage, rules: (r) => void validateMessageBody(r.body, { mode: 'edit', fileCount: r.files.length }) },
  { method: 'DELETE', pattern: MESSAGE, handle: removeMessage },
  { method: 'POST', pattern: `${MESSAGE}/crosspost`, handle: crosspost },
];
