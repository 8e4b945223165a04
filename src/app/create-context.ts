import { createAnnouncementService } from '../announcements/service.js';
import type { Config } from '../config/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import type { Db } from '../db/index.js';
import { sqliteDatabase, type SqlDatabase } from '../db/sql/dialect.js';
import type { CommandRegistry } from '../discord/registry.js';
import type { MentionNames } from '../discord/text.js';
import type { ScheduledPostCounts } from '../ops/metrics.js';
import { createKnowledgeService } from '../knowledge/service.js';
import { createModerationService } from '../moderation/service.js';
import { createQaService } from '../qa/service.js';
import { createTipService } from '../tips/service.js';
import { createWebService } from '../web/service.js';
import type { AppContext } from './context.js';
import type { BackgroundJob } from './jobs.js';

interface AppDependencies {
  readonly config: Config;
  readonly db: Db;
  /** The converted stores' database (docs/postgres.md); by default Kysely over `db`. */
  readonly database?: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly poster: Poster;
  readonly registry: CommandRegistry;
  /** Whether this process serves a guild (its shard); background jobs only touch their own guilds. */
  readonly ownsGuild: (guildId: string) => boolean;
  /** A server's system channel, from the gateway's guild cache (where the bot tells a server what it could not DM). */
  readonly systemChannelOf?: (guildId: string) => string | null;
  /** A server's names for mentions in member text, from the gateway's caches (thread names show them). */
  readonly mentionNamesOf?: (guildId: string) => MentionNames;
  /** Whether a member is still in a server (Discord's REST), for expert routing. */
  readonly isMember?: (guildId: string, userId: string) => Promise<boolean>;
  /** Told what each tick of a scheduled-post job did (for /metrics). */
  readonly observePosts?: (feature: string, counts: ScheduledPostCounts) => void;
}

export interface App {
  readonly context: AppContext;
  readonly jobs: readonly BackgroundJob[];
}

/** The composition root: builds every feature service from the shared dependencies. */
export function createApp(dependencies: AppDependencies): App {
  const { config, db, clock, logger, poster, registry, ownsGuild, systemChannelOf, mentionNamesOf, isMember, observePosts = () => {} } = dependencies;
  const database = dependencies.database ?? sqliteDatabase(db);
  const knowledge = createKnowledgeService({ db, database, clock, logger });
  const tips = createTipService({ database, clock, logger, poster, ownsGuild, ...(config.hostId ? { claimOwner: config.hostId } : {}), ...(systemChannelOf ? { systemChannelOf } : {}) });
  const moderation = createModerationService({ database, clock });
  // `/announce schedule` reads `at:` in the server's tips zone unless told otherwise.
  const defaultTimeZone = async (guildId: string) => (await tips.status(guildId)).schedule?.zone ?? null;
  const announcements = createAnnouncementService({ database, clock, logger, poster, ownsGuild, defaultTimeZone, ...(config.hostId ? { claimOwner: config.hostId } : {}) });
  // The weekly Q&A digest goes out at the server's tip time, in its tips zone.
  const tipsScheduleOf = async (guildId: string) => {
    const { schedule } = await tips.status(guildId);
    return schedule && { zone: schedule.zone, time: schedule.time };
  };
  const qa = createQaService({ db, database, clock, logger, poster, knowledge, ownsGuild, tipsScheduleOf, ...(mentionNamesOf ? { mentionNamesOf } : {}), ...(isMember ? { isMember } : {}) });
  const web = createWebService({ database, clock, qa, knowledge, baseUrl: config.webBaseUrl, ...(mentionNamesOf ? { mentionNamesOf } : {}) });
  const context: AppContext = { config, clock, logger, poster, registry, knowledge, moderation, tips, announcements, qa, web };
  const tipScheduler: BackgroundJob = {
    name: 'tips',
    tick: async () => {
      observePosts('tips', await tips.postDueTips());
    },
    nextDueAt: () => tips.nextDueAt(),
  };
  const announcementScheduler: BackgroundJob = {
    name: 'announcements',
    tick: async () => {
      observePosts('announcements', await announcements.postDue());
    },
    nextDueAt: () => announcements.nextDueAt(),
  };
  const qaJob: BackgroundJob = {
    name: 'qa',
    tick: async () => {
      const report = await qa.background.tick();
      observePosts('qa-digest', report.digest);
      observePosts('qa-nudge', { posted: report.nudges.sent, retrying: report.nudges.retrying, failed: report.nudges.undeliverable + report.nudges.failed });
    },
    nextDueAt: () => qa.background.nextDueAt(),
  };
  return { context, jobs: [tipScheduler, announcementScheduler, qaJob] };
}

/** Discord assigns a guild to shard `(guild_id >> 22) % shardCount`. */
export function shardOwnership(shardIds: readonly number[] | undefined, shardCount: number | undefined): (guildId: string) => boolean {
  if (!shardIds || !shardCount || shardCount <= 1) return () => true;
  const owned = new Set(shardIds.map(BigInt));
  const count = BigInt(shardCount);
  return (guildId) => owned.has((BigInt(guildId) >> 22n) % count);
}
