import { randomBytes } from 'node:crypto';
import { ChannelType, InteractionContextType, InteractionType } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { channelPayload, interactionGuildPayload, memberPayload, userPayload } from '../payloads.js';
import { nextSnowflake } from '../snowflake.js';
import type { ChannelRecord, StoredMessage } from '../state/records.js';
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
  const payload: Record<string, unknown> = {
    id: record.id,
    application_id: core.config.applicationId,
    type: spec.type,
    data: spec.data,
    channel: channelPayload(channel, users),
    channel_id: channel.id,
    token: record.token,
    version: 1,
    app_permissions: permissionsIn(core, channel, core.bot.id).toString(),
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: authorizingOwners(guild?.id ?? null),
    context: guild ? InteractionContextType.Guild : InteractionContextType.BotDM,
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
  if (guild) {
    const member = guild.members.get(user.id);
    if (!member) throw new Error(`user ${user.id} is not a member of guild ${guild.id}`);
    payload.guild_id = guild.id;
    payload.guild = interactionGuildPayload(guild);
    payload.guild_locale = guild.locale;
    payload.member = { ...memberPayload(member, user), permissions: permissionsIn(core, channel, user.id).toString() };
  } else {
    payload.user = userPayload(user);
  }
  if (spec.sourceMessage) payload.message = spec.sourceMessage.message;

  core.stats.data.interactions.dispatched += 1;
  core.gateway.dispatch('INTERACTION_CREATE', payload, { guildId: spec.guildId, intent: null });
  // Wake waiters when the deadline passes so an unanswered invoke fails promptly.
  setTimeout(() => core.interactions.poke(record.id), core.config.interactionDeadlineMs + 1).unref();
  core.state.touch();
  return record;
}


export const isComponentLike = (record: InteractionRecord): boolean =>
  record.type === InteractionType.MessageComponent || (record.type === InteractionType.ModalSubmit && record.sourceMessageId !== null);
