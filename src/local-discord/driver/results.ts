import { InteractionResponseType } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import type { InteractionRecord } from '../services/interaction-registry.js';
import type { StoredMessage } from '../state/records.js';
import type { InteractionResult, LoggedMessage } from './types.js';

/**
 * The same shape as `logged` without copying anything: for predicates that only read, run against
 * every message of a channel on every change (a deep copy each time made waits quadratic).
 */
export function peek(stored: StoredMessage): LoggedMessage {
  return {
    ...stored.message,
    pinged: stored.pinged,
    allowedMentions: stored.allowedMentions,
    deleted: stored.deleted,
    ephemeralFor: stored.ephemeralFor,
    embedsStripped: stored.embedsStripped,
  };
}

export function logged(stored: StoredMessage): LoggedMessage {
  return {
    ...structuredClone(stored.message),
    pinged: structuredClone(stored.pinged),
    allowedMentions: structuredClone(stored.allowedMentions),
    deleted: stored.deleted,
    ephemeralFor: stored.ephemeralFor,
    embedsStripped: stored.embedsStripped,
  };
}

/** Callbacks after which nothing can follow on the token: no webhook exists for a form or for choices. */
export const FINAL_CALLBACKS = new Set<number>([InteractionResponseType.Modal, InteractionResponseType.ApplicationCommandAutocompleteResult]);

/** Acknowledged, not waiting for the edit of a deferred reply or update, and its token quiet for `quietMs`. */
export function isSettled(record: InteractionRecord, quietMs: number): boolean {
  if (!record.acknowledged || record.pending || !record.callback) return false;
  if (FINAL_CALLBACKS.has(record.callback.type)) return true;
  return record.activityHr !== null && performance.now() - record.activityHr >= quietMs;
}

export function resultOf(core: Core, record: InteractionRecord, settled = isSettled(record, core.config.interactionQuietMs)): InteractionResult {
  const channel = core.state.channels.get(record.channelId);
  const message = (id: string | null): LoggedMessage | null => {
    const stored = id ? channel?.messages.get(id) : undefined;
    return stored && !stored.deleted ? logged(stored) : null;
  };
  return {
    interactionId: record.id,
    token: record.token,
    type: record.type,
    acknowledged: record.acknowledged,
    callback: record.callback ? structuredClone(record.callback) : null,
    pending: record.pending,
    ephemeral: record.ephemeral,
    reply: message(record.originalMessageId),
    followUps: record.followUpIds.map(message).filter((m): m is LoggedMessage => m !== null),
    modal: record.modal ? structuredClone(record.modal) : null,
    choices: record.choices ? structuredClone(record.choices) : null,
    latencyMs: record.latencyMs,
    version: record.version,
    settled,
  };
}
