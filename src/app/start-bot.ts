import { once } from 'node:events';
import { ApplicationCommandType, DefaultRestOptions, Events, type Client } from 'discord.js';
import type { Config } from '../config/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { VERSION } from '../core/version.js';
import { createMetaStore, migrate, openDatabase, type Db } from '../db/index.js';
import { sqliteDatabase } from '../db/sql/dialect.js';
import { createDiscordClient, createSingleShotRest } from '../discord/client.js';
import { syncCommandsIfChanged } from '../discord/command-sync.js';
import { commandLabel } from '../discord/deploy.js';
import { loadCommandRegistry, type CommandRegistry } from '../discord/registry.js';
import { createRestPoster } from '../discord/rest-poster.js';
import { memberOfGuild } from '../discord/membership.js';
import { mentionNamesIn, SEEN_MEMBERS } from '../discord/mention-names.js';
import { InteractionRouter } from '../discord/router.js';
import { watchQaDeletions } from '../qa/discord/deletions.js';
import { watchQaForumActivity } from '../qa/discord/forum-activity.js';
import { watchQaThreadUnlocks } from '../qa/discord/thread-unlocks.js';
import { lockDatabaseForBot } from '../ops/database-lock.js';
import { startHealthServer, type HealthStatus } from '../ops/health.js';
import { BotMetrics, commandPaths, registerDatabaseSize } from '../ops/metrics.js';
import type { AppContext } from './context.js';
import { createApp, shardOwnership } from './create-context.js';
import { createIdentifyLedger } from '../discord/identify-budget.js';
import { guardRestTransport, tokenFingerprint } from '../discord/rest-guard.js';
import { JobRunner } from './jobs.js';
import { startWebServer } from '../web/server.js';

/** The meta key holding the fingerprint of a token Discord rejected. */
const REJECTED_TOKEN_KEY = 'discord.rejected-token';

export interface StartBotOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** This process's shards when started by the ShardingManager. */
  readonly shard?: { readonly ids: number[]; readonly count: number };
  /** How long shutdown waits for in-flight interactions. */
  readonly drainTimeoutMs?: number;
  /** The commands to serve; defaults to every module in commands/ (tests add their own). */
  readonly registry?: CommandRegistry;
  /** Node.js process metrics (CPU, memory, event loop) on /metrics; default on. */
  readonly processMetrics?: boolean;
}

export interface RunningBot {
  readonly client: Client<true>;
  readonly context: AppContext;
  /** The open database, for tools and tests; commands reach data only through services. */
  readonly db: Db;
  readonly router: InteractionRouter;
  readonly jobs: JobRunner;
  readonly healthPort: number | undefined;
  /** The community site's local address when WEB_PORT is set (issue 18). */
  readonly webUrl: string | undefined;
  readonly metrics: BotMetrics;
  /** What /healthz reports (a shard process answers its manager with it). */
  health(): HealthStatus;
  stop(): Promise<void>;
}

