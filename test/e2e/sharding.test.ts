import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { migrate, openDatabase } from '../../src/db/index.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { LocalDiscord, shardForGuild, snowflakeForShard } from '../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../src/sandbox/world.js';
import { createTipService } from '../../src/tips/service.js';
import { FakePoster } from '../support/fake-poster.js';
import { isPostedTip } from './support/tips.js';
import { botEnvironment, fromProcess, scratchDir, spawnBot, waitForLine, type BotProcess } from './support/harness.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A tip schedule already due when the bot starts, so its start-up catch-up posts it. */
async function seedDueTips(databasePath: string, servers: readonly { guildId: string; channelId: string }[]): Promise<void> {
  const db = openDatabase(databasePath);
  migrate(db);
  const now = Date.now();
  // Set up ten minutes ago, for two minutes ago: due now, whatever the time of day.
  const clock = new ManualClock(new Date(now - 10 * 60_000));
  const dueAt = new Date(now - 2 * 60_000);
  const time = `${String(dueAt.getUTCHours()).padStart(2, '0')}:${String(dueAt.getUTCMinutes()).padStart(2, '0')}`;
  const tips = createTipService({ database: sqliteDatabase(db), clock, logger: silentLogger, poster: new FakePoster() });
  for (const { guildId, channelId } of servers) await tips.setup({ guildId, channelId, time, timeZone: 'UTC', days: 'daily', actorId: '100000000000000001' });
  db.close();
}

