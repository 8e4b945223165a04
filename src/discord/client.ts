import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Config } from '../config/index.js';
import { NO_PINGS } from './respond.js';

export interface ClientOptionsInput {
  readonly config: Pick<Config, 'discordApiUrl' | 'restGlobalRequestsPerSecond'>;
  readonly shards?: number[];
  readonly shardCount?: number;
}

/**
 * The discord.js client with only the caches the bot uses: guilds, channels and roles (for
 * permission checks) and the bot's own member. No member, message, presence or emoji caches.
 */
export function createDiscordClient({ config, shards, shardCount }: ClientOptionsInput): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    partials: [Partials.Channel, Partials.Message],
    allowedMentions: NO_PINGS,
    ...(shards && shardCount ? { shards, shardCount } : {}),
    rest: {
      ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
      globalRequestsPerSecond: config.restGlobalRequestsPerSecond,
    },
    makeCache: Options.cacheWithLimits({
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
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
  });
}
