import { randomBytes } from 'node:crypto';
import { ChannelType, InteractionContextType, InteractionType, Locale } from 'discord-api-types/v10';
import type { APIBaseInteraction, APIInteraction } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { channelPayload, interactionGuildPayload, memberPayload, userPayload } from '../payloads.js';
import { nextSnowflake } from '../snowflake.js';
import type { ChannelRecord, GuildRecord, StoredMessage, UserRecord } from '../state/records.js';
import { permissionsIn } from './access.js';
import { authorizingOwners } from './interaction-metadata.js';
import type { InteractionRecord } from './interaction-registry.js';
import { archiveIdleThreads } from './thread-state.js';

export interface InteractionSpec {
  type: InteractionType;
  data: Record<string, unknown>;
  guildId: string | null;
  channelId: string;
  userId: string;
  commandName?: string | null;
  sourceMessage?: StoredMessage | null;
  parentId?: string | null;
}

/** Discord's default upload limit for a server without boosts (10 MiB). */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/** The bot's DM channel with a user, created on first use (as POST /users/@me/channels does). */
export function dmChannelFor(core: Core, userId: string): ChannelRecord {
  const existing = core.state.dmChannels.get(userId);
  const found = existing ? core.state.channels.get(existing) : undefined;
  if (found) return found;
  const channel: ChannelRecord = {
    id: nextSnowflake(),
    type: ChannelType.DM,
    guildId: null,
    name: null,
    parentId: null,
    position: 0,
    topic: null,
    nsfw: false,
    overwrites: [],
    lastMessageId: null,
    recipientId: userId,
    thread: null,
    flags: 0,
    availableTags: [],
    deleted: false,
    messages: new Map(),
  };
  core.state.channels.set(channel.id, channel);
  core.state.dmChannels.set(userId, channel.id);
  return channel;
}

/** Build the INTERACTION_CREATE payload exactly as Discord sends it, register the interaction and dispatch it. */
export function dispatchInteraction(core: Core, spec: InteractionSpec): InteractionRecord {
  // The interaction carries its channel: a thread idle past its auto-archive shows archived.
  archiveIdleThreads(core);
  const user = core.state.requireUser(spec.userId);
  const channel = core.state.requireChannel(spec.channelId);
  const guild = spec.guildId ? core.state.requireGuild(spec.guildId) : null;
  if (!core.gateway.hasReceiver(spec.guildId)) {
    const shard = spec.guildId ? `shard of guild ${spec.guildId}` : 'shard 0 (DMs)';
    throw new Error(`no gateway session receives the ${shard}: is the bot logged in?`);
  }
  const now = Date.now();
  const record: InteractionRecord = {
    id: nextSnowflake(core.now()),
    token: `aW50ZXJhY3Rpb246${randomBytes(60).toString('base64url')}`,
    type: spec.type,
    guildId: spec.guildId,
    channelId: channel.id,
    userId: user.id,
    commandName: spec.commandName ?? null,
    sourceMessageId: spec.sourceMessage?.message.id ?? null,
    parentId: spec.parentId ?? null,
    dispatchedAt: now,
    dispatchedHr: performance.now(),
    deadlineAt: now + core.config.interactionDeadlineMs,
    expiresAt: core.now() + core.config.interactionTokenTtlMs,
    acknowledged: false,
    callback: null,
    callbackAt: null,
    latencyMs: null,
    originalMessageId: null,
    pending: false,
    followUpIds: [],
    ephemeral: false,
    modal: null,
    choices: null,
    version: 0,
    activityHr: null,
  };
  core.interactions.add(record);

  const users = (id: string) => core.state.users.get(id);
  const where = guild ? inGuild(core, guild, user, channel) : { user: userPayload(user) };
  // Every field but the type and its data is checked against discord-api-types here.
  const fields = {
    id: record.id,
    application_id: core.config.applicationId,
    channel: channelPayload(channel, users),
    channel_id: channel.id,
    token: record.token,
    version: 1,
    app_permissions: permissionsIn(core, channel, core.bot.id).toString(),
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: authorizingOwners(guild?.id ?? null),
    context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
    ...where,
  } satisfies Omit<APIBaseInteraction<InteractionType, unknown>, 'type' | 'data'>;
  // The data is the driver's, built for the type it dispatches, and for a crafted interaction off Discord's shape on
  // purpose (option values of the wrong type): discord-api-types cannot check it, so it alone is asserted.
  const payload = { ...fields, type: spec.type, data: spec.data as unknown, ...(spec.sourceMessage ? { message: spec.sourceMessage.message } : {}) } as APIInteraction;

  core.stats.data.interactions.dispatched += 1;
  core.gateway.dispatch('INTERACTION_CREATE', payload, { guildId: spec.guildId, intent: null });
  // Wake waiters when the deadline passes so an unanswered invoke fails promptly.
  setTimeout(() => core.interactions.poke(record.id), core.config.interactionDeadlineMs + 1).unref();
  core.state.touch();
  return record;
}


/** What an interaction in a server adds: the guild, its locale and the member with their permissions in the channel. */
function inGuild(core: Core, guild: GuildRecord, user: UserRecord, channel: ChannelRecord) {
  const member = guild.members.get(user.id);
  if (!member) throw new Error(`user ${user.id} is not a member of guild ${guild.id}`);
  return {
    guild_id: guild.id,
    guild: interactionGuildPayload(guild),
    guild_locale: guild.locale as Locale,
    member: { ...memberPayload(member, user), permissions: permissionsIn(core, channel, user.id).toString() },
  };
}

export const isComponentLike = (record: InteractionRecord): boolean =>
  record.type === InteractionType.MessageComponent || (record.type === InteractionType.ModalSubmit && record.sourceMessageId !== null);
