import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BenchOptions } from '../options.js';
import { spawnNode } from '../processes/child.js';
import { oneShardHoldsAll, startEmulator, type EmulatorProcess } from '../processes/emulator.js';
import { profileFlags } from '../processes/profiling.js';
import { logLineSchema, startSubject } from '../processes/subjects.js';
import { serversWorldSchema, type ServersWorld } from '../processes/world-spec.js';
import type { FanoutResult, FanoutRun } from '../report/results.js';
import { scratchDir } from '../support/scratch.js';
import { checkFanout, emulatorStats, type FanoutCheck } from './fanout-check.js';
import { avoidMidnight, seedDueTips } from './seed-tips.js';

/** The emulator's global limit for the fan-out (requests per second). */
export const FANOUT_GLOBAL_LIMIT = 500;
/** Servers the tip scheduler posts to at once (its default), and so the bare loop too. */
const CONCURRENCY = 25;

const baselineOutputSchema = z.object({ fanout: z.object({ sent: z.number(), failed: z.number(), wallMs: z.number() }) });
const tickLineSchema = logLineSchema.and(z.object({ msg: z.literal('tip tick'), tips: z.record(z.string(), z.number()) }));

type Emulator = EmulatorProcess<ServersWorld>;

function runOf(check: FanoutCheck, servers: number): FanoutRun {
  const { firstAt, lastAt, ...counts } = check;
  const wallMs = firstAt !== null && lastAt !== null ? lastAt - firstAt : 0;
  return { ...counts, wallMs, rate: wallMs > 0 ? Math.round((counts.posted / wallMs) * 1000) : servers };
}

type Server = ServersWorld['servers'][number];

/** One emulator, twice the servers: the first half for the bare loop, the second for the bot. */
function startFanoutEmulator(options: BenchOptions): Promise<Emulator> {
  return startEmulator({
    flags: ['--global-limit', String(FANOUT_GLOBAL_LIMIT), ...oneShardHoldsAll(2 * options.fanoutServers)],
    world: { kind: 'servers', count: 2 * options.fanoutServers, channels: 1, roles: 2 },
    worldSchema: serversWorldSchema,
    nodeFlags: profileFlags(options, 'emulator', 'fanout'),
  });
}

/** The bare @discordjs/rest loop over its channels. */
async function baselineRun(options: BenchOptions, emulator: Emulator, servers: readonly Server[], dir: string): Promise<FanoutRun> {
  const channelIds = servers.map((server) => server.channelId);
  const before = await emulatorStats(emulator.info.controlUrl);
  const file = join(dir, 'channels.json');
  writeFileSync(file, JSON.stringify(channelIds));
  const loop = spawnNode({
    name: 'baseline fan-out',
    script: 'bench/baseline-fanout.ts',
    args: [file],
    env: { DISCORD_TOKEN: emulator.info.token, DISCORD_API_URL: emulator.info.apiUrl, REST_GLOBAL_REQUESTS_PER_SECOND: String(FANOUT_GLOBAL_LIMIT), CONCURRENCY: String(CONCURRENCY) },
    nodeFlags: profileFlags(options, 'baseline', 'fanout'),
  });
  await loop.waitForJson(baselineOutputSchema, undefined, 600_000);
  await loop.exited;
  return runOf(await checkFanout(emulator.info.controlUrl, emulator.info.botUserId, channelIds, before), options.fanoutServers);
}

/** The bot, started on a database where every server's tip is due: its start-up catch-up posts them. */
async function botRun(options: BenchOptions, emulator: Emulator, servers: readonly Server[], databasePath: string): Promise<FanoutResult['bot']> {
  await avoidMidnight();
  await seedDueTips(databasePath, servers, emulator.world.ownerId);
  const before = await emulatorStats(emulator.info.controlUrl);
  const expectedMs = (options.fanoutServers / FANOUT_GLOBAL_LIMIT) * 1000;
  const bot = await startSubject('bot', { emulator: emulator.info, globalLimit: FANOUT_GLOBAL_LIMIT, databasePath, nodeFlags: profileFlags(options, 'bot', 'fanout') });
  try {
    const { value: tick } = await bot.child.waitForJson(tickLineSchema, undefined, expectedMs * 5 + 60_000);
    const check = await checkFanout(emulator.info.controlUrl, emulator.info.botUserId, servers.map((server) => server.channelId), before);
    return { ...runOf(check, options.fanoutServers), tick: tick.tips };
  } finally {
    await bot.child.stop();
  }
}

/** Scenario 2: N servers due in the same minute, global limit 500/s: the bot's tick beside a bare REST loop. */
export async function runFanoutScenario(options: BenchOptions): Promise<FanoutResult> {
  const scratch = scratchDir();
  const emulator = await startFanoutEmulator(options);
  try {
    const { servers } = emulator.world;
    const baseline = await baselineRun(options, emulator, servers.slice(0, options.fanoutServers), scratch.dir);
    const bot = await botRun(options, emulator, servers.slice(options.fanoutServers), scratch.databasePath);
    return {
      status: 'ok',
      servers: options.fanoutServers,
      globalLimit: FANOUT_GLOBAL_LIMIT,
      idealMs: Math.round((options.fanoutServers / FANOUT_GLOBAL_LIMIT) * 1000),
      bot,
      baseline,
      efficiency: Math.round((bot.rate / FANOUT_GLOBAL_LIMIT) * 1000) / 1000,
    };
  } finally {
    await emulator.child.stop();
    scratch.cleanup();
  }
}
