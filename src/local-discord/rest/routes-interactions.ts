import { ApplicationCommandType, InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { isComponentLike } from '../services/interaction-dispatch.js';
import type { InteractionRecord } from '../services/interaction-registry.js';
import { createMessage, editMessage } from '../services/messages.js';
import { permissionsIn } from '../services/access.js';
import type { StoredMessage } from '../state/records.js';
import { validateAutocomplete, validateModal } from '../validation/callback.js';
import { parseBody } from '../validation/form.js';
import { validateMessageBody } from '../validation/message.js';
import { callbackSchema } from '../validation/schemas.js';
import { noContent, ok, param } from './types.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

const R = InteractionResponseType;

/** How stats group latencies: `/ask`, `autocomplete /cto topic`, `component`, `modal`. */
function latencyKind(record: InteractionRecord): string {
  switch (record.type) {
    case InteractionType.ApplicationCommand:
      return `/${record.commandName ?? '?'}`;
    case InteractionType.ApplicationCommandAutocomplete:
      return `autocomplete /${record.commandName ?? '?'}`;
    case InteractionType.MessageComponent:
      return 'component';
    default:
      return 'modal';
  }
}

function invalidType(): never {
  throw Errors.invalidForm(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', 'Interaction response type is not valid for this interaction type');
}

function responseMessageType(core: Core, record: InteractionRecord): MessageType {
  if (record.type !== InteractionType.ApplicationCommand) return MessageType.Default;
  const command = record.commandName ? core.commands.find(record.commandName.split(' ')[0] ?? '', record.guildId) : undefined;
  return command && command.type !== ApplicationCommandType.ChatInput ? MessageType.ContextMenuCommand : MessageType.ChatInputCommand;
}

/**
 * A deferred response takes only the ephemeral flag (receiving-and-responding: "the only valid message flag you
 * may use is EPHEMERAL"); Discord drops the others silently, the emulator refuses them so the bot learns it.
 */
function deferredFlags(data: unknown): number {
  const flags = (data as { flags?: unknown } | null | undefined)?.flags ?? 0;
  if (typeof flags !== 'number' || (flags & ~MessageFlags.Ephemeral) !== 0) {
    throw Errors.invalidForm(['data', 'flags'], 'MESSAGE_FLAGS_INVALID', 'A deferred response may only set the EPHEMERAL flag (64)');
  }
  return flags;
}

/** Apply one initial callback; throws (leaving the interaction unacknowledged) when the body is invalid. */
function apply(core: Core, record: InteractionRecord, request: RestRequest, type: number, data: unknown): StoredMessage | null {
  const channel = core.state.requireChannel(record.channelId);
  const permissions = permissionsIn(core, channel, core.bot.id);
  switch (type) {
    case R.ChannelMessageWithSource:
    case R.DeferredChannelMessageWithSource: {
      if (record.type === InteractionType.ApplicationCommandAutocomplete) invalidType();
      const deferred = type === R.DeferredChannelMessageWithSource;
      const body = deferred ? { flags: deferredFlags(data) } : validateMessageBody(data, { mode: 'create', fileCount: request.files.length });
      const ephemeral = ((body.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      const stored = createMessage(core, {
        channel,
        author: core.bot,
        body: deferred ? { content: '', flags: body.flags ?? 0 } : body,
        files: deferred ? [] : request.files,
        permissions,
        type: responseMessageType(core, record),
        webhookId: core.config.applicationId,
        interaction: record,
        ephemeralFor: ephemeral ? record.userId : null,
        extraFlags: deferred ? MessageFlags.Loading : 0,
      });
      record.originalMessageId = stored.message.id;
      record.ephemeral = ephemeral;
      record.pending = deferred;
      return stored;
    }
    case R.DeferredMessageUpdate:
    case R.UpdateMessage: {
      if (!isComponentLike(record) || !record.sourceMessageId) invalidType();
      const source = core.state.requireMessage(channel, record.sourceMessageId);
      record.originalMessageId = source.message.id;
      record.ephemeral = source.ephemeralFor !== null;
      if (type === R.DeferredMessageUpdate) {
        deferredFlags(data);
        record.pending = true;
        return source;
      }
      const body = validateMessageBody(data, { mode: 'edit', fileCount: request.files.length });
      return editMessage(core, source, { body, files: request.files, permissions, webhook: true });
    }
    case R.ApplicationCommandAutocompleteResult:
      if (record.type !== InteractionType.ApplicationCommandAutocomplete) invalidType();
      record.choices = validateAutocomplete(data);
      return null;
    case R.Modal:
      if (record.type === InteractionType.ApplicationCommandAutocomplete || record.type === InteractionType.ModalSubmit) invalidType();
      record.modal = validateModal(data);
      return null;
    default:
      return invalidType();
  }
}

function callback(core: Core, request: RestRequest): RestResult {
  const record = core.interactions.get(param(request, 'interactionId'));
  if (!record || record.token !== param(request, 'token')) throw Errors.unknownInteraction();
  if (record.acknowledged) {
    core.stats.data.interactions.doubleAcknowledged += 1;
    throw Errors.alreadyAcknowledged();
  }
  const now = Date.now();
  if (now > record.deadlineAt) {
    core.stats.data.interactions.late += 1;
    throw Errors.unknownInteraction();
  }
  const { type, data } = parseBody(callbackSchema, request.body);
  const message = apply(core, record, request, type, data);
  record.acknowledged = true;
  record.callback = { type, data: data ?? null };
  record.callbackAt = now;
  record.latencyMs = Math.round((performance.now() - record.dispatchedHr) * 100) / 100;
  core.stats.data.interactions.acknowledged += 1;
  core.stats.latency(record.latencyMs, latencyKind(record));
  core.interactions.changed(record);
  if (request.query.get('with_response') !== 'true') return noContent();
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      ...(message ? { response_message_id: message.message.id, response_message_loading: record.pending && type === R.DeferredChannelMessageWithSource, response_message_ephemeral: record.ephemeral } : {}),
    },
    // A resource (the message) only for the callbacks that write one now; deferred, modal and autocomplete callbacks
    // have none (receiving-and-responding, Interaction Callback Resource Object; the spec's InteractionCallbackResponse).
    ...(message && (type === R.ChannelMessageWithSource || type === R.UpdateMessage) ? { resource: { type, message: message.message } } : {}),
  });
}

export const interactionRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/interactions/:interactionId/:token/callback', auth: false, globalExempt: true, routeLimited: false, handle: callback },
];
