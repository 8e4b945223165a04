import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { permissionsIn } from '../services/access.js';
import type { InteractionRecord } from '../services/interaction-registry.js';
import { createMessage, deleteMessage, editMessage } from '../services/messages.js';
import type { StoredMessage } from '../state/records.js';
import { validateMessageBody } from '../validation/message.js';
import { noContent, ok, param } from './types.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

const MESSAGE_CALLBACKS = new Set<number>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
]);

/** The interaction behind `/webhooks/{application.id}/{interaction.token}`; the token works for 15 minutes. */
function interactionOf(core: Core, request: RestRequest): InteractionRecord {
  const record = core.interactions.byTokenValue(param(request, 'token'));
  if (param(request, 'webhookId') !== core.config.applicationId || !record) throw Errors.unknownWebhook();
  core.interactions.active(record);
  if (core.now() > record.expiresAt) throw Errors.invalidWebhookToken();
  // Before the initial response there is no webhook to talk to.
  if (!record.acknowledged || !record.callback || !MESSAGE_CALLBACKS.has(record.callback.type)) throw Errors.unknownWebhook();
  return record;
}

function messageOf(core: Core, record: InteractionRecord, id: string): StoredMessage {
  const channel = core.state.requireChannel(record.channelId);
  const messageId = id === '@original' ? record.originalMessageId : id;
  if (!messageId || (messageId !== record.originalMessageId && !record.followUpIds.includes(messageId))) throw Errors.unknownMessage();
  return core.state.requireMessage(channel, messageId);
}

function followUp(core: Core, request: RestRequest): RestResult {
  const record = interactionOf(core, request);
  const channel = core.state.requireChannel(record.channelId);
  const body = validateMessageBody(request.body, { mode: 'create', fileCount: request.files.length });
  const permissions = permissionsIn(core, channel, core.bot.id);
  let stored: StoredMessage;
  const original = record.originalMessageId ? channel.messages.get(record.originalMessageId) : undefined;
  if (record.pending && original && !original.deleted && ((original.message.flags ?? 0) & MessageFlags.Loading) !== 0) {
    // Discord: the first follow-up after a deferred reply replaces the "thinking…" message
    // (once that message was deleted, a follow-up is a new message of its own).
    stored = editMessage(core, original, { body, files: request.files, permissions, webhook: true });
  } else {
    const ephemeral = ((body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    stored = createMessage(core, {
      channel,
      author: core.bot,
      body,
      files: request.files,
      permissions,
      webhookId: core.config.applicationId,
      interaction: record,
      followUpOf: record.originalMessageId,
      ephemeralFor: ephemeral ? record.userId : null,
    });
    record.followUpIds.push(stored.message.id);
  }
  record.pending = false;
  core.interactions.changed(record);
  // A follow-up is Execute Webhook with `wait` always true: the message comes back whatever the query says.
  return ok(stored.message);
}

function edit(core: Core, request: RestRequest): RestResult {
  const record = interactionOf(core, request);
  const stored = messageOf(core, record, param(request, 'messageId'));
  const channel = core.state.requireChannel(record.channelId);
  const body = validateMessageBody(request.body, { mode: 'edit', fileCount: request.files.length });
  editMessage(core, stored, { body, files: request.files, permissions: permissionsIn(core, channel, core.bot.id), webhook: true });
  if (stored.message.id === record.originalMessageId) record.pending = false;
  core.interactions.changed(record);
  return ok(stored.message);
}

function remove(core: Core, request: RestRequest): RestResult {
  const record = interactionOf(core, request);
  deleteMessage(core, messageOf(core, record, param(request, 'messageId')));
  core.interactions.changed(record);
  return noContent();
}

const MESSAGE = '/webhooks/:webhookId/:token/messages/:messageId';
/** Creating, editing and deleting through an interaction's webhook share one bucket per token, as on Discord. */
const WEBHOOK_BUCKET = 'POST /webhooks/:webhookId/:token';

export const webhookRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/webhooks/:webhookId/:token', auth: false, globalExempt: true, handle: followUp, rules: (r) => void validateMessageBody(r.body, { mode: 'create', fileCount: r.files.length }) },
  { method: 'GET', pattern: MESSAGE, auth: false, globalExempt: true, handle: (core, r) => ok(messageOf(core, interactionOf(core, r), param(r, 'messageId')).message) },
  { method: 'PATCH', pattern: MESSAGE, auth: false, globalExempt: true, bucketOf: WEBHOOK_BUCKET, handle: edit, rules: (r) => void validateMessageBody(r.body, { mode: 'edit', fileCount: r.files.length }) },
  { method: 'DELETE', pattern: MESSAGE, auth: false, globalExempt: true, bucketOf: WEBHOOK_BUCKET, handle: remove },
];
