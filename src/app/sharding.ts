import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { z } from 'zod';
import type { Config } from '../config/index.js';
import type { Logger } from '../core/logger.js';
import { VERSION } from '../core/version.js';
import { startHealthServer, type HealthStatus } from '../ops/health.js';
import { ManagerMetrics } from '../ops/manager-metrics.js';
import { ask, isStartedMessage } from './shard-ipc.js';
import { startBot } from './start-bot.js';

/** Discord lets `max_concurrency` shards identify per 5 s window; a little margin on top. */
const IDENTIFY_WINDOW_MS = 5_500;
/** How long a shard may take from fork to discord.js's ready (GUILD_CREATEs of a large shard included). */
const SHARD_READY_TIMEOUT_MS = 90_000;
/** How long from ready to our own "started" (command sync, first job run). */
const SHARD_STARTED_TIMEOUT_MS = 60_000;
/**
 * A shard that dies is restarted after 1 s, 2 s, 4 s … at most 10 minutes, and its count of failures only
 * starts again once it stayed up for 10 minutes: a shard that crashes soon after each start identifies
 * about 6 times an hour (each identify also waits for the budget: src/discord/identify-budget.ts).
 */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 10 * 60_000;
const STABLE_AFTER_MS = 10 * 60_000;
/** How long a stopping shard may drain before it is killed. */
const SHARD_STOP_TIMEOUT_MS = 20_000;
/** How long /healthz and /metrics wait for each shard's answer. */
const ASK_TIMEOUT_MS = 2_000;

export interface Running {
  /** The health port actually bound (HEALTH_PORT=0 picks a free one). */
  readonly healthPort: number | undefined;
  stop(): Promise<void>;
}

interface ShardPlan {
  /** Shards over every host (Discord's shard count). */
  readonly count: number;
  /** The shards this host runs: all of them, or SHARD_IDS. */
  readonly ids: readonly number[];
  /** Shards that may identify in the same 5 s window (Discord's `max_concurrency`). */
  readonly maxConcurrency: number;
  /** Pause between starting shard processes, so identifies respect max_concurrency. */
  readonly spawnDelayMs: number;
}

/**
 * Starts the bot the way SHARD_COUNT asks: in this process for one shard, otherwise as a
 * discord.js ShardingManager with one process per shard.
 */
export async function startBotOrShards({ config, logger }: { config: Config; logger: Logger }): Promise<Running> {
  if (config.shardCount === 1) return startBot({ config, logger });
  const plan = await planShards(config);
  logger.info({ shards: plan.count, ids: plan.ids, maxConcurrency: plan.maxConcurrency, spawnDelayMs: plan.spawnDelayMs, requested: config.shardCount }, 'shard plan');
  if (plan.count === 1) return startBot({ config, logger });
  return startShardManager({ config, logger, plan });
}

/**
 * How many shards, and how fast to start them, from GET /gateway/bot on the configured API (so
 * `auto` works against the local Discord too; discord.js's own 'auto' always asks discord.com).
 */
export async function planShards(config: Pick<Config, 'token' | 'discordApiUrl' | 'shardCount'> & Partial<Pick<Config, 'shardIds'>>): Promise<ShardPlan> {
  if (!config.token) throw new Error('sharding needs DISCORD_TOKEN');
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.token);
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
  const count = config.shardCount === 'auto' ? gateway.shards : config.shardCount;
  const maxConcurrency = Math.max(1, gateway.session_start_limit.max_concurrency);
  const ids = config.shardIds ?? Array.from({ length: count }, (_, id) => id);
  if (gateway.session_start_limit.remaining < ids.length) {
    throw new Error(
      `Discord allows ${gateway.session_start_limit.remaining} more gateway sessions today, fewer than the ${ids.length} shards to start; ` +
        `the limit resets in ${Math.ceil(gateway.session_start_limit.reset_after / 60_000)} min.`,
    );
  }
  // Hosts identify independently: each paces its own shards, not the other hosts' (a shared identify queue
  // in the PostgreSQL store is the next step; until then hosts with the same bucket should start apart).
  return { count, ids, maxConcurrency, spawnDelayMs: spawnDelayFor(ids, maxConcurrency) };
}

/**
 * Shards `i` and `i + max_concurrency` share an identify bucket; started one after another
 * `5.5 s / max_concurrency` apart, they are at least 5.5 s apart. With enough concurrency, no pause.
 */
