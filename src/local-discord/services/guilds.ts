import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  OverwriteType,
} from 'discord-api-types/v10';
import type { APIGuild, APIGuildMember, APIOverwrite, APIThreadChannel, APIUser, GatewayGuildCreateDispatchData, GatewayGuildMembersChunkDispatchData, GuildFeature, GuildSystemChannelFlags, Locale } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { memberPayload, nonThreadChannelPayload, rolePayload, threadPayload, userPayload } from '../payloads.js';
import type { GuildChannelPayload } from '../payloads.js';
import { DEFAULT_EVERYONE_PERMISSIONS } from '../permissions.js';
import { nextSnowflake } from '../snowflake.js';
import type { ChannelRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord } from '../state/records.js';
import { botCanView } from './access.js';

export type ChannelKind = 'text' | 'announcement' | 'forum' | 'voice' | 'category';

const KIND_TYPES: Record<ChannelKind, ChannelType> = {
  text: ChannelType.GuildText,
  announcement: ChannelType.GuildAnnouncement,
  forum: ChannelType.GuildForum,
  voice: ChannelType.GuildVoice,
  category: ChannelType.GuildCategory,
};

export interface OverwriteInput {
  id: string;
  type: 'role' | 'member' | OverwriteType;
  allow?: bigint | string;
  deny?: bigint | string;
}

export interface CreateGuildInput {
  name: string;
  id?: string;
  ownerId?: string;
  locale?: string;
  /** Permissions of the bot's managed role (none: the bot only has @everyone's). */
  botPermissions?: bigint | string;
  /** Override @everyone's permissions (default: Discord's defaults for a new server). */
  everyonePermissions?: bigint | string;
}

/** What a server admin can change in Server Settings → Overview. */
export interface GuildPatch {
  name?: string;
  /** A text channel of the guild, or null for none. */
  systemChannelId?: string | null;
}

export interface CreateChannelInput {
  name: string;
  type?: ChannelKind;
  id?: string;
  parentId?: string;
  topic?: string;
  nsfw?: boolean;
  permissionOverwrites?: OverwriteInput[];
}

export interface CreateRoleInput {
  name: string;
  id?: string;
  permissions?: bigint | string;
  mentionable?: boolean;
  color?: number;
  hoist?: boolean;
}

export interface CreateUserInput {
  username: string;
  id?: string;
  globalName?: string;
  bot?: boolean;
  dmsBlocked?: boolean;
}

export interface AddMemberInput {
  /** An existing user, or… */
  userId?: string;
  /** …a new user with this name. */
  username?: string;
  roles?: string[];
  nick?: string | null;
}

const now = (): string => new Date().toISOString();

export function toOverwrite(input: OverwriteInput): APIOverwrite {
  const type = input.type === 'role' ? OverwriteType.Role : input.type === 'member' ? OverwriteType.Member : input.type;
  return { id: input.id, type, allow: BigInt(input.allow ?? 0n).toString(), deny: BigInt(input.deny ?? 0n).toString() };
}

export function guildOf(core: Core, guildId: string): GuildRecord {
  const guild = core.state.guilds.get(guildId);
  if (!guild) throw Errors.unknownGuild();
  return guild;
}

function nextPosition(core: Core, guild: GuildRecord, type: ChannelType): number {
  let max = -1;
  for (const id of guild.channelIds) {
    const channel = core.state.channels.get(id);
    if (channel && !channel.deleted && !channel.thread && channel.type === type) max = Math.max(max, channel.position);
  }
  return max + 1;
}

