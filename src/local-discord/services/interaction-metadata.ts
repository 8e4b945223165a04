import { InteractionType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandInteractionMetadata,
  APIAuthorizingIntegrationOwnersMap,
  APIMessageComponentInteractionMetadata,
  APIMessageInteraction,
  APIMessageInteractionMetadata,
  ApplicationIntegrationType,
} from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { userPayload } from '../payloads.js';
import { nextSnowflake } from '../snowflake.js';
import type { UserRecord } from '../state/records.js';
import type { InteractionRecord } from './interaction-registry.js';

const GUILD_INSTALL = '0' as `${ApplicationIntegrationType.GuildInstall}`;

/**
 * The bot is installed to servers only, so only GUILD_INSTALL ("0") is present: the guild's id, or "0" in a DM
 * with the bot (receiving-and-responding, Authorizing Integration Owners Object).
 */
export function authorizingOwners(guildId: string | null): APIAuthorizingIntegrationOwnersMap {
  return { [GUILD_INSTALL]: guildId ?? '0' };
}

type Triggering = APIApplicationCommandInteractionMetadata | APIMessageComponentInteractionMetadata;

/** The command or component interaction behind a modal; a crafted submission has none, so one is made up from what it claims. */
function triggeringMetadata(core: Core, record: InteractionRecord, user: UserRecord): Triggering {
  const parent = record.parentId ? core.interactions.get(record.parentId) : undefined;
  const base = { user: userPayload(user), authorizing_integration_owners: authorizingOwners(record.guildId) };
  const sourceMessageId = parent ? parent.sourceMessageId : record.sourceMessageId;
  if ((parent ? parent.type === InteractionType.MessageComponent : sourceMessageId !== null) && sourceMessageId) {
    return { ...base, id: parent?.id ?? nextSnowflake(), type: InteractionType.MessageComponent, interacted_message_id: sourceMessageId };
  }
  return { ...base, id: parent?.id ?? nextSnowflake(), type: InteractionType.ApplicationCommand };
}

/**
 * `interaction_metadata` of a message created by an interaction, per type as Discord sends it (the command's
 * name is only in the deprecated `interaction` object); `original_response_message_id` on follow-ups.
 */
export function interactionMetadata(core: Core, record: InteractionRecord, user: UserRecord, followUpOf: string | null): APIMessageInteractionMetadata {
  const base = {
    id: record.id,
    user: userPayload(user),
    authorizing_integration_owners: authorizingOwners(record.guildId),
    ...(followUpOf ? { original_response_message_id: followUpOf } : {}),
  };
  if (record.type === InteractionType.ModalSubmit) return { ...base, type: InteractionType.ModalSubmit, triggering_interaction_metadata: triggeringMetadata(core, record, user) };
  if (record.type === InteractionType.MessageComponent && record.sourceMessageId) return { ...base, type: InteractionType.MessageComponent, interacted_message_id: record.sourceMessageId };
  return { ...base, type: InteractionType.ApplicationCommand };
}

/** The deprecated `interaction` object Discord still sends beside `interaction_metadata`. */
export function messageInteraction(record: InteractionRecord, user: UserRecord): APIMessageInteraction {
  return { id: record.id, type: record.type, name: record.commandName ?? '', user: userPayload(user) };
}
