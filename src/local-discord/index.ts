/** The local Discord: an emulator of Discord's REST API v10 and gateway for the real discord.js client. */
export { LocalDiscord, startLocalDiscord } from './driver/local-discord.js';
export { RemoteLocalDiscord, connectLocalDiscord } from './remote-driver.js';
export type {
  AttachmentInput,
  CraftedInteraction,
  EmulatorInfo,
  GuildInfo,
  InteractionContext,
  InteractionResult,
  LocalDiscordDriver,
  LoggedMessage,
  MemberMessage,
  MessageRef,
  OptionValue,
  SettleOptions,
  StoredAttachment,
} from './driver/types.js';
export type { LocalDiscordOptions } from './config.js';
export type { FaultConfig, ServerErrorFaults } from './faults.js';
export type { DropRequest } from './gateway/hub.js';
export { DEFAULT_RATE_LIMITS } from './rate-limits.js';
export type { RateLimitConfig, RouteLimit } from './rate-limits.js';
export type { ForumSettings, ForumTagInput } from './services/forums.js';
export type { ThreadModeration } from './services/thread-state.js';
export type { AddMemberInput, ChannelKind, CreateChannelInput, CreateGuildInput, CreateRoleInput, CreateUserInput, GuildPatch, OverwriteInput } from './services/guilds.js';
export type { Pinged } from './state/records.js';
export type { LocalDiscordStats, RequestLogEntry } from './stats.js';
export type { AutocompleteChoice, ModalData } from './validation/callback.js';
export { nextSnowflake, shardForGuild, snowflakeForShard } from './snowflake.js';
