import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/app/start-bot.js';
import { silentLogger } from '../../src/core/logger.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { LocalDiscord } from '../../src/local-discord/index.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { createSandboxWorld, type SandboxWorld } from '../../src/sandbox/world.js';
import { nextPostAfter } from '../../src/scheduling/time/schedule.js';
import { createTipsStore } from '../../src/tips/tips-store.js';
import { botEnvironment, scratchDir, spawnBot, type BotProcess } from './support/harness.js';
import { tipsNow } from './support/tips.js';

const SERVERS = 500;
/** Killed once this many tips are out: well into the fan-out, far from its end. */
const KILL_AFTER = 120;
const SEND_ROUTE = 'POST /channels/:channelId/messages';
/** Simulated downtime, longer than the emulator's 2-minute nonce window. */
const RESTART_AFTER_MS = 5 * 60_000;
// The emulator's global limit and the bot's pacing must agree, or the bot would be rate limited (or idle).
const GLOBAL_PER_SECOND = 500;

interface Server {
  readonly guildId: string;
  readonly channelId: string;
}

/**
 * A zone where it is around noon now, so "today" cannot end while the test runs, and the wall-clock
 * minute that has just passed there: a schedule at that time is due, for today.
 */
function dueNow(): { zone: string; time: string; localDate: string; setUpAt: Date } {
  const now = DateTime.utc();
  const offset = Math.max(-11, Math.min(12, 12 - now.hour));
  // Etc/GMT zones have inverted signs: Etc/GMT-3 is UTC+3.
  const zone = offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const justPast = now.minus({ minutes: 1 }).setZone(zone);
  return { zone, time: justPast.toFormat('HH:mm'), localDate: justPast.toISODate() ?? '', setUpAt: now.minus({ minutes: 2 }).toJSDate() };
}