describe('SHARD_COUNT=2: a sharding manager and one process per shard', () => {
  const scratch = scratchDir();
  let discord: LocalDiscord;
  let world: SandboxWorld;
  let bot: BotProcess;
  let healthPort: number;
  /** The sandbox server and a second server, one on each shard. */
  const servers: { shard: number; guildId: string; channelId: string; memberId: string }[] = [];

  beforeAll(async () => {
    discord = await LocalDiscord.start({ port: 0, recommendedShards: 2, maxConcurrency: 2 });
    world = await createSandboxWorld(discord);
    const firstShard = shardForGuild(world.guild.id, 2);
    const second = await discord.createGuild({ name: 'Second Community', id: snowflakeForShard(1 - firstShard, 2), botPermissions: BOT_PERMISSIONS });
    const secondTips = await discord.createChannel(second.id, { name: 'leadership-tips', type: 'text' });
    const secondMember = await discord.createMember(second.id, { username: 'alex' });
    servers.push({ shard: firstShard, guildId: world.guild.id, channelId: world.channelIds.get('leadership-tips') ?? '', memberId: world.people.member });
    servers.push({ shard: 1 - firstShard, guildId: second.id, channelId: secondTips.id, memberId: secondMember.user.id });
    servers.sort((a, b) => a.shard - b.shard);
    await seedDueTips(scratch.databasePath, servers);

    // Global commands (no DISCORD_GUILD_ID), so both servers have them.
    bot = spawnBot(botEnvironment(discord, world, scratch.databasePath, { SHARD_COUNT: '2', HEALTH_PORT: '0', DISCORD_GUILD_ID: '' }));
    // Three tsx processes start here; on a busy CI machine that takes a while.
    const ready = await waitForLine(bot, 'manager ready', fromProcess('manager', 'ready'), 240_000).catch((error: unknown) => {
      process.stderr.write(`bot output so far:\n${bot.logs.map((line) => JSON.stringify(line)).join('\n')}\n`);
      throw error;
    });
    healthPort = Number(ready.healthPort);
  }, 300_000);

  afterAll(async () => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) {
      bot.child.kill('SIGKILL');
      await bot.exited;
    }
    await discord.close();
    scratch.cleanup();
  });

  it('GIVEN two shards THEN each process identified as its own shard and only shard 0 registered the commands', async () => {
    const shard0 = await waitForLine(bot, 'shard-0 connected', fromProcess('shard-0', 'connected to Discord'));
    const shard1 = await waitForLine(bot, 'shard-1 connected', fromProcess('shard-1', 'connected to Discord'));
    expect(shard0).toMatchObject({ shards: [0], guilds: 1 });
    expect(shard1).toMatchObject({ shards: [1], guilds: 1 });
    const started = bot.logs.filter(fromProcess('manager', 'shard process started'));
    expect(started.map((line) => line.shard)).toEqual([0, 1]);
    expect(new Set(started.map((line) => line.pid)).size).toBe(2);
    expect((await discord.stats()).gateway.identifies).toBe(2);

    const syncs = (await discord.requests()).filter((request) => request.method === 'PUT' && request.path.endsWith('/commands'));
    expect(syncs).toHaveLength(1);
    expect((await discord.commands()).map((command) => command.name)).toContain('help');
  });

  it('GIVEN an interaction in each server THEN the shard that owns the server answers it', async () => {
    for (const { shard, guildId, memberId } of servers) {
      const result = await discord.invoke('/help', {}, { guildId, userId: memberId });
      expect(result.reply?.embeds[0]?.title).toContain('CTO Mentor');
      const line = await waitForLine(bot, `interaction in ${guildId}`, (entry) => entry.msg === 'interaction' && (entry.interaction as { guildId?: string }).guildId === guildId);
      expect(line.process).toBe(`shard-${shard}`);
    }
  });

  it('GIVEN two servers with a tip due THEN each shard posts only its own server: one tip each, none twice', async () => {
    for (const { channelId } of servers) {
      await discord.waitForMessage(channelId, isPostedTip, 20_000);
    }
    for (const { shard } of servers) {
      const tick = await waitForLine(bot, `tip tick on shard-${shard}`, fromProcess(`shard-${shard}`, 'tip tick'));
      // Two schedules are due in the shared database; each shard saw only the one it owns.
      expect(tick.tips).toMatchObject({ due: 1, posted: 1 });
    }
    for (const { channelId } of servers) expect((await discord.messages(channelId)).filter(isPostedTip)).toHaveLength(1);
  });

  it('GIVEN the manager THEN /healthz reports every shard and /metrics merges every process, labelled', async () => {
    const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      ok: true,
      guilds: 2,
      shards: [
        { shard: 0, ok: true, gateway: 'connected', database: 'ok', guilds: 1 },
        { shard: 1, ok: true, gateway: 'connected', database: 'ok', guilds: 1 },
      ],
    });

    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    for (const { shard } of servers) {
      expect(metrics).toContain(`ctomentor_gateway_connected{shard="${shard}",process="shard-${shard}"} 1`);
      expect(metrics).toContain(`ctomentor_interactions_total{kind="command",command="/help",outcome="ok",process="shard-${shard}"} 1`);
      expect(metrics).toContain(`ctomentor_scheduled_posts_total{feature="tips",result="posted",process="shard-${shard}"} 1`);
      expect(metrics).toContain(`ctomentor_shard_up{shard="${shard}",process="manager"} 1`);
      expect(metrics).toMatch(new RegExp(`process_resident_memory_bytes\\{process="shard-${shard}"\\} \\d+`));
    }
    expect(metrics).toMatch(/ctomentor_database_size_bytes\{file="db",process="manager"\} [1-9]\d*/);
    // The database size is reported once (by the manager), not once per shard.
    expect(metrics.match(/^ctomentor_database_size_bytes\{file="db"/gm)).toHaveLength(1);
  });

  it('GIVEN a shard process killed THEN the manager restarts it, it answers again, and nothing is posted twice', async () => {
    const target = servers[1] ?? servers[0];
    if (!target) throw new Error('no servers');
    const name = `shard-${target.shard}`;
    const first = bot.logs.find((line) => line.process === 'manager' && line.msg === 'shard process started' && line.shard === target.shard);
    const readyLinesBefore = bot.logs.filter(fromProcess(name, 'ready')).length;
    process.kill(Number(first?.pid), 'SIGKILL');

    const restarted = await waitForLine(bot, 'restart', (line) => line.msg === 'shard process started' && line.shard === target.shard && line.pid !== first?.pid);
    await waitForLine(
      bot,
      `${name} ready again`,
      (line, index) => fromProcess(name, 'ready')(line) && bot.logs.slice(0, index + 1).filter(fromProcess(name, 'ready')).length > readyLinesBefore,
      80_000,
    );
    expect(isAlive(Number(restarted.pid))).toBe(true);

    const result = await discord.invoke('/help', {}, { guildId: target.guildId, userId: target.memberId });
    expect(result.reply?.embeds[0]?.title).toContain('CTO Mentor');
    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    expect(metrics).toContain(`ctomentor_shard_restarts_total{shard="${target.shard}",process="manager"} 1`);
    // The restarted shard ran its catch-up again: today's tip was already claimed and posted.
    for (const { channelId } of servers) expect((await discord.messages(channelId)).filter(isPostedTip)).toHaveLength(1);
  }, 90_000);

  it('GIVEN SIGTERM to the manager THEN every shard drains and stops, then the manager exits 0', async () => {
    const pids = bot.logs.filter(fromProcess('manager', 'shard process started')).map((line) => Number(line.pid));
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    for (const { shard } of servers) expect(bot.logs.filter(fromProcess(`shard-${shard}`, 'stopped')).length).toBeGreaterThanOrEqual(1);
    expect(bot.logs.filter(fromProcess('manager', 'stopped'))).toHaveLength(1);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(bot.logs.some((line) => JSON.stringify(line).includes(discord.token))).toBe(false);
  });
});
