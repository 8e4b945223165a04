import { z } from 'zod';
import { loadCommandRegistry } from '../../src/discord/registry.js';
import { connectLocalDiscord } from '../../src/local-discord/index.js';
import { BOT_NODE_FLAGS } from '../../src/ops/build.js';
import { phaseResult, sendRound } from '../load/phase.js';
import type { PhaseResult } from '../load/plan.js';
import type { BenchOptions } from '../options.js';
import { BUILT_SCRIPTS } from '../processes/build.js';
import { spawnNode, type NodeChild } from '../processes/child.js';
import { startEmulator, type EmulatorProcess } from '../processes/emulator.js';
import { processMemory } from '../processes/memory.js';
import { logLineSchema } from '../processes/subjects.js';
import { serversWorldSchema, type ServersWorld } from '../processes/world-spec.js';
import type { HostRun, HostsResult } from '../report/results.js';
import { scratchDir } from '../support/scratch.js';
import { checkFanout, emulatorStats } from './fanout-check.js';
import { interactionMix } from './interaction-kinds.js';
import { interactionSender } from '../load/interaction-mix.js';
import { avoidMidnight, seedDueTips } from './seed-tips.js';

/** Discord's own global limit: the hosts share it through the proxy. */
const DISCORD_GLOBAL_LIMIT = 50;
/** Discord's most guilds per shard before 4011 (the emulator's default too). */
const GUILDS_PER_SHARD = 2_500;
/** Interactions per second over all hosts together (each host gets its share). */
const INTERACTION_RATE = 40;

const listeningSchema = logLineSchema.and(z.object({ msg: z.literal('REST proxy listening'), port: z.number() }));
const tickSchema = logLineSchema.and(z.object({ msg: z.literal('tip tick'), tips: z.record(z.string(), z.number()) }));
const shardStartedSchema = logLineSchema.and(z.object({ msg: z.literal('shard process started'), pid: z.number() }));

type Emulator = EmulatorProcess<ServersWorld>;
type Server = ServersWorld['servers'][number];

interface Host {
  readonly index: number;
  readonly shardIds: readonly number[];
  readonly child: NodeChild;
  readonly readyMs: number;
}

/** Hosts × shards per host: enough shards that none holds more than Discord allows. */
function shardLayout(hosts: number, servers: number): { shardCount: number; shardsOf: (host: number) => number[] } {
  const perHost = Math.max(1, Math.ceil(servers / (hosts * GUILDS_PER_SHARD) / 0.8));
  return {
    shardCount: hosts * perHost,
    shardsOf: (host) => Array.from({ length: perHost }, (_, index) => host * perHost + index),
  };
}

const shardOf = (guildId: string, shardCount: number): number => Number((BigInt(guildId) >> 22n) % BigInt(shardCount));

async function startProxy(emulator: Emulator): Promise<{ child: NodeChild; apiUrl: string }> {
  const child = spawnNode({
    name: 'REST proxy',
    script: BUILT_SCRIPTS.cli,
    args: ['proxy'],
    env: { PROXY_PORT: '0', PROXY_UPSTREAM_API_URL: emulator.info.apiUrl, REST_GLOBAL_REQUESTS_PER_SECOND: String(DISCORD_GLOBAL_LIMIT), LOG_LEVEL: 'info' },
  });
  try {
    const { value } = await child.waitForJson(listeningSchema);
    return { child, apiUrl: `http://127.0.0.1:${value.port}/api` };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

function spawnHost(index: number, shardIds: readonly number[], shardCount: number, emulator: Emulator, proxyUrl: string, databasePath: string): NodeChild {
  return spawnNode({
    name: `host ${index} (shards ${shardIds.join(',')})`,
    script: BUILT_SCRIPTS.bot,
    env: {
      DISCORD_TOKEN: emulator.info.token,
      DISCORD_APPLICATION_ID: emulator.info.applicationId,
      DISCORD_API_URL: proxyUrl,
      DISCORD_REST_PROXY: 'true',
      REST_GLOBAL_REQUESTS_PER_SECOND: String(DISCORD_GLOBAL_LIMIT),
      DATABASE_PATH: databasePath,
      // One shard in all: the bot runs unsharded, as one process.
      ...(shardCount > 1 ? { SHARD_COUNT: String(shardCount), SHARD_IDS: shardIds.join(',') } : {}),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    },
    nodeFlags: BOT_NODE_FLAGS,
  });
}

/**
 * Every host's tick lines added up, until all servers are posted or `timeoutMs` passed (what is then
 * missing shows in the channel check, not as a failure of the run).
 */
function waitForFanout(hosts: readonly Host[], servers: number, timeoutMs: number): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(totals), timeoutMs);
    const count = (line: z.infer<typeof tickSchema>): boolean => {
      for (const [key, value] of Object.entries(line.tips)) totals[key] = (totals[key] ?? 0) + value;
      if ((totals.posted ?? 0) < servers) return false;
      clearTimeout(timer);
      resolve(totals);
      return true;
    };
    // Each host's wait ends with the run (its process stopped) at the latest.
    for (const host of hosts) host.child.waitForJson(tickSchema, count, timeoutMs).catch(() => undefined);
  });
}

