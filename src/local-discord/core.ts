import type { APIUnavailableGuild, ApplicationFlags, GatewayGuildCreateDispatchData } from 'discord-api-types/v10';
import type { ResolvedConfig } from './config.js';
import { FaultInjector } from './faults.js';
import { GatewayHub } from './gateway/hub.js';
import { InvalidRequestLimiter } from './invalid-requests.js';
import type { ReadyData } from './gateway/hub.js';
import type { GatewaySession } from './gateway/session.js';
import { RateLimiter } from './rate-limits.js';
import { CommandStore } from './services/commands.js';
import { InteractionRegistry } from './services/interaction-registry.js';
import { guildCreatePayload, membersChunk } from './services/guilds.js';
import { archiveIdleThreads } from './services/thread-state.js';
import { shardForGuild } from './snowflake.js';
import { State } from './state/store.js';
import type { UserRecord } from './state/records.js';
import { Stats } from './stats.js';
import type { SpecContract } from './spec/contract.js';
import { userPayload } from './payloads.js';

/** Everything one running emulator holds; REST handlers, services and the driver all work on it. */
export class Core {
  readonly state: State;
  readonly stats: Stats;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly invalidRequests: InvalidRequestLimiter;
  readonly commands: CommandStore;
  readonly interactions: InteractionRegistry;
  readonly gateway: GatewayHub;
  readonly bot: UserRecord;
  /** `http://host:port`, known once listening. */
  httpUrl = '';

  constructor(
    readonly config: ResolvedConfig,
    /** Discord's OpenAPI spec, which every request and response is checked against; null when checks are off. */
    readonly spec: SpecContract | null,
  ) {
    this.state = new State(config.maxMessagesPerChannel);
    this.stats = new Stats(config.requestLogSize, spec ? 'enforce' : 'off');
    this.limiter = new RateLimiter(config.rateLimits);
    this.faults = new FaultInjector(config.faults, config.seed);
    this.invalidRequests = new InvalidRequestLimiter(config.invalidRequests);
    this.commands = new CommandStore(config.applicationId);
    this.interactions = new InteractionRegistry(config.maxInteractions, () => this.state.touch());
    this.bot = { id: config.botUserId, username: config.botUsername, globalName: null, bot: true, dmsBlocked: false };
    this.state.users.set(this.bot.id, this.bot);
    this.gateway = new GatewayHub(config, this.stats, {
      readyData: (session, resumeUrl) => this.readyData(session, resumeUrl),
      initialGuilds: (shardId, shardCount) => {
        archiveIdleThreads(this);
        const payloads: GatewayGuildCreateDispatchData[] = [];
        for (const guild of this.state.guilds.values()) {
          if (guild.botPresent && shardForGuild(guild.id, shardCount) === shardId) payloads.push(guildCreatePayload(this, guild));
        }
        return payloads;
      },
      guildCount: (shardId, shardCount) => {
        let count = 0;
        for (const guild of this.state.guilds.values()) if (guild.botPresent && shardForGuild(guild.id, shardCount) === shardId) count += 1;
        return count;
      },
      membersChunk: (guildId, request) => membersChunk(this, guildId, request),
    });
  }

  /** The world's time in ms (see WorldClock): what message timestamps, nonces and tokens are measured on. */
  now(): number {
    return this.config.clock.now().getTime();
  }

  /** The bot token as it stands (Discord resets it when the daily session budget is overrun). */
  get token(): string {
    return this.gateway.token;
  }

  log(line: string): void {
    this.config.log(`[local-discord] ${line}`);
  }

  private readyData(session: GatewaySession, resumeUrl: string): ReadyData {
    const guilds: APIUnavailableGuild[] = [];
    for (const guild of this.state.guilds.values()) {
      if (guild.botPresent && shardForGuild(guild.id, session.shardCount) === session.shardId) guilds.push({ id: guild.id, unavailable: true });
    }
    return {
      v: 10,
      user: { ...userPayload(this.bot), verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      guilds,
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard: [session.shardId, session.shardCount],
      application: { id: this.config.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['local-discord'],
    };
  }
}
