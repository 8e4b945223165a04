import { GatewayDispatchEvents, type APIRole, type Client, type Guild } from 'discord.js';

/** What the bot needs to know of any role of a server. */
interface RoleFacts {
  readonly name: string;
  readonly mentionable: boolean;
  /** The bot holds it: its permissions count for the bot's. */
  readonly botHolds: boolean;
}

/** What the bot's permissions in a server start from, before a channel's overwrites. */
interface BotStanding {
  /** @everyone's permissions and those of every role the bot holds, combined. */
  readonly permissions: bigint;
  /** The roles the bot holds (without @everyone): their overwrites apply to it. */
  readonly roleIds: ReadonlySet<string>;
}

const MENTIONABLE = 1;
const BOT_HOLDS = 2;
/** Start of a packed entry, end of its id and end of its permissions; names never contain them (stripped when packed). */
const ENTRY = '\n';
const AFTER_ID = '\t';

type RoleData = Pick<APIRole, 'id' | 'name' | 'mentionable'> & { readonly permissions?: unknown };

/** Discord sends permissions as a decimal string; hex is shorter and BigInt reads it back. */
const packedPermissions = (permissions: unknown): string => (typeof permissions === 'string' && /^\d+$/.test(permissions) ? BigInt(permissions).toString(16) : '0');

function packRole(role: RoleData, botHolds: boolean): string {
  const flags = (role.mentionable ? MENTIONABLE : 0) | (botHolds ? BOT_HOLDS : 0);
  return `${ENTRY}${role.id}${AFTER_ID}${flags}${packedPermissions(role.permissions)}${AFTER_ID}${role.name.replace(/[\n\t]/g, ' ')}`;
}

/** The entry of one role in a packed server: [start, end) of the whole entry, or null. */
function entryOf(packed: string, roleId: string): readonly [number, number] | null {
  const start = packed.indexOf(`${ENTRY}${roleId}${AFTER_ID}`);
  if (start < 0) return null;
  const next = packed.indexOf(ENTRY, start + 1);
  return [start, next < 0 ? packed.length : next];
}

function unpack(packed: string, [start, end]: readonly [number, number]): RoleFacts {
  const flagsAt = packed.indexOf(AFTER_ID, start) + 1;
  const flags = packed.charCodeAt(flagsAt) - 48;
  const nameAt = packed.indexOf(AFTER_ID, flagsAt) + 1;
  return { name: packed.slice(nameAt, end), mentionable: (flags & MENTIONABLE) !== 0, botHolds: (flags & BOT_HOLDS) !== 0 };
}

/** Every entry's id, flags and permissions (hex), in order. */
const ENTRIES = /\n(\d+)\t(\d)([0-9a-f]+)\t/g;

const isRole = (value: unknown): value is RoleData =>
  typeof value === 'object' && value !== null && typeof (value as RoleData).id === 'string' && typeof (value as RoleData).name === 'string';

/**
 * Every role of every server, in one string per server (`\n<id>\t<flags><permissions>\t<name>` per
 * role), read from the gateway's dispatches before discord.js handles them. discord.js keeps no Role
 * objects at all (client.ts): 20 of them a server cost ~8 KB, their packed entries ~0.8 KB. Mention
 * names, "is this role mentionable" and the bot's own permissions come from here.
 */
export class RoleDirectory {
  readonly #servers = new Map<string, string>();

  role(guildId: string, roleId: string): RoleFacts | undefined {
    const packed = this.#servers.get(guildId);
    const entry = packed === undefined ? null : entryOf(packed, roleId);
    return packed === undefined || entry === null ? undefined : unpack(packed, entry);
  }

  /** The bot's permissions from @everyone and its roles, and which roles it holds; undefined for a server it is not in. */
  botStanding(guildId: string): BotStanding | undefined {
    const packed = this.#servers.get(guildId);
    if (packed === undefined) return undefined;
    let permissions = 0n;
    const roleIds = new Set<string>();
    for (const [, id, flags, hex] of packed.matchAll(ENTRIES)) {
      const holds = (Number(flags) & BOT_HOLDS) !== 0;
      if (!id || (!holds && id !== guildId)) continue;
      permissions |= BigInt(`0x${hex}`);
      if (holds && id !== guildId) roleIds.add(id);
    }
    return { permissions, roleIds };
  }

