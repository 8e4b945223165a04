import { Client, GatewayIntentBits, LimitedCollection, Options, Partials, REST, type CacheFactory, type CacheWithLimitsOptions, type RESTOptions } from 'discord.js';
import type { IdentifyLedger } from './identify-budget.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../core/logger.js';
import { BudgetedIdentifyThrottler } from './identify-throttler.js';
import { NO_PINGS } from './respond.js';
import { makeUnreadManagersLazy, skipUnreadGatewayData } from './lazy-managers.js';
import { followRoles, RoleDirectory } from './role-directory.js';

interface ClientOptionsInput {
  readonly config: Pick<Config, 'discordApiUrl' | 'restGlobalRequestsPerSecond'>;
  readonly shards?: number[];
  readonly shardCount?: number;
  /**
   * What protects the bot's token: every IDENTIFY paced against Discord's session budget and the bot's
   * recent identifies (identify-throttler), and no request sent with a rejected token or during a ban (rest-guard).
   */
  readonly safety?: { readonly ledger: IdentifyLedger; readonly logger: Logger; readonly makeRequest: RESTOptions['makeRequest'] };
}

/**
 * What the bot caches: guilds and channels (with their permission overwrites). Zero means never
 * cached: no role, member, message, presence, emoji, thread… caches. Roles, and the bot's own
 * permissions, come from the RoleDirectory. docs/architecture.md says why each is kept.
 */
const CACHE_LIMITS: CacheWithLimitsOptions = {
  ...Options.DefaultMakeCacheSettings,
  ApplicationCommandManager: 0,
  AutoModerationRuleManager: 0,
  BaseGuildEmojiManager: 0,
  DMMessageManager: 0,
  GuildBanManager: 0,
  GuildEmojiManager: 0,
  GuildForumThreadManager: 0,
  GuildInviteManager: 0,
  GuildMessageManager: 0,
  GuildScheduledEventManager: 0,
  GuildStickerManager: 0,
  GuildTextThreadManager: 0,
  MessageManager: 0,
  PresenceManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  StageInstanceManager: 0,
  ThreadManager: 0,
  ThreadMemberManager: 0,
  UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
  VoiceStateManager: 0,
  GuildMemberManager: 0,
};

/**
 * Managers the bot never reads that discord.js's typings do not list (yet), or that its limits miss:
 * a guild's commands are synced over REST (command-sync.ts), never read from the gateway's cache.
 * Roles are left out of the typings ("unsupported": discord.js's own permission code reads them from
 * the cache); the bot never calls that code, it computes its permissions from the RoleDirectory.
 */
const NEVER_CACHED = ['GuildSoundboardSoundManager', 'GuildApplicationCommandManager', 'RoleManager'];

/**
 * discord.js gives every manager of every guild and channel its own collection, even one limited to
 * zero that never holds anything: ~20 empty Maps per server. One shared, always-empty collection
 * serves them all alike (with 10,000 servers: ~200,000 fewer Maps, tens of MB).
 */
export function makeLimitedCache(limits: CacheWithLimitsOptions, neverCached: readonly string[] = []): CacheFactory {
  const limited = Options.cacheWithLimits(limits);
  const alwaysEmpty = new LimitedCollection({ maxSize: 0 });
  const zero = new Set([...Object.entries(limits).flatMap(([name, limit]) => (limit === 0 ? [name] : [])), ...neverCached]);
  return ((managerType, holds, manager) =>
    zero.has(manager.name) || zero.has(managerType.name) ? alwaysEmpty : limited(managerType, holds, manager)) as CacheFactory;
}

/** The discord.js client with only the caches the bot uses (see CACHE_LIMITS). */
export function createDiscordClient({ config, shards, shardCount, safety }: ClientOptionsInput): Client {
  makeUnreadManagersLazy();
  const roles = new RoleDirectory();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    partials: [Partials.Channel, Partials.Message],
    allowedMentions: NO_PINGS,
    ...(shards && shardCount ? { shards, shardCount } : {}),
    rest: {
      ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
      globalRequestsPerSecond: config.restGlobalRequestsPerSecond,
      ...(safety ? { makeRequest: safety.makeRequest } : {}),
    },
    makeCache: makeLimitedCache(CACHE_LIMITS, NEVER_CACHED),
    ...(safety
      ? {
          ws: {
            buildIdentifyThrottler: (manager) =>
              new BudgetedIdentifyThrottler({
                sessionStartLimit: async () => (await manager.fetchGatewayInformation(true)).session_start_limit,
                ledger: safety.ledger,
                shardCount: shardCount ?? 1,
                logger: safety.logger,
              }),
          },
        }
      : {}),
  });
  // In this order: the directory reads the roles and the bot's member before they are trimmed.
  followRoles(client, roles);
  skipUnreadGatewayData(client);
  return client;
}

/**
 * A REST client that never resends a request on its own (a 5xx or a network error is returned, not
 * retried), for creates Discord cannot deduplicate — a forum post takes no nonce, so the client's
 * automatic retry after "created, then 500" would make a second post. Rate limits are still waited out.
 */
export function createSingleShotRest(config: Pick<Config, 'discordApiUrl' | 'restGlobalRequestsPerSecond' | 'token'>, makeRequest?: RESTOptions['makeRequest']): REST {
  const rest = new REST({
    ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
    globalRequestsPerSecond: config.restGlobalRequestsPerSecond,
    retries: 0,
    ...(makeRequest ? { makeRequest } : {}),
  });
  return config.token ? rest.setToken(config.token) : rest;
}
