import { DefaultRestOptions, DiscordAPIError, REST, Routes } from 'discord.js';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBot } from '../../src/app/start-bot.js';
import { parseConfig } from '../../src/config/index.js';
import { guardRestTransport, RestGuardError } from '../../src/discord/rest-guard.js';
import { LocalDiscord, type LocalDiscordOptions } from '../../src/local-discord/index.js';
import { createSandboxWorld } from '../../src/sandbox/world.js';
import { channelId, compose } from '../support/announcements-e2e.js';
import { botEnvironment, botKnowsRole, LogCapture, scratchDir, startTestBot } from './support/harness.js';

describe("what protects the bot's token from Discord's invalid-request limit", () => {
  let discord: LocalDiscord | undefined;
  const start = async (options: LocalDiscordOptions = {}) => (discord = await LocalDiscord.start({ port: 0, ...options }));
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });

  function guardedRest(d: LocalDiscord, token: string, logs = new LogCapture()) {
    const rest = new REST({ api: d.apiUrl, makeRequest: guardRestTransport(DefaultRestOptions.makeRequest, { logger: logs.logger }) }).setToken(token);
    return rest;
  }

  it('GIVEN Discord bans the client for too many invalid requests THEN the REST client stops at the first refusal instead of retrying it at once, and sends nothing more', async () => {
    const d = await start({ invalidRequests: { limit: 3, windowMs: 60_000, banMs: 60_000 } });
    const guild = await d.createGuild({ name: 'Hidden' });
    const hidden = await d.createChannel(guild.id, { name: 'staff', permissionOverwrites: [{ id: guild.id, type: 'role', deny: PermissionFlagsBits.ViewChannel }] });
    const logs = new LogCapture();
    const rest = guardedRest(d, d.token, logs);
    try {
      for (let i = 0; i < 3; i += 1) await expect(rest.get(Routes.channel(hidden.id))).rejects.toBeInstanceOf(DiscordAPIError);
      await expect(rest.get(Routes.user('@me'))).rejects.toMatchObject({ name: 'RestGuardError', reason: 'blocked' });
      const before = (await d.stats()).requests;
      await expect(rest.get(Routes.user('@me'))).rejects.toBeInstanceOf(RestGuardError);
      const stats = await d.stats();
      expect(stats.requests).toBe(before);
      expect(stats.blocked).toBe(1);
      expect(logs.find('Discord is refusing this client (too many invalid requests): no request is sent until then')).toHaveLength(1);
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  });

  it('GIVEN Discord rejects the token THEN nothing more is sent with it, and the next start refuses it without asking Discord', async () => {
    const d = await start();
    const world = await createSandboxWorld(d);
    const scratch = scratchDir();
    try {
      const config = parseConfig(botEnvironment(d, world, scratch.databasePath, { DISCORD_TOKEN: 'MTU3OTQxMzk3NzM4Mzk2MDU3Ng.revoked.aXRzLWJlZW4tcmVzZXQtYnktZGlzY29yZA' }));
      const logs = new LogCapture();
      await expect(startBot({ config, logger: logs.logger })).rejects.toThrow();
      expect(logs.find('Discord rejected the bot token (401): no more requests are sent with it; set a new DISCORD_TOKEN and restart')).toHaveLength(1);
      const afterFirst = await d.stats();
      expect(afterFirst.invalidRequests).toBe(1);

      await expect(startBot({ config, logger: new LogCapture().logger })).rejects.toThrow(/rejected this DISCORD_TOKEN \(401\) earlier/);
      expect((await d.stats()).requests).toBe(afterFirst.requests);
    } finally {
      scratch.cleanup();
    }
  });
});

describe('the bot before every IDENTIFY', () => {
  it('GIVEN the gateway asks for a fresh session THEN the bot reads the session budget again, waits out the 5 s window, and identifies', async () => {
    const t = await startTestBot();
    try {
      const gatewayBotReads = async () => (await t.discord.requests()).filter((entry) => entry.route === 'GET /gateway/bot').length;
      const readsBefore = await gatewayBotReads();
      // 4007 (invalid seq): discord.js starts a new session rather than resuming.
      await t.discord.dropGateway({ how: 'close', code: 4007 });
      await vi.waitFor(async () => expect((await t.discord.stats()).gateway.identifies).toBe(2), { timeout: 15_000 });
      expect(await gatewayBotReads()).toBeGreaterThan(readsBefore);
      const stats = await t.discord.stats();
      expect(stats.gateway.identifiesTooFast).toBe(0);
      expect(t.logs.find('identify held back')[0]).toMatchObject({ reason: 'concurrency' });
    } finally {
      await t.close();
    }
  });

  it('GIVEN the session budget down to one per shard THEN the bot holds its identify back instead of spending the last one (which would reset its token)', async () => {
    const t = await startTestBot({ emulator: { sessionStartLimit: 2 } });
    try {
      await t.discord.dropGateway({ how: 'close', code: 4007 });
      await vi.waitFor(() => expect(t.logs.find('identify held back')).not.toHaveLength(0), { timeout: 10_000 });
      expect(t.logs.find('identify held back')[0]).toMatchObject({ reason: 'daily-budget', remaining: 1, total: 2 });
      const stats = await t.discord.stats();
      expect(stats.gateway.identifies).toBe(1);
      expect(stats.gateway.tokenResets).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('requests Discord has refused are not repeated', () => {
  it('GIVEN the application lacks the Server Members intent THEN previews of a role ping say so, and the member list is asked for once, not on every preview', async () => {
    const t = await startTestBot({ emulator: { allowedPrivilegedIntents: 0 } });
    try {
      const role = (await t.discord.createRole(t.world.guild.id, { name: 'Engineering', mentionable: true })).id;
      await vi.waitFor(() => expect(botKnowsRole(t, role)).toBe(true));
      for (const title of ['First', 'Second']) {
        const { preview } = await compose(t, 'post', { channel: channelId(t, 'announcements'), title, ping: role }, 'Team update.');
        expect(preview?.reply?.content).toContain('Server Members intent');
      }
      const refused = (await t.discord.requests()).filter((entry) => entry.route === 'GET /guilds/:guildId/members' && entry.status === 403);
      expect(refused).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
