import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avoidMidnight, seedDueTipsIn } from '../../bench/scenarios/seed-tips.js';
import { openMigratedDatabase } from '../../src/app/start-bot.js';
import { silentLogger } from '../../src/core/logger.js';
import { sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { LocalDiscord, snowflakeForShard } from '../../src/local-discord/index.js';
import { fromProcess, scratchDir, spawnBot, waitForLine, type BotProcess } from './support/harness.js';
import { spawnProxy, type ProxyProcess } from './support/proxy.js';
import { tipsNow } from './support/tips.js';

/** Servers with a tip due when the hosts start, half on each host: enough for a fan-out of a few seconds per host. */
const SERVERS = 400;
/** The local Discord's global limit: the two hosts' fan-outs share it through the proxy (requests per second). */
const GLOBAL_LIMIT = 100;
/** Host 0 is killed once this many of its servers have their tip: well into its fan-out, far from its end. */
const KILL_AFTER = 60;

/**
 * The store the hosts share, as the test reaches it: a SQLite file today; PostgreSQL (DATABASE_URL)
 * once the bot accepts it, as another entry of `STORES`.
 */
interface SharedStore {
  /** What each host's environment says of it. */
  readonly env: Record<string, string>;
  /** The test's own connection, for seeding and reading the claims. */
  connect(): { readonly database: SqlDatabase; close(): Promise<void> };
}

const STORES: [string, (dir: { databasePath: string }) => SharedStore][] = [
  [
    'one SQLite file',
    ({ databasePath }) => ({
      env: { DATABASE_PATH: databasePath },
      connect() {
        const db = openMigratedDatabase(databasePath, silentLogger);
        const database = sqliteDatabase(db);
        return {
          database,
          close: async () => {
            await database.close();
            db.close();
          },
        };
      },
    }),
  ],
];

/** SIGKILL to the host's shard process and its manager at once: nothing drains, nothing restarts it. */
function killHost(host: BotProcess): void {
  const shard = host.logs.filter(fromProcess('manager', 'shard process started')).at(-1);
  if (!shard) throw new Error('the host has no shard process to kill');
  process.kill(Number(shard.pid), 'SIGKILL');
  host.child.kill('SIGKILL');
}

async function stop(process: { child: BotProcess['child'] | ProxyProcess['child']; exited: Promise<unknown> } | undefined): Promise<void> {
  if (!process || process.child.exitCode !== null || process.child.signalCode !== null) return;
  process.child.kill('SIGKILL');
  await process.exited;
}

describe.each(STORES)('two hosts on %s behind one REST proxy, one SIGKILLed mid fan-out and restarted with the same SHARD_IDS', (_store, storeIn) => {
  const scratch = scratchDir();
  const store = storeIn(scratch);
  let discord: LocalDiscord;
  let proxy: ProxyProcess;
  /** hosts[n] runs shard n; hosts[0] is replaced by its restart. */
  const hosts: BotProcess[] = [];
  const killed: BotProcess[] = [];
  const servers: { shard: number; guildId: string; channelId: string }[] = [];
  let localDate = '';

  const hostEnv = (shard: number) => ({
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: proxy.apiUrl,
    DISCORD_REST_PROXY: 'true',
    ...store.env,
    SHARD_COUNT: '2',
    SHARD_IDS: String(shard),
    // Two hosts on one machine: each its own name on its claims; the restart keeps it, so it resumes them at once.
    HOST_ID: `host-${shard}`,
    REST_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_LIMIT),
    HEALTH_PORT: '0',
    LOG_LEVEL: 'info',
  });
  const tipsOf = (shard: number) => servers.filter((server) => server.shard === shard).map((server) => tipsNow(discord, server.channelId));

  beforeAll(async () => {
    discord = await LocalDiscord.start({ port: 0, recommendedShards: 2, maxConcurrency: 2, rateLimits: { globalPerSecond: GLOBAL_LIMIT }, requestLogSize: 20_000 });
    const owner = await discord.createUser({ username: 'owner' });
    for (let index = 0; index < SERVERS; index += 1) {
      const shard = index % 2;
      const guild = await discord.createGuild({ id: snowflakeForShard(shard, 2), name: `Server ${index + 1}`, ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
      const channel = await discord.createChannel(guild.id, { name: 'leadership-tips', type: 'text' });
      servers.push({ shard, guildId: guild.id, channelId: channel.id });
    }
    await avoidMidnight();
    const seeding = store.connect();
    try {
      localDate = (await seedDueTipsIn(seeding.database, servers, owner.id)).localDate;
    } finally {
      await seeding.close();
    }
    proxy = await spawnProxy(discord.apiUrl, { REST_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_LIMIT) });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...hosts, ...killed].map(stop));
    await stop(proxy);
    await discord.close();
    scratch.cleanup();
  });

  it(`GIVEN ${SERVERS} servers due at once WHEN host 0 is killed after ${KILL_AFTER} of its tips and restarted THEN every server has exactly one tip, recorded, and Discord counts no global violation`, { timeout: 420_000 }, async () => {
    const started = Date.now();
    // Watched from before the hosts start: host 0 may be ready and posting long before host 1.
    let postedAtKill = 0;
    const killedMidFanOut = discord.waitUntil(
      () => {
        const posted = tipsOf(0).filter((count) => count > 0).length;
        if (posted < KILL_AFTER) return false;
        // In the emulator's own change event: the message that got here is one host 0 never hears back about.
        killHost(hosts[0]!);
        postedAtKill = posted;
        return true;
      },
      `host 0 never posted ${KILL_AFTER} tips`,
      300_000,
    );
    hosts.push(spawnBot(hostEnv(0)), spawnBot(hostEnv(1)));
    await killedMidFanOut;
    const [first] = hosts.splice(0, 1, spawnBot(hostEnv(0)));
    killed.push(first!);
    await first!.exited;
    const restartedAt = Date.now();

    const atKill = tipsOf(0);
    expect(postedAtKill).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(atKill.filter((count) => count > 0).length).toBeLessThan(SERVERS / 2);
    let recordedBeforeKill = 0;
    const reading = store.connect();
    try {
      const claims = await reading.database.kysely.selectFrom('tip_posts').select(['guild_id', 'state', 'owner']).where('local_date', '=', localDate).execute();
      const hostZeroGuilds = new Set(servers.filter((server) => server.shard === 0).map((server) => server.guildId));
      const hostZeroClaims = claims.filter((claim) => hostZeroGuilds.has(claim.guild_id));
      recordedBeforeKill = hostZeroClaims.filter((claim) => claim.state === 'posted').length;
      // What the kill left of host 0's fan-out: claims it never finished, all its own.
      const unfinished = hostZeroClaims.filter((claim) => claim.state === 'claimed');
      expect(unfinished.length).toBeGreaterThan(0);
      expect(new Set(unfinished.map((claim) => claim.owner))).toEqual(new Set(['host-0']));
    } finally {
      await reading.close();
    }

    // Each host's ticks record what is left of its servers: all of host 1's, and what host 0 had not recorded.
    const [restarted, other] = hosts;
    const postedBy = (host: BotProcess, shard: number) =>
      host.logs.filter(fromProcess(`shard-${shard}`, 'tip tick')).reduce((sum, line) => sum + Number((line.tips as { posted?: number }).posted ?? 0), 0);
    await Promise.all([
      waitForLine(restarted!, 'the restarted host 0 recorded its tips', () => postedBy(restarted!, 0) >= SERVERS / 2 - recordedBeforeKill, 240_000),
      waitForLine(other!, 'host 1 recorded its tips', () => postedBy(other!, 1) >= SERVERS / 2, 240_000),
    ]);
    const finished = Date.now();
    // The tip whose arrival triggered the kill reached Discord unrecorded: the restarted host found it instead of resending.
    const adopted = restarted!.logs.filter(fromProcess('shard-0', 'tip already posted by an earlier attempt: recorded it')).length;
    expect(adopted).toBeGreaterThanOrEqual(1);

    expect(servers.filter((server) => tipsNow(discord, server.channelId) !== 1)).toEqual([]);
    expect((await discord.stats()).violations.global).toBe(0);
    const check = store.connect();
    try {
      const posts = await check.database.kysely.selectFrom('tip_posts').select(['guild_id', 'state', 'message_id']).where('local_date', '=', localDate).execute();
      expect(posts).toHaveLength(SERVERS);
      expect(posts.filter((post) => post.state !== 'posted' || post.message_id === null)).toEqual([]);
    } finally {
      await check.close();
    }
    process.stdout.write(
      `two hosts, host 0 killed at ${postedAtKill}/${SERVERS / 2} of its tips (${recordedBeforeKill} recorded): ${(restartedAt - started) / 1000} s to the kill, ${(finished - restartedAt) / 1000} s from restart to every tip recorded, ${adopted} adopted\n`,
    );
  });

  it('GIVEN SIGTERM to the hosts and the proxy THEN they stop cleanly with 0', async () => {
    for (const host of hosts) host.child.kill('SIGTERM');
    expect(await Promise.all(hosts.map((host) => host.exited))).toEqual([0, 0]);
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toEqual([0, null]);
  });
});
