import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { postedTips } from './support/tips.js';

const SERVERS = 100;
const START = '2025-03-10T07:00:00Z';
const SEND_ROUTE = 'POST /channels/:channelId/messages';
// Raised together: the bot paces itself to the global limit it is told, the emulator enforces its own.
const GLOBAL_PER_SECOND = 1_000;

interface Server {
  readonly guildId: string;
  readonly channelId: string;
}

describe(`${SERVERS} servers due at the same minute while Discord answers 10% of sends with a 5xx`, () => {
  let t: TestBot;
  const clock = new ManualClock(START);
  const servers: Server[] = [];

  beforeAll(async () => {
    t = await startTestBot({
      clock,
      emulator: { rateLimits: { globalPerSecond: GLOBAL_PER_SECOND } },
      env: { REST_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_PER_SECOND) },
    });
    for (let index = 0; index < SERVERS; index += 1) {
      const guild = await t.discord.createGuild({ name: `Leaders ${index}`, botPermissions: BOT_PERMISSIONS });
      const channel = await t.discord.createChannel(guild.id, { name: 'tips' });
      servers.push({ guildId: guild.id, channelId: channel.id });
      await t.bot.context.tips.setup({ guildId: guild.id, guildName: guild.name, channelId: channel.id, time: '09:00', timeZone: 'Europe/London', days: 'daily', actorId: guild.ownerId });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  /** Ticks at `instant` until every server has its tip for the day (transient failures are retried next tick). */
  async function postDay(instant: string, localDate: string): Promise<void> {
    clock.set(instant);
    for (let tick = 0; tick < 5; tick += 1) {
      await t.bot.jobs.runAll();
      const lastPosts = await Promise.all(servers.map(async (server) => (await t.bot.context.tips.status(server.guildId)).lastPost?.localDate));
      if (lastPosts.every((posted) => posted === localDate)) return;
      clock.set(new Date(clock.now().getTime() + 60_000));
    }
  }

  async function expectExactlyOneTipPerServer(day: number): Promise<void> {
    for (const server of servers) {
      const tips = await postedTips(t.discord, server.channelId);
      expect(tips).toHaveLength(day);
      expect((await t.bot.context.tips.status(server.guildId)).lastPost?.messageId).toBe(tips.at(-1)?.id);
    }
  }

  it('GIVEN rejected 5xx (nothing was created) THEN every server gets exactly one tip', async () => {
    await t.discord.setFaults({ serverErrors: { rate: 0.1, routes: [SEND_ROUTE], mode: 'reject' } });
    const before = (await t.discord.stats()).injected.serverErrors;
    await postDay('2025-03-10T09:00:00Z', '2025-03-10');
    await t.discord.setFaults({});
    expect((await t.discord.stats()).injected.serverErrors - before).toBeGreaterThan(0);
    await expectExactlyOneTipPerServer(1);
  });

  it('GIVEN 5xx after Discord created the message THEN the nonce makes every retry return it: still exactly one tip per server', async () => {
    await t.discord.setFaults({ serverErrors: { rate: 0.1, routes: [SEND_ROUTE], mode: 'apply-then-fail' } });
    const before = (await t.discord.stats()).injected.appliedThenFailed;
    await postDay('2025-03-11T09:00:00Z', '2025-03-11');
    await t.discord.setFaults({});
    expect((await t.discord.stats()).injected.appliedThenFailed - before).toBeGreaterThan(0);
    await expectExactlyOneTipPerServer(2);
    expect((await t.discord.stats()).violations).toEqual({ route: 0, global: 0 });
  });

  it('GIVEN every send answered 5xx after Discord created the message, and the retry only after Discord\'s nonce window THEN the bot finds the messages it made: still exactly one tip per server', async () => {
    await t.discord.setFaults({ serverErrors: { rate: 1, routes: [SEND_ROUTE], mode: 'apply-then-fail' } });
    clock.set('2025-03-12T09:00:00Z');
    await t.bot.jobs.runAll();
    await t.discord.setFaults({});
    for (const server of servers) expect(await postedTips(t.discord, server.channelId)).toHaveLength(3);
    const lastPosts = await Promise.all(servers.map(async (server) => (await t.bot.context.tips.status(server.guildId)).lastPost?.localDate));
    expect(lastPosts).not.toContain('2025-03-12');

    // Well past the emulator's 2-minute nonce window: a resend would make a second message.
    clock.set('2025-03-12T09:10:00Z');
    await postDay('2025-03-12T09:10:00Z', '2025-03-12');
    await expectExactlyOneTipPerServer(3);
  });
});