export function spawnDelay(count: number, maxConcurrency: number): number {
  return spawnDelayFor(Array.from({ length: count }, (_, id) => id), maxConcurrency);
}

/**
 * The same for the shards one host runs (SHARD_IDS), started in order: two that share a bucket
 * (`id % max_concurrency`) `gap` places apart are `gap × delay` apart, at least 5.5 s.
 */
export function spawnDelayFor(ids: readonly number[], maxConcurrency: number): number {
  const lastPlace = new Map<number, number>();
  let gap = Number.POSITIVE_INFINITY;
  for (const [place, id] of ids.entries()) {
    const bucket = id % maxConcurrency;
    const previous = lastPlace.get(bucket);
    if (previous !== undefined) gap = Math.min(gap, place - previous);
    lastPlace.set(bucket, place);
  }
  return gap === Number.POSITIVE_INFINITY ? 0 : Math.ceil(IDENTIFY_WINDOW_MS / gap);
}

/** How long the manager waits before restarting a shard on its `attempt`-th failure in a row. */
export function restartDelay(attempt: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}

/** A shard process's part of the bot's global REST limit (Discord counts it per bot, across every process). */
export function restShare(globalPerSecond: number, shard: { ids: readonly number[]; count: number }): number {
  return Math.max(1, Math.floor((globalPerSecond * shard.ids.length) / shard.count));
}

/**
 * What one shard process may send per second. Straight to Discord, its share, so all processes on all hosts
 * together stay under the limit even when each is busy. Through the shared REST proxy, which keeps them all
 * under it, the whole limit: a busy shard is not held to its share while the others are idle.
 */
export function processRestBudget(config: Pick<Config, 'restGlobalRequestsPerSecond' | 'restProxy'>, shard: { ids: readonly number[]; count: number }): number {
  return config.restProxy ? config.restGlobalRequestsPerSecond : restShare(config.restGlobalRequestsPerSecond, shard);
}

