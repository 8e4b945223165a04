import {
  AutoModerationRuleManager,
  BaseGuildTextChannel,
  BaseGuildVoiceChannel,
  GatewayDispatchEvents,
  Guild,
  GuildApplicationCommandManager,
  GuildBanManager,
  GuildChannel,
  GuildForumThreadManager,
  GuildInviteManager,
  GuildMemberManager,
  GuildMessageManager,
  GuildScheduledEventManager,
  GuildSoundboardSoundManager,
  GuildTextThreadManager,
  PermissionOverwriteManager,
  PresenceManager,
  RoleManager,
  StageInstanceManager,
  ThreadOnlyChannel,
  VoiceStateManager,
  type Client,
} from 'discord.js';

/** One of discord.js's manager classes; its typings keep the constructor private. */
interface Manager {
  readonly prototype: object;
}
/** Made as discord.js makes them. */
const make = (manager: Manager, owner: unknown): unknown => new (manager as unknown as new (owner: unknown) => unknown)(owner);

/**
 * Makes `property` of every instance of a class a manager made on first read instead of in the
 * constructor. discord.js's constructors assign it (`this.messages = new …`): the prototype's setter
 * drops that one, which is garbage at once; the getter makes the manager when something reads it and
 * keeps it as the instance's own property, so discord.js's code and the bot's see it as before.
 */
function lazily(prototype: object, property: string, manager: Manager, ownerOf: (instance: { client: Client }) => unknown = (instance) => instance): void {
  Object.defineProperty(prototype, property, {
    configurable: true,
    set() {},
    get(this: { client: Client }) {
      const made = make(manager, ownerOf(this));
      Object.defineProperty(this, property, { value: made, writable: true, enumerable: true, configurable: true });
      return made;
    },
  });
}

let lazy = false;

/**
 * A server's and a channel's managers are objects of their own (~60 bytes each) whether they are read
 * or not: 10,000 servers with 5 channels each carried ~190,000 that the bot never reads, beside the
 * shared always-empty collection of their caches (client.ts). Those the bot and discord.js read are
 * made when first read. Process-wide, once; for every client alike.
 */
export function makeUnreadManagersLazy(): void {
  if (lazy) return;
  lazy = true;
  lazily(GuildChannel.prototype, 'permissionOverwrites', PermissionOverwriteManager);
  lazily(BaseGuildTextChannel.prototype, 'messages', GuildMessageManager);
  lazily(BaseGuildTextChannel.prototype, 'threads', GuildTextThreadManager);
  lazily(BaseGuildVoiceChannel.prototype, 'messages', GuildMessageManager);
  lazily(ThreadOnlyChannel.prototype, 'threads', GuildForumThreadManager);
  lazily(Guild.prototype, 'commands', GuildApplicationCommandManager);
  lazily(Guild.prototype, 'members', GuildMemberManager);
  lazily(Guild.prototype, 'bans', GuildBanManager);
  lazily(Guild.prototype, 'roles', RoleManager);
  lazily(Guild.prototype, 'presences', PresenceManager, (guild) => guild.client);
  lazily(Guild.prototype, 'voiceStates', VoiceStateManager);
  lazily(Guild.prototype, 'stageInstances', StageInstanceManager);
  lazily(Guild.prototype, 'invites', GuildInviteManager);
  lazily(Guild.prototype, 'scheduledEvents', GuildScheduledEventManager);
  lazily(Guild.prototype, 'autoModerationRules', AutoModerationRuleManager);
  lazily(Guild.prototype, 'soundboardSounds', GuildSoundboardSoundManager);
}

/**
 * What a server's GUILD_CREATE lists that the bot caches none of (client.ts): discord.js would make
 * each manager and each object only to drop the objects. The role directory has read the roles first.
 */
const NEVER_CACHED_LISTS = ['roles', 'members', 'presences', 'voice_states', 'stage_instances', 'guild_scheduled_events', 'soundboard_sounds'] as const;

interface RawChannel {
  id?: unknown;
  guild_id?: unknown;
  permission_overwrites?: unknown;
}

/**
 * Trims dispatches before discord.js handles them (this listener runs first, as the role
 * directory's), so what the bot never reads is never made: the lists above; the empty overwrite list
 * of a channel discord.js has not cached yet — its overwrite manager is then made only when read,
 * empty as it would have been (a known channel keeps its list: an empty one clears its overwrites);
 * and a server's id repeated in each of its channels, a string per channel where discord.js would
 * otherwise share the server's.
 */
export function skipUnreadGatewayData(client: Client): void {
  const trimChannel = (channel: RawChannel) => {
    if (Array.isArray(channel.permission_overwrites) && channel.permission_overwrites.length === 0 && typeof channel.id === 'string' && !client.channels.cache.has(channel.id)) {
      delete channel.permission_overwrites;
    }
  };
  client.ws.on(GatewayDispatchEvents.GuildCreate, (data: Record<string, unknown> & { channels?: unknown }) => {
    for (const list of NEVER_CACHED_LISTS) delete data[list];
    if (!Array.isArray(data.channels)) return;
    for (const channel of data.channels as RawChannel[]) {
      trimChannel(channel);
      if (channel.guild_id === data.id) delete channel.guild_id;
    }
  });
  client.ws.on(GatewayDispatchEvents.ChannelCreate, trimChannel);
}