/** GUILD_CREATE as Discord sends it to a bot. */
export function guildCreatePayload(core: Core, guild: GuildRecord): GatewayGuildCreateDispatchData {
  const users = (id: string) => core.state.users.get(id);
  const channels: Exclude<GuildChannelPayload, APIThreadChannel>[] = [];
  const threads: APIThreadChannel[] = [];
  for (const id of guild.channelIds) {
    const channel = core.state.channels.get(id);
    if (!channel || channel.deleted) continue;
    if (channel.thread) {
      if (!channel.thread.archived) threads.push(threadPayload(channel));
    } else {
      channels.push(nonThreadChannelPayload(channel));
    }
  }
  const members: (APIGuildMember & { user: APIUser })[] = [];
  const botMember = guild.members.get(core.bot.id);
  if (botMember) members.push(memberPayload(botMember, core.bot));
  for (const member of guild.members.values()) {
    if (members.length >= 100) break;
    const user = users(member.userId);
    if (user && member.userId !== core.bot.id) members.push(memberPayload(member, user));
  }
  return {
    ...gatewayGuildPayload(guild),
    joined_at: guild.joinedAt,
    large: guild.members.size > 250,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members,
    channels,
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/**
 * The guild object as Discord's REST sends it: discord-api-types' APIGuild plus the fields it leaves out, less
 * `hub_type`, which only the gateway's guild events carry (the spec's guild responses have none).
 */
export type GuildPayload = Omit<APIGuild, 'hub_type'> & { home_header: null; nsfw: boolean; incidents_data: null };

/** The guild object of GUILD_CREATE and GUILD_UPDATE. */
function gatewayGuildPayload(guild: GuildRecord): APIGuild {
  return { ...guildPayload(guild), hub_type: null };
}

/** The guild object of GET /guilds/{id}. */
export function guildPayload(guild: GuildRecord): GuildPayload {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.AllMessages,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()].map(rolePayload),
    emojis: [],
    stickers: [],
    features: [...guild.features] as GuildFeature[],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.systemChannelId ?? null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    home_header: null,
    banner: null,
    // Discord keeps the field and answers "deprecated" since voice regions moved to channels.
    region: 'deprecated',
    nsfw: false,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.locale as Locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

export function membersChunk(
  core: Core,
  guildId: string,
  request: { query?: string; limit?: number; user_ids?: string[] | string; nonce?: string },
): GatewayGuildMembersChunkDispatchData | null {
  const guild = core.state.guilds.get(guildId);
  if (!guild?.botPresent) return null;
  const wanted = request.user_ids === undefined ? null : new Set(Array.isArray(request.user_ids) ? request.user_ids : [request.user_ids]);
  const query = (request.query ?? '').toLowerCase();
  const limit = request.limit && request.limit > 0 ? request.limit : Number.POSITIVE_INFINITY;
  const members: (APIGuildMember & { user: APIUser })[] = [];
  for (const member of guild.members.values()) {
    if (members.length >= limit) break;
    const user = core.state.users.get(member.userId);
    if (!user) continue;
    if (wanted && !wanted.has(user.id)) continue;
    if (query && !user.username.toLowerCase().startsWith(query)) continue;
    members.push(memberPayload(member, user));
  }
  const notFound = wanted ? [...wanted].filter((id) => !guild.members.has(id)) : [];
  return { guild_id: guildId, members, chunk_index: 0, chunk_count: 1, not_found: notFound, ...(request.nonce ? { nonce: request.nonce } : {}) };
}

export function createUser(core: Core, input: CreateUserInput): UserRecord {
  const id = input.id ?? nextSnowflake();
  const user: UserRecord = { id, username: input.username, globalName: input.globalName ?? null, bot: input.bot ?? false, dmsBlocked: input.dmsBlocked ?? false };
  core.state.users.set(id, user);
  core.state.touch();
  return user;
}

export function createGuild(core: Core, input: CreateGuildInput): GuildRecord {
  const id = input.id ?? nextSnowflake();
  if (core.state.guilds.has(id)) throw new Error(`guild ${id} already exists`);
  const ownerId = input.ownerId ?? createUser(core, { username: `${input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-owner` }).id;
  core.state.requireUser(ownerId);
  const joinedAt = now();
  const guild: GuildRecord = {
    id,
    name: input.name,
    ownerId,
    locale: input.locale ?? 'en-US',
    features: [],
    createdAt: Date.now(),
    joinedAt,
    roles: new Map(),
    channelIds: new Set(),
    members: new Map(),
    botPresent: true,
  };
  const everyone: RoleRecord = {
    id,
    guildId: id,
    name: '@everyone',
    permissions: input.everyonePermissions === undefined ? DEFAULT_EVERYONE_PERMISSIONS : BigInt(input.everyonePermissions),
    position: 0,
    color: 0,
    hoist: false,
    mentionable: false,
    managed: false,
  };
  guild.roles.set(id, everyone);
  guild.members.set(ownerId, { userId: ownerId, roles: [], nick: null, joinedAt });
  const botRoles: string[] = [];
  if (input.botPermissions !== undefined) {
    const role: RoleRecord = { ...everyone, id: nextSnowflake(), name: core.bot.username, permissions: BigInt(input.botPermissions), position: 1, managed: true };
    guild.roles.set(role.id, role);
    botRoles.push(role.id);
  }
  guild.members.set(core.bot.id, { userId: core.bot.id, roles: botRoles, nick: null, joinedAt });
  core.state.guilds.set(id, guild);
  // Building payloads nobody receives is what made a 10,000-server world slow to set up.
  if (core.gateway.hasReceiver(id)) core.gateway.dispatch('GUILD_CREATE', guildCreatePayload(core, guild), { guildId: id, intent: null });
  core.state.touch();
  return guild;
}

export function createChannel(core: Core, guildId: string, input: CreateChannelInput): ChannelRecord {
  const guild = guildOf(core, guildId);
  const type = KIND_TYPES[input.type ?? 'text'];
  if (input.parentId) {
    const parent = core.state.channels.get(input.parentId);
    if (!parent || parent.type !== ChannelType.GuildCategory) throw new Error(`parent ${input.parentId} is not a category`);
  }
  const channel: ChannelRecord = {
    id: input.id ?? nextSnowflake(),
    type,
    guildId,
    name: input.name,
    parentId: input.parentId ?? null,
    position: nextPosition(core, guild, type),
    topic: input.topic ?? null,
    nsfw: input.nsfw ?? false,
    overwrites: (input.permissionOverwrites ?? []).map(toOverwrite),
    lastMessageId: null,
    recipientId: null,
    thread: null,
    flags: 0,
    availableTags: [],
    deleted: false,
    messages: new Map(),
  };
  core.state.channels.set(channel.id, channel);
  guild.channelIds.add(channel.id);
  if (botCanView(core, channel)) dispatchChannel(core, 'CHANNEL_CREATE', channel);
  core.state.touch();
  return channel;
}

/** CHANNEL_CREATE/UPDATE/DELETE of a guild channel, or THREAD_CREATE/UPDATE of a thread (`newly_created` on a new one). */
export function dispatchChannel(core: Core, event: 'CHANNEL_CREATE' | 'CHANNEL_UPDATE' | 'CHANNEL_DELETE' | 'THREAD_CREATE' | 'THREAD_UPDATE', channel: ChannelRecord, newlyCreated = false): void {
  const guildId = channel.guildId;
  if (!guildId || !core.gateway.hasReceiver(guildId)) return;
  if (event === 'THREAD_CREATE') core.gateway.dispatch(event, { ...threadPayload(channel), ...(newlyCreated ? { newly_created: true as const } : {}) }, { guildId });
  else if (event === 'THREAD_UPDATE') core.gateway.dispatch(event, threadPayload(channel), { guildId });
  else core.gateway.dispatch(event, { ...nonThreadChannelPayload(channel), guild_id: guildId }, { guildId });
}

export function setPermissionOverwrites(core: Core, channelId: string, overwrites: OverwriteInput[]): ChannelRecord {
  const channel = core.state.requireChannel(channelId);
  if (!channel.guildId || channel.thread) throw new Error('only guild channels have permission overwrites');
  channel.overwrites = overwrites.map(toOverwrite);
  dispatchChannel(core, 'CHANNEL_UPDATE', channel);
  core.state.touch();
  return channel;
}

/** The channel disappears: 404 10003 from now on, CHANNEL_DELETE (THREAD_DELETE for threads) to the bot. */
export function deleteChannel(core: Core, channelId: string): void {
  const channel = core.state.requireChannel(channelId);
  channel.deleted = true;
  if (channel.thread) {
    const { id, guild_id: guildId, parent_id: parentId, type } = threadPayload(channel);
    if (guildId && parentId) core.gateway.dispatch('THREAD_DELETE', { id, guild_id: guildId, parent_id: parentId, type }, { guildId });
  } else {
    dispatchChannel(core, 'CHANNEL_DELETE', channel);
  }
  // Like Discord, a deleted system channel leaves the server without one.
  const guild = channel.guildId ? core.state.guilds.get(channel.guildId) : undefined;
  if (guild?.systemChannelId === channel.id) updateGuild(core, guild.id, { systemChannelId: null });
  core.state.touch();
}

/** Changes the guild's settings and tells the bot (GUILD_UPDATE). */
export function updateGuild(core: Core, guildId: string, patch: GuildPatch): GuildRecord {
  const guild = guildOf(core, guildId);
  if (patch.systemChannelId) {
    const channel = core.state.requireChannel(patch.systemChannelId);
    if (channel.guildId !== guildId || channel.type !== ChannelType.GuildText) throw new Error(`the system channel must be a text channel of guild ${guildId}`);
  }
  if (patch.name !== undefined) guild.name = patch.name;
  if (patch.systemChannelId !== undefined) guild.systemChannelId = patch.systemChannelId;
  core.gateway.dispatch('GUILD_UPDATE', gatewayGuildPayload(guild), { guildId });
  core.state.touch();
  return guild;
}

export function createRole(core: Core, guildId: string, input: CreateRoleInput): RoleRecord {
  const guild = guildOf(core, guildId);
  const role: RoleRecord = {
    id: input.id ?? nextSnowflake(),
    guildId,
    name: input.name,
    permissions: BigInt(input.permissions ?? 0n),
    position: guild.roles.size,
    color: input.color ?? 0,
    hoist: input.hoist ?? false,
    mentionable: input.mentionable ?? false,
    managed: false,
  };
  guild.roles.set(role.id, role);
  if (core.gateway.hasReceiver(guildId)) core.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: guildId, role: rolePayload(role) }, { guildId });
  core.state.touch();
  return role;
}