/** A host's RSS: its manager and each shard process it started (or the one process of an unsharded bot), MB. */
async function hostRssMb(host: Host, shardCount: number): Promise<number> {
  const shardPids: number[] = [];
  if (shardCount === 1) return processMemory(host.child.pid).rssMb;
  await host.child.waitForJson(shardStartedSchema, (line) => {
    shardPids.push(line.pid);
    return shardPids.length === host.shardIds.length;
  });
  return [host.child.pid, ...shardPids].reduce((sum, pid) => sum + processMemory(pid).rssMb, 0);
}

/** The interaction mix in one server of each host, the hosts taking turns request by request. */
async function interactionsOverHosts(emulator: Emulator, hosts: readonly Host[], servers: readonly Server[], shardCount: number, durationMs: number): Promise<PhaseResult> {
  const { kinds } = interactionMix((await loadCommandRegistry()).toJSON());
  const discord = await connectLocalDiscord(emulator.info.controlUrl);
  const senders = hosts.map((host) => {
    const server = servers.find((candidate) => host.shardIds.includes(shardOf(candidate.guildId, shardCount)));
    if (!server) throw new Error(`no server on host ${host.index}`);
    return interactionSender(discord, kinds, { guildId: server.guildId, channelId: server.channelId, userId: emulator.world.ownerId });
  });
  const send = (index: number) => (senders[index % senders.length] as (typeof senders)[number])(Math.floor(index / senders.length));
  const round = await sendRound(discord, kinds, send, INTERACTION_RATE, durationMs);
  return phaseResult([round], kinds, INTERACTION_RATE, durationMs);
}

/**
 * `--hosts N`: N bot hosts (their own processes and shard ranges) behind one REST proxy, on one
 * database, the emulator at Discord's own global limit. Every server's tip is due at once; then
 * members interact in a server of each host. Reports throughput against the limit, and each host's RSS.
 */
export async function runHostsScenario(options: BenchOptions): Promise<HostsResult> {
  const servers = options.hostServers;
  const layout = shardLayout(options.hosts, servers);
  const scratch = scratchDir();
  const emulator = await startEmulator({
    flags: ['--global-limit', String(DISCORD_GLOBAL_LIMIT), '--shards', String(layout.shardCount)],
    world: { kind: 'servers', count: servers, channels: 1, roles: 2 },
    worldSchema: serversWorldSchema,
  });
  const children: NodeChild[] = [emulator.child];
  try {
    await avoidMidnight();
    await seedDueTips(scratch.databasePath, emulator.world.servers, emulator.world.ownerId);
    const proxy = await startProxy(emulator);
    children.push(proxy.child);
    const before = await emulatorStats(emulator.info.controlUrl);
    const started = Array.from({ length: options.hosts }, (_, index) => {
      const shardIds = layout.shardsOf(index);
      const child = spawnHost(index, shardIds, layout.shardCount, emulator, proxy.apiUrl, scratch.databasePath);
      children.push(child);
      return { index, shardIds, child };
    });
    const hosts: Host[] = await Promise.all(
      started.map(async (host) => {
        const ready = await host.child.waitForJson(logLineSchema, (line) => line.msg === 'ready' && (layout.shardCount === 1 || line.process === 'manager'), 300_000);
        return { ...host, readyMs: Math.round(ready.at - host.child.spawnedAt) };
      }),
    );
    const idealMs = (servers / DISCORD_GLOBAL_LIMIT) * 1000;
    const tick = await waitForFanout(hosts, servers, idealMs * 4 + 180_000);
    const check = await checkFanout(emulator.info.controlUrl, emulator.info.botUserId, emulator.world.servers.map((server) => server.channelId), before);
    const rssMb = await Promise.all(hosts.map((host) => hostRssMb(host, layout.shardCount)));
    const interactions = await interactionsOverHosts(emulator, hosts, emulator.world.servers, layout.shardCount, options.durationMs);
    const wallMs = check.firstAt !== null && check.lastAt !== null ? check.lastAt - check.firstAt : 0;
    const rate = wallMs > 0 ? Math.round((check.posted / wallMs) * 1000 * 10) / 10 : 0;
    const perHost: HostRun[] = hosts.map((host, index) => ({
      shards: host.shardIds,
      servers: emulator.world.servers.filter((server) => host.shardIds.includes(shardOf(server.guildId, layout.shardCount))).length,
      readyMs: host.readyMs,
      rssMb: Math.round((rssMb[index] ?? 0) * 10) / 10,
    }));
    return {
      status: 'ok',
      hosts: options.hosts,
      shardCount: layout.shardCount,
      servers,
      database: 'one SQLite file',
      globalLimit: DISCORD_GLOBAL_LIMIT,
      idealMs: Math.round(idealMs),
      fanout: { wallMs, posted: check.posted, rate, duplicates: check.duplicates, missing: check.missing, violations: check.violations, rateLimited: check.rateLimited, tick },
      efficiency: Math.round((rate / DISCORD_GLOBAL_LIMIT) * 1000) / 1000,
      interactions,
      perHost,
    };
  } finally {
    await Promise.all(children.reverse().map((child) => child.stop()));
    scratch.cleanup();
  }
}
