import { GatewayDispatchEvents, type APIRole, type Client, type Guild, type GuildMember, type Role } from 'discord.js';

/** What the bot needs to know of any role of a server, cached or not. */
interface RoleFacts {
  readonly name: string;
  readonly mentionable: boolean;
  /** The bot holds it, so discord.js keeps it for permission checks. */
  readonly botHolds: boolean;
}

const MENTIONABLE = 1;
const BOT_HOLDS = 2;
/** Start of a packed entry and end of its id; names never contain them (stripped when packed). */
const ENTRY = '\n';
const AFTER_ID = '\t';

type RoleData = Pick<APIRole, 'id' | 'name' | 'mentionable'>;

function packRole(role: RoleData, botHolds: boolean): string {
  const flags = (role.mentionable ? MENTIONABLE : 0) | (botHolds ? BOT_HOLDS : 0);
  return `${ENTRY}${role.id}${AFTER_ID}${flags}${role.name.replace(/[\n\t]/g, ' ')}`;
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
  return { name: packed.slice(flagsAt + 1, end), mentionable: (flags & MENTIONABLE) !== 0, botHolds: (flags & BOT_HOLDS) !== 0 };
}

const isRole = (value: unknown): value is RoleData =>
  typeof value === 'object' && value !== null && typeof (value as RoleData).id === 'string' && typeof (value as RoleData).name === 'string';

/**
 * Every role of every server, in one string per server (`\n<id>\t<flags><name>` per role), read from
 * the gateway's dispatches before discord.js handles them. discord.js keeps Role objects only for
 * @everyone and the roles the bot holds (what permission checks read, see client.ts): 20 Role objects
 * a server cost ~8 KB, their packed names ~0.6 KB. Mention names and "is this role mentionable" come
 * from here.
 */
export class RoleDirectory {
  readonly #servers = new Map<string, string>();
  /** A fetch of a server's roles under way because the bot was given one discord.js had not kept. */
  readonly #fetching = new Map<string, Promise<unknown>>();

  role(guildId: string, roleId: string): RoleFacts | undefined {
    const packed = this.#servers.get(guildId);
    const entry = packed === undefined ? null : entryOf(packed, roleId);
    return packed === undefined || entry === null ? undefined : unpack(packed, entry);
  }

  /** For discord.js's role cache: @everyone and the roles the bot holds. */
  keeps(role: Role): boolean {
    return role.id === role.guild.id || this.role(role.guild.id, role.id)?.botHolds === true;
  }

  /**
   * Once the roles the bot holds in a server are all in discord.js's cache: a role it was given after
   * joining was not kept when it was created, and is fetched (once) when the bot is given it.
   */
  async botRolesCached(guild: Guild): Promise<void> {
    await this.#fetching.get(guild.id);
    if (this.#botRoleIds(guild.id).some((id) => !guild.roles.cache.has(id))) await this.#fetchRoles(guild);
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
    ws.on(GatewayDispatchEvents.GuildDelete, (data: { id: string }) => {
      this.#servers.delete(data.id);
      this.#fetching.delete(data.id);
    });
    const upsert = (data: { guild_id: string; role: unknown }) => {
      if (!isRole(data.role)) return;
      this.#put(data.guild_id, data.role.id, packRole(data.role, this.role(data.guild_id, data.role.id)?.botHolds ?? false));
    };
    ws.on(GatewayDispatchEvents.GuildRoleCreate, upsert);
    ws.on(GatewayDispatchEvents.GuildRoleUpdate, upsert);
    ws.on(GatewayDispatchEvents.GuildRoleDelete, (data: { guild_id: string; role_id: string }) => this.#put(data.guild_id, data.role_id, ''));
    // Sent for the bot itself even without the Server Members intent.
    ws.on(GatewayDispatchEvents.GuildMemberUpdate, (data: { guild_id: string; user?: { id: string }; roles?: string[] }) => {
      if (!data.user || data.user.id !== client.user?.id || !Array.isArray(data.roles)) return;
      this.#markBotRoles(data.guild_id, new Set(data.roles));
      const guild = client.guilds.cache.get(data.guild_id);
      if (guild && data.roles.some((id) => !guild.roles.cache.has(id))) void this.#fetchRoles(guild).catch(() => {});
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
    return [...packed.matchAll(/\n(\d+)\t(\d)/g)].flatMap(([, id, flags]) => (id && (Number(flags) & BOT_HOLDS) !== 0 ? [id] : []));
  }

  #markBotRoles(guildId: string, botRoles: ReadonlySet<string>): void {
    const packed = this.#servers.get(guildId);
    if (packed === undefined) return;
    this.#servers.set(
      guildId,
      packed.replace(/\n(\d+)\t(\d)/g, (_, id: string, flags: string) => `${ENTRY}${id}${AFTER_ID}${(Number(flags) & MENTIONABLE) | (botRoles.has(id) ? BOT_HOLDS : 0)}`),
    );
  }

  #fetchRoles(guild: Guild): Promise<unknown> {
    const running = this.#fetching.get(guild.id);
    if (running) return running;
    const fetching = guild.roles.fetch().finally(() => this.#fetching.delete(guild.id));
    this.#fetching.set(guild.id, fetching);
    return fetching;
  }
}

/** One directory per client (tests run several bots in one process). */
const DIRECTORIES = new WeakMap<Client, RoleDirectory>();

export function followRoles(client: Client, directory: RoleDirectory): void {
  directory.attach(client);
  DIRECTORIES.set(client, directory);
}

/** A role of a server, cached by discord.js or not: its name and whether anyone may mention it. */
export function roleIn(guild: Guild, roleId: string): Pick<RoleFacts, 'name' | 'mentionable'> | undefined {
  const known = DIRECTORIES.get(guild.client)?.role(guild.id, roleId);
  if (known) return known;
  const cached = guild.roles.cache.get(roleId);
  return cached && { name: cached.name, mentionable: cached.mentionable };
}

/** The bot's member in a server, with every role it holds in discord.js's cache: what its permission checks need. */
export async function botMemberIn(guild: Guild): Promise<GuildMember> {
  const me = guild.members.me ?? (await guild.members.fetchMe());
  await DIRECTORIES.get(guild.client)?.botRolesCached(guild);
  return me;
}