export function updateRole(core: Core, guildId: string, roleId: string, patch: Partial<Omit<CreateRoleInput, 'id'>>): RoleRecord {
  const guild = guildOf(core, guildId);
  const role = guild.roles.get(roleId);
  if (!role) throw Errors.unknownRole();
  if (patch.name !== undefined) role.name = patch.name;
  if (patch.permissions !== undefined) role.permissions = BigInt(patch.permissions);
  if (patch.mentionable !== undefined) role.mentionable = patch.mentionable;
  if (patch.color !== undefined) role.color = patch.color;
  if (patch.hoist !== undefined) role.hoist = patch.hoist;
  core.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: rolePayload(role) }, { guildId });
  core.state.touch();
  return role;
}

function checkRoles(guild: GuildRecord, roles: string[]): void {
  for (const roleId of roles) if (!guild.roles.has(roleId) || roleId === guild.id) throw Errors.unknownRole();
}

export function addMember(core: Core, guildId: string, input: AddMemberInput): { member: MemberRecord; user: UserRecord } {
  const guild = guildOf(core, guildId);
  const user = input.userId ? core.state.requireUser(input.userId) : createUser(core, { username: input.username ?? `user-${guild.members.size}` });
  const roles = input.roles ?? [];
  checkRoles(guild, roles);
  const member: MemberRecord = { userId: user.id, roles: [...roles], nick: input.nick ?? null, joinedAt: now() };
  guild.members.set(user.id, member);
  core.gateway.dispatch('GUILD_MEMBER_ADD', { ...memberPayload(member, user), guild_id: guildId }, { guildId });
  core.state.touch();
  return { member, user };
}