  /** Follows the gateway: every server's roles, and which of them the bot holds. */
  attach(client: Client): void {
    const ws = client.ws;
    ws.on(GatewayDispatchEvents.GuildCreate, (data: { id: string; unavailable?: boolean; roles?: unknown[]; members?: { user?: { id: string }; roles?: string[] }[] }) => {
      if (data.unavailable || !Array.isArray(data.roles)) return;
      const me = data.members?.find((member) => member.user?.id === client.user?.id);
      this.#servers.set(data.id, this.#pack(data.roles, new Set(me?.roles ?? [])));
    });
    ws.on(GatewayDispatchEvents.GuildUpdate, (data: { id: string; roles?: unknown[] }) => {
      if (Array.isArray(data.roles)) this.#servers.set(data.id, this.#pack(data.roles, new Set(this.#botRoleIds(data.id))));
    });
    ws.on(GatewayDispatchEvents.GuildDelete, (data: { id: string }) => this.#servers.delete(data.id));
    const upsert = (data: { guild_id: string; role: unknown }) => {
      if (!isRole(data.role)) return;
      this.#put(data.guild_id, data.role.id, packRole(data.role, this.role(data.guild_id, data.role.id)?.botHolds ?? false));
    };
    ws.on(GatewayDispatchEvents.GuildRoleCreate, upsert);
    ws.on(GatewayDispatchEvents.GuildRoleUpdate, upsert);
    ws.on(GatewayDispatchEvents.GuildRoleDelete, (data: { guild_id: string; role_id: string }) => this.#put(data.guild_id, data.role_id, ''));
    // Sent for the bot itself even without the Server Members intent.
    ws.on(GatewayDispatchEvents.GuildMemberUpdate, (data: { guild_id: string; user?: { id: string }; roles?: string[] }) => {
      if (data.user?.id === client.user?.id && Array.isArray(data.roles)) this.#markBotRoles(data.guild_id, new Set(data.roles));
    });
  }

  #pack(roles: readonly unknown[], botRoles: ReadonlySet<string>): string {
    return roles.flatMap((role) => (isRole(role) ? [packRole(role, botRoles.has(role.id))] : [])).join('');
  }

  /** Replaces (or with '' removes) one role's entry, appending a new one. */
  #put(guildId: string, roleId: string, entry: string): void {
    const packed = this.#servers.get(guildId);
    if (packed === undefined) return;
    const at = entryOf(packed, roleId);
    this.#servers.set(guildId, at === null ? packed + entry : packed.slice(0, at[0]) + entry + packed.slice(at[1]));
  }

  #botRoleIds(guildId: string): string[] {
    const packed = this.#servers.get(guildId) ?? '';
    return [...packed.matchAll(ENTRIES)].flatMap(([, id, flags]) => (id && (Number(flags) & BOT_HOLDS) !== 0 ? [id] : []));
  }

  #markBotRoles(guildId: string, botRoles: ReadonlySet<string>): void {
    const packed = this.#servers.get(guildId);
    if (packed === undefined) return;
    this.#servers.set(
      guildId,
      packed.replace(ENTRIES, (_, id: string, flags: string, hex: string) => `${ENTRY}${id}${AFTER_ID}${(Number(flags) & MENTIONABLE) | (botRoles.has(id) ? BOT_HOLDS : 0)}${hex}${AFTER_ID}`),
    );
  }
}

/** One directory per client (tests run several bots in one process). */
const DIRECTORIES = new WeakMap<Client, RoleDirectory>();

export function followRoles(client: Client, directory: RoleDirectory): void {
  directory.attach(client);
  DIRECTORIES.set(client, directory);
}

/** A role of a server: its name and whether anyone may mention it. */
export function roleIn(guild: Guild, roleId: string): Pick<RoleFacts, 'name' | 'mentionable'> | undefined {
  const known = DIRECTORIES.get(guild.client)?.role(guild.id, roleId);
  return known && { name: known.name, mentionable: known.mentionable };
}

/** What the bot's permissions in a server start from (permissions.ts adds a channel's overwrites). */
export function botStandingIn(guild: Guild): BotStanding {
  return DIRECTORIES.get(guild.client)?.botStanding(guild.id) ?? { permissions: 0n, roleIds: new Set() };
}