describe.each([
  { faults: 'none', description: 'no Discord errors' },
  { faults: 'apply-then-fail', description: '15% of sends answered 5xx after Discord created the message' },
] as const)(`a bot killed (SIGKILL) while posting to ${SERVERS} servers, then restarted 5 minutes later, with $description`, ({ faults }) => {
  let discord: LocalDiscord;
  let world: SandboxWorld;
  let scratch: ReturnType<typeof scratchDir>;
  const servers: Server[] = [];
  const children: BotProcess[] = [];

  beforeEach(async () => {
    scratch = scratchDir();
    discord = await LocalDiscord.start({ port: 0, rateLimits: { globalPerSecond: GLOBAL_PER_SECOND }, requestLogSize: 20_000 });
    world = await createSandboxWorld(discord);
    servers.length = 0;
    for (let index = 0; index < SERVERS; index += 1) {
      const guild = await discord.createGuild({ name: `Leaders ${index}`, botPermissions: BOT_PERMISSIONS });
      const channel = await discord.createChannel(guild.id, { name: 'leadership-tips' });
      servers.push({ guildId: guild.id, channelId: channel.id });
    }
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await discord.close();
    scratch.cleanup();
  });

  /** Seeds every server's schedule in the bot's SQLite file, due a minute ago, before the bot starts. */
  async function seedDueSchedules(): Promise<string> {
    const { zone, time, localDate, setUpAt } = dueNow();
    const next = nextPostAfter({ time, zone, days: 'daily' }, setUpAt);
    expect(next).toEqual({ at: expect.any(Date), localDate });
    expect(next.at.getTime()).toBeLessThanOrEqual(Date.now());
    const db = openMigratedDatabase(scratch.databasePath, silentLogger);
    try {
      const store = createTipsStore(sqliteDatabase(db));
      for (const [index, server] of servers.entries()) {
        await store.saveSchedule(
          { guildId: server.guildId, guildName: `Leaders ${index}`, channelId: server.channelId, time, zone, days: 'daily', roleId: null, setUpBy: world.people.moderator },
          next,
          { actorId: world.people.moderator, action: 'setup', details: {}, at: setUpAt },
        );
      }
      expect(await store.dueSchedules(new Date())).toHaveLength(SERVERS);
    } finally {
      db.close();
    }
    return localDate;
  }

  /** Tips per server channel, read straight from the emulator's state (cheap enough to run on every change). */
  function tipCounts(): number[] {
    return servers.map((server) => tipsNow(discord, server.channelId));
  }

  /** Resolves once `condition` holds, checked on every change of the emulator's state. */
  function waitUntil(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<boolean> {
    return discord.waitUntil(condition, `${what} did not happen within ${timeoutMs} ms`, timeoutMs);
  }

  function start(): BotProcess {
    const child = spawnBot(botEnvironment(discord, world, scratch.databasePath, { REST_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_PER_SECOND) }));
    children.push(child);
    return child;
  }

  function postsInDatabase(localDate: string) {
    const db = openMigratedDatabase(scratch.databasePath, silentLogger);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      return db
        .prepare<[string], { guild_id: string; state: string; message_id: string | null }>('SELECT guild_id, state, message_id FROM tip_posts WHERE local_date = ?')
        .all(localDate);
    } finally {
      db.close();
    }
  }

  it('THEN every server has exactly one tip for the day, recorded with its message id, and the database is sound', { timeout: 150_000 }, async () => {
    const localDate = await seedDueSchedules();
    if (faults === 'apply-then-fail') await discord.setFaults({ serverErrors: { rate: 0.15, routes: [SEND_ROUTE], mode: 'apply-then-fail' } });

    const first = start();
    let killedAt = -1;
    await waitUntil(() => {
      const posted = tipCounts().filter((count) => count > 0).length;
      if (posted < KILL_AFTER) return false;
      first.child.kill('SIGKILL');
      killedAt = posted;
      return true;
    }, `${KILL_AFTER} tips`);
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    const afterKill = tipCounts();
    // Some, not all: requests already on the wire when it died may still land.
    expect(killedAt).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(afterKill.filter((count) => count > 0).length).toBeLessThan(SERVERS);
    expect(Math.max(...afterKill)).toBe(1);
    const interrupted = postsInDatabase(localDate);
    // The bot died before it could record at least the message that triggered the kill: those
    // claims are left unfinished, and after the nonce window only the look-up stops a second post.
    expect(interrupted.filter((post) => post.state === 'posted').length).toBeLessThan(afterKill.filter((count) => count > 0).length);
    expect(interrupted.filter((post) => post.state === 'claimed').length).toBeGreaterThan(0);
    if (faults === 'apply-then-fail') {
      expect((await discord.stats()).injected.appliedThenFailed).toBeGreaterThan(0);
      await discord.setFaults({});
    }

    // Restarted only after Discord's nonce window: the nonce no longer stops a resend, the look-up must.
    await discord.advanceClock(RESTART_AFTER_MS);
    const second = start();
    await waitUntil(() => tipCounts().every((count) => count > 0), `a tip in all ${SERVERS} channels`);
    // The catch-up tick ends after its last post is recorded: nothing can still be on its way.
    await second.waitForLog('tip tick');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expect(tipCounts().every((count) => count === 1)).toBe(true);
    const posts = postsInDatabase(localDate);
    expect(posts).toHaveLength(SERVERS);
    const messageIds = new Map(
      servers.map((server) => {
        const stored = [...(discord.core.state.channels.get(server.channelId)?.messages.values() ?? [])].find((message) => !message.deleted);
        return [server.guildId, stored?.message.id];
      }),
    );
    for (const post of posts) {
      expect(post.state).toBe('posted');
      expect(post.message_id).toBe(messageIds.get(post.guild_id));
    }
    // Every send Discord acted on, including resends after the kill or a 5xx: more than the tips that exist.
    const channels = new Set(servers.map((server) => `/channels/${server.channelId}/messages`));
    const applied = (await discord.requests()).filter((request) => request.method === 'POST' && channels.has(request.path) && (request.status === 200 || request.note === 'applied-then-5xx'));
    if (faults === 'apply-then-fail') expect(applied.length).toBeGreaterThan(SERVERS);
    else expect(applied.length).toBeGreaterThanOrEqual(SERVERS);
    expect((await discord.stats()).violations).toEqual({ route: 0, global: 0 });
  });
});