export function updateMember(core: Core, guildId: string, userId: string, patch: { roles?: string[]; nick?: string | null }): MemberRecord {
  const guild = guildOf(core, guildId);
  const member = guild.members.get(userId);
  if (!member) throw Errors.unknownMember();
  if (patch.roles) {
    checkRoles(guild, patch.roles);
    member.roles = [...patch.roles];
  }
  if (patch.nick !== undefined) member.nick = patch.nick;
  const user = core.state.requireUser(userId);
  // The bot hears about its own member whatever its intents (events/gateway, Guild Member Update).
  core.gateway.dispatch('GUILD_MEMBER_UPDATE', { ...memberPayload(member, user), guild_id: guildId }, { guildId, ...(userId === core.bot.id ? { intent: null } : {}) });
  core.state.touch();
  return member;
}

export function removeMember(core: Core, guildId: string, userId: string): void {
  const guild = guildOf(core, guildId);
  if (userId === core.bot.id) {
    removeBot(core, guildId);
    return;
  }
  if (!guild.members.delete(userId)) throw Errors.unknownMember();
  const user = core.state.requireUser(userId);
  core.gateway.dispatch('GUILD_MEMBER_REMOVE', { guild_id: guildId, user: userPayload(user) }, { guildId });
  core.state.touch();
}

/** The bot is kicked: GUILD_DELETE without `unavailable`, and the guild is gone for its REST calls. */
export function removeBot(core: Core, guildId: string): void {
  const guild = guildOf(core, guildId);
  core.gateway.dispatch('GUILD_DELETE', { id: guildId }, { guildId, intent: null });
  guild.botPresent = false;
  guild.members.delete(core.bot.id);
  core.state.touch();
}