/**
 * Starts the bot: database, commands, Discord connection, background jobs, health endpoint.
 * For its whole life the process holds a shared lock on the database, so restore refuses to run beside it.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const lock = lockDatabaseForBot(options.config.databasePath);
  try {
    const bot = await connectBot(options);
    return {
      ...bot,
      stop: async () => {
        await bot.stop();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function connectBot({ config, logger, clock = systemClock, shard, drainTimeoutMs = 10_000, processMetrics = true, ...options }: StartBotOptions): Promise<RunningBot> {
  if (!config.token || !config.applicationId) {
    throw new Error('startBot needs DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  }
  if (config.databaseUrl) {
    // Half the data in PostgreSQL and half in a per-host SQLite file would not be a shared store.
    throw new Error(`DATABASE_URL is set, but the bot cannot run on PostgreSQL yet: only the tips have moved so far (docs/postgres.md). Unset DATABASE_URL to use the SQLite file.`);
  }
  const db = openMigratedDatabase(config.databasePath, logger);
  const registry = options.registry ?? (await loadCommandRegistry());
  const database = sqliteDatabase(db);
  const meta = createMetaStore(database);
  const token = tokenFingerprint(config.token);
  if ((await meta.get(REJECTED_TOKEN_KEY)) === token) {
    db.close();
    // Asking Discord again would only add one more 401 per restart towards the invalid-request ban.
    throw new Error('Discord rejected this DISCORD_TOKEN (401) earlier: set a new token (Developer Portal → Bot → Reset Token), then start again');
  }
  // One guard for every REST client of this process: a rejected token or a ban stops them all.
  const onTokenRejected = () => void meta.set(REJECTED_TOKEN_KEY, token).catch((error: unknown) => logger.error({ err: error }, 'could not record the rejected token'));
  const makeRequest = guardRestTransport(DefaultRestOptions.makeRequest, { logger, onTokenRejected });
  const safety = { ledger: createIdentifyLedger(database, config.applicationId), logger, makeRequest };
  const client = createDiscordClient({ config, safety, ...(shard ? { shards: shard.ids, shardCount: shard.count } : {}) });
  const metrics = new BotMetrics({
    // Message commands are counted as the router names them (`Apps › Mark as answer`).
    commandPaths: [...commandPaths(registry.toJSON()), ...registry.deployJSON().filter((json) => json.type === ApplicationCommandType.Message).map(commandLabel)],
    processMetrics,
    ...(shard ? { defaultLabels: { process: `shard-${shard.ids.join('-')}` } } : {}),
  });
  metrics.watchClient(client);
  const { context, jobs } = createApp({
    config,
    db,
    database,
    clock,
    logger,
    poster: createRestPoster(client.rest, { globalRequestsPerSecond: config.restGlobalRequestsPerSecond, singleShot: createSingleShotRest(config, makeRequest) }),
    registry,
    ownsGuild: shardOwnership(shard?.ids, shard?.count),
    systemChannelOf: (guildId) => client.guilds.cache.get(guildId)?.systemChannelId ?? null,
    mentionNamesOf: (guildId) => mentionNamesIn(client.guilds.cache.get(guildId)),
    isMember: memberOfGuild(client.rest),
    observePosts: (feature, counts) => metrics.observeScheduledPosts(feature, counts),
  });
  const router = new InteractionRouter(registry, context, logger, metrics.observeInteraction);
  metrics.watchInFlight(() => router.inFlight);
  const jobRunner = new JobRunner(jobs, logger);

  client.on(Events.InteractionCreate, (interaction) => {
    // Members are not cached: remember who acted, so mentions of them read as names in thread names and menus.
    SEEN_MEMBERS.rememberFrom(interaction);
    void router.handle(interaction);
  });
  // Q&A: a question or answer whose message a moderator deletes on Discord is marked deleted.
  watchQaDeletions(client, context.qa, logger);
  watchQaThreadUnlocks(client, context.qa, logger);
  watchQaForumActivity(client, context.qa, logger);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId) => logger.info({ shardId }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) => logger.debug({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited'));

  const ready = once(client, Events.ClientReady);
  await client.login(config.token);
  await ready;
  const readyClient = client as Client<true>;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, shards: shard?.ids }, 'connected to Discord');

  // Only the first shard registers commands, so N shards do not race on the same route.
  if (!shard || shard.ids.includes(0)) {
    await syncCommandsIfChanged(
      client.rest,
      { applicationId: config.applicationId, guildId: config.devGuildId },
      registry.deployJSON(),
      meta,
      logger,
    );
  }

  jobRunner.start();
  // Catch up at once on anything due while the bot was down, instead of waiting for the next minute.
  void jobRunner.runAll();

  const health = () => healthStatus(readyClient, db);
  // A shard process has no port of its own: its manager serves /healthz and /metrics for every shard.
  if (!shard) registerDatabaseSize(metrics.registry, config.databasePath);
  const server = config.healthPort !== undefined
    ? await startHealthServer({
        port: config.healthPort,
        health,
        routes: { '/metrics': async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }) },
      })
    : undefined;

  // The community site: one per bot, so with several shard processes only shard 0's serves it.
  const web = config.webPort !== undefined && (!shard || shard.ids.includes(0))
    ? await startWebServer({ archive: context.web.archive, port: config.webPort, baseUrl: config.webBaseUrl, logger })
    : undefined;

  if (web) context.web.listeningAt(web.url);
  logger.info({ healthPort: server?.port, webUrl: web?.url }, 'ready');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      await jobRunner.stop();
      const drained = await router.drain(drainTimeoutMs);
      if (!drained) logger.warn({ inFlight: router.inFlight }, 'stopped waiting for in-flight interactions');
      // Replies go out before their posts are recorded; the database closes only once those finish.
      if (!(await context.qa.background.finishCarried(drainTimeoutMs))) logger.warn('stopped waiting for Q&A updates; the background job finishes them at the next start');
      await client.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await web?.close();
      db.close();
      logger.info('stopped');
    })());

  return { client: readyClient, context, db, router, jobs: jobRunner, healthPort: server?.port, webUrl: web?.url, metrics, health, stop };
}

export function openMigratedDatabase(path: string, logger: Logger): Db {
  const db = openDatabase(path);
  try {
    const { from, to } = migrate(db);
    if (from !== to) logger.info({ from, to, path }, 'database migrated');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function healthStatus(client: Client<true>, db: Db): HealthStatus {
  const gatewayConnected = client.ws.status === 0;
  let databaseOk: boolean;
  try {
    databaseOk = db.prepare('SELECT 1 AS ok').pluck().get() === 1;
  } catch {
    databaseOk = false;
  }
  return {
    ok: gatewayConnected && databaseOk,
    gateway: gatewayConnected ? 'connected' : 'disconnected',
    database: databaseOk ? 'ok' : 'unavailable',
    guilds: client.guilds.cache.size,
    version: VERSION,
  };
}