const SHARD_ENTRY = fileURLToPath(new URL(`./shard-main${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/**
 * The manager process: never connects to the gateway nor opens the database. It starts one process
 * per shard (each serves its own guilds' interactions and background jobs), restarts one that dies,
 * serves /healthz and /metrics for all of them on HEALTH_PORT, and stops them all on SIGTERM.
 */
async function startShardManager({ config, logger, plan }: { config: Config; logger: Logger; plan: ShardPlan }): Promise<Running> {
  const log = logger.child({ process: 'manager' });
  const metrics = new ManagerMetrics({ databasePath: config.databasePath });
  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: plan.count,
    shardList: [...plan.ids],
    mode: 'process',
    // Restarts are ours, with a backoff; discord.js would respawn at once, forever.
    respawn: false,
    // Output is relayed line by line, so JSON lines from several shards never interleave.
    silent: true,
    execArgv: shardExecArgv(),
    ...(config.token ? { token: config.token } : {}),
  });
  let stopping = false;
  let running = false;
  const restartTimers = new Set<NodeJS.Timeout>();
  const failures = new Map<number, number>();
  const startedAt = new Map<number, number>();
  const started = new Set<number>();
  let startup!: { resolve: () => void; reject: (error: Error) => void };
  const allStarted = new Promise<void>((resolve, reject) => (startup = { resolve, reject }));

  const restart = (shard: Shard) => {
    const upSince = startedAt.get(shard.id);
    startedAt.delete(shard.id);
    if (upSince !== undefined && Date.now() - upSince >= STABLE_AFTER_MS) failures.set(shard.id, 0);
    const attempt = (failures.get(shard.id) ?? 0) + 1;
    failures.set(shard.id, attempt);
    const delay = restartDelay(attempt);
    metrics.shardRestarted(shard.id);
    log.warn({ shard: shard.id, inMs: delay, attempt }, 'restarting shard');
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (stopping) return;
      shard.spawn(SHARD_READY_TIMEOUT_MS).catch((error: unknown) => {
        log.error({ shard: shard.id, err: error }, 'restarted shard did not become ready');
        // Still alive but stuck: kill it, and its death schedules the next attempt.
        shard.process?.kill('SIGKILL');
      });
    }, delay);
    restartTimers.add(timer);
  };

  manager.on('shardCreate', (shard) => {
    shard.on('spawn', (child) => {
      if (!(child instanceof ChildProcess)) return; // mode 'process': always a child process
      relayLines(child.stdout, process.stdout);
      relayLines(child.stderr, process.stderr);
      log.info({ shard: shard.id, pid: child.pid }, 'shard process started');
    });
    shard.on('message', (message: unknown) => {
      if (!isStartedMessage(message)) return;
      startedAt.set(shard.id, Date.now());
      started.add(shard.id);
      if (started.size === plan.ids.length) startup.resolve();
    });
    shard.on('death', (child) => {
      if (!(child instanceof ChildProcess)) return;
      const exit = { shard: shard.id, pid: child.pid, code: child.exitCode, signal: child.signalCode };
      if (stopping) {
        log.info(exit, 'shard process exited');
      } else if (!running) {
        log.error(exit, 'shard process exited during start-up');
        startup.reject(new Error(`shard ${shard.id} exited during start-up (code ${child.exitCode ?? child.signalCode})`));
      } else {
        log.warn(exit, 'shard process exited');
        restart(shard);
      }
    });
  });

  const shardIds = plan.ids;
  const askAll = <T>(question: 'health' | 'metrics', fallback: (id: number, error: string) => T, map: (id: number, answer: never) => T) =>
    Promise.all(
      shardIds.map(async (id) => {
        const shard = manager.shards.get(id);
        if (!shard) return fallback(id, 'not started yet');
        try {
          return map(id, (await ask(shard, question, ASK_TIMEOUT_MS)) as never);
        } catch (error) {
          return fallback(id, error instanceof Error ? error.message : String(error));
        }
      }),
    );

  const health = async (): Promise<HealthStatus> => {
    const shards = await askAll<HealthStatus & { shard: number }>(
      'health',
      (shard, error) => ({ shard, ok: false, error }),
      (shard, status: HealthStatus) => ({ ...status, shard }),
    );
    const guilds = shards.reduce((sum, status) => sum + (typeof status.guilds === 'number' ? status.guilds : 0), 0);
    return { ok: running && shards.every((status) => status.ok), shards, guilds, version: VERSION };
  };
  const scrape = async () =>
    metrics.render(await askAll('metrics', (id) => ({ id, metrics: null }), (id, snapshot: never) => ({ id, metrics: snapshot })));

  let server: (Server & { port: number }) | undefined;
  const stopAll = async () => {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    await Promise.all([...manager.shards.values()].map(stopShard));
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  };

  try {
    server = config.healthPort !== undefined ? await startHealthServer({ port: config.healthPort, health, routes: { '/metrics': scrape } }) : undefined;
    log.info(
      { shards: plan.ids, of: plan.count, spawnDelayMs: plan.spawnDelayMs, restPerSecondPerShard: processRestBudget(config, { ids: [0], count: plan.count }), restProxy: config.restProxy },
      'starting shard processes',
    );
    // A shard dying mid-spawn rejects both; whichever comes first is the reason.
    const spawned = manager.spawn({ amount: plan.count, delay: plan.spawnDelayMs, timeout: SHARD_READY_TIMEOUT_MS });
    await Promise.race([spawned, allStarted]);
    await spawned;
    await withTimeout(allStarted, SHARD_STARTED_TIMEOUT_MS, 'not every shard finished starting');
  } catch (error) {
    await stopAll();
    throw error;
  }
  running = true;
  log.info({ healthPort: server?.port, shards: plan.ids.length, of: plan.count }, 'ready');

  let stopped: Promise<void> | undefined;
  return {
    healthPort: server?.port,
    stop: () =>
      (stopped ??= (async () => {
        log.info('shutting down');
        await stopAll();
        log.info('stopped');
      })()),
  };
}

/** SIGTERM, then wait for the shard to drain and exit; SIGKILL if it takes too long. */
async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SHARD_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function relayLines(from: Readable | null, to: NodeJS.WritableStream): void {
  if (!from) return;
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => to.write(`${line}\n`));
}

/** Shards run the way the manager runs (the tsx loader included), minus debugger flags whose port would clash. */
function shardExecArgv(): string[] {
  return process.execArgv.filter((flag) => !flag.startsWith('--inspect'));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const shardIdsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  z.union([z.number().int().min(0), z.array(z.number().int().min(0)).min(1)]),
);

/** Which shards this process serves, from what the ShardingManager put in its environment. */
export function shardAssignment(env: Readonly<Record<string, string | undefined>>): { ids: number[]; count: number } {
  const ids = shardIdsSchema.parse(env.SHARDS);
  const count = z.coerce.number().int().min(1).parse(env.SHARD_COUNT);
  return { ids: Array.isArray(ids) ? ids : [ids], count };
}
