import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultRestOptions, REST, Routes } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import { parseConfig, parseProxyConfig } from '../../src/config/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import { guardRestTransport, RestGuardError } from '../../src/discord/rest-guard.js';
import { startRestProxy, type RunningProxy } from '../../src/discord/rest-proxy.js';
import { LocalDiscord } from '../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../src/sandbox/world.js';
import { answerText, answerVia, askQuestion } from '../support/qa-discord.js';
import { at, botEnvironment, LogCapture, runCommand, scratchDir } from './support/harness.js';
import { spawnProxy } from './support/proxy.js';

/** The lowered global limit of these tests' local Discord (requests per second). */
const GLOBAL_LIMIT = 20;

const proxyConfig = (upstream: string) => parseProxyConfig({ PROXY_PORT: '0', PROXY_UPSTREAM_API_URL: upstream, REST_GLOBAL_REQUESTS_PER_SECOND: String(GLOBAL_LIMIT) });

/** A bot host's REST client as the bot builds it: its own global limit, here the whole budget. */
function hostRest(discord: LocalDiscord, apiUrl: string): REST {
  return new REST({ api: apiUrl, globalRequestsPerSecond: GLOBAL_LIMIT }).setToken(discord.token);
}

/** Two hosts each post to half of the channels at once, each client keeping to the whole limit on its own. */
async function twoHostsPost(discord: LocalDiscord, apiUrl: string, channelIds: readonly string[]): Promise<void> {
  const hosts = [hostRest(discord, apiUrl), hostRest(discord, apiUrl)];
  try {
    await Promise.all(
      channelIds.map((channelId, index) => hosts[index % 2]?.post(Routes.channelMessages(channelId), { body: { content: `tip for ${channelId}` } })),
    );
  } finally {
    for (const rest of hosts) {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  }
}

describe('the REST proxy (@discordjs/proxy) between bot hosts and Discord', () => {
  let discord: LocalDiscord;
  let proxy: RunningProxy;
  const channelIds: string[] = [];

  beforeAll(async () => {
    discord = await LocalDiscord.start({ port: 0, rateLimits: { globalPerSecond: GLOBAL_LIMIT } });
    // One channel per server, two posts' worth: each post is a fresh channel bucket, so only the global limit binds.
    for (let server = 0; server < 80; server += 1) {
      const guild = await discord.createGuild({ name: `Server ${server}`, botPermissions: BOT_PERMISSIONS });
      channelIds.push((await discord.createChannel(guild.id, { name: 'tips', type: 'text' })).id);
    }
    proxy = await startRestProxy({ config: proxyConfig(discord.apiUrl), logger: silentLogger });
  });

  afterAll(async () => {
    await proxy.stop();
    await discord.close();
  });

  it('GIVEN two hosts each allowed the whole global limit, through the proxy THEN every message is posted once and Discord counts no global violation', async () => {
    const before = (await discord.stats()).violations.global;
    const targets = channelIds.slice(0, 40);
    await twoHostsPost(discord, proxy.apiUrl, targets);
    expect((await discord.stats()).violations.global).toBe(before);
    for (const channelId of targets) expect((await discord.messages(channelId)).map((message) => message.content)).toEqual([`tip for ${channelId}`]);
  });

  it('GIVEN the same two hosts straight to Discord THEN together they break it (what the proxy is for)', async () => {
    const before = (await discord.stats()).violations.global;
    await twoHostsPost(discord, discord.apiUrl, channelIds.slice(40));
    expect((await discord.stats()).violations.global).toBeGreaterThan(before);
  });

  it("GIVEN Discord's global window already full (a client that bypassed the proxy) THEN the proxy waits out the 429 and resends the whole body", async () => {
    const before = (await discord.stats()).violations.global;
    // Raw requests, no client-side limit: the window is full when the proxy's posts arrive.
    await Promise.all(Array.from({ length: GLOBAL_LIMIT + 5 }, () => fetch(`${discord.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${discord.token}` } })));
    const targets = channelIds.slice(0, 5);
    const rest = hostRest(discord, proxy.apiUrl);
    await Promise.all(targets.map((channelId) => rest.post(Routes.channelMessages(channelId), { body: { content: `second tip for ${channelId}` } })));
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    expect((await discord.requests()).some((request) => request.method === 'POST' && request.status === 429)).toBe(true);
    expect((await discord.stats()).violations.global).toBeGreaterThan(before);
    for (const channelId of targets) expect((await discord.messages(channelId)).map((message) => message.content)).toEqual([`tip for ${channelId}`, `second tip for ${channelId}`]);
  });

  it("GIVEN Discord's answer to a bad request THEN the host reads Discord's status and error code through the proxy", async () => {
    const rest = hostRest(discord, proxy.apiUrl);
    await expect(rest.post(Routes.channelMessages(channelIds[0] ?? ''), { body: {} })).rejects.toMatchObject({ status: 400, code: 50006 });
    await expect(rest.get(Routes.channel('123456789012345678'))).rejects.toMatchObject({ status: 404, code: 10003 });
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });

  it('GIVEN GET /healthz THEN the proxy answers it itself', async () => {
    const response = await fetch(`${proxy.apiUrl.replace(/\/api$/, '')}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});

describe('the bot through the REST proxy', () => {
  let discord: LocalDiscord;
  let world: SandboxWorld;
  let proxy: RunningProxy;
  let bot: RunningBot;
  const scratch = scratchDir();
  const logs = new LogCapture();

  beforeAll(async () => {
    const clock = new ManualClock(new Date());
    discord = await LocalDiscord.start({ port: 0, clock, rateLimits: { globalPerSecond: GLOBAL_LIMIT } });
    world = await createSandboxWorld(discord);
    proxy = await startRestProxy({ config: proxyConfig(discord.apiUrl), logger: silentLogger });
    const config = parseConfig(botEnvironment(discord, world, scratch.databasePath, { DISCORD_API_URL: proxy.apiUrl, DISCORD_REST_PROXY: 'true' }));
    bot = await startBot({ config, logger: logs.logger, clock, drainTimeoutMs: 2_000 });
  });

  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
    await discord.close();
    scratch.cleanup();
  });

  it('GIVEN /ask and /help THEN interaction callbacks and follow-ups (no bot token on them) are relayed, and the commands were synced through the proxy', async () => {
    const help = await discord.invoke('/help', {}, at(world));
    expect(help.reply?.embeds[0]?.title).toContain('CTO Mentor');
    const asked = await discord.invoke('/ask', { question: 'our aws bil is insane how do i cut it' }, at(world));
    expect(asked.reply?.embeds[0]?.title).toBe('Did you mean: How do I get our cloud costs under control?');
    if (!asked.reply) throw new Error('no reply to /ask');
    const shown = await discord.click(asked.reply, 0, at(world));
    expect(JSON.stringify(shown.reply?.embeds ?? [])).toContain('cloud costs');
    const requests = await discord.requests();
    expect(requests.some((request) => request.route === 'POST /interactions/:interactionId/:token/callback' && request.status < 300)).toBe(true);
    expect(requests.some((request) => request.method === 'PUT' && request.path.endsWith('/commands') && request.status === 200)).toBe(true);
    expect(requests.filter((request) => request.status === 401)).toEqual([]);
    expect((await discord.stats()).violations).toEqual({ route: 0, global: 0 });
  });

  it('GIVEN a Q&A question and its answer THEN deferred replies and their edits (interaction webhooks) are relayed too', async () => {
    const member = at(world, 'general', 'member');
    const moderator = at(world, 'general', 'moderator');
    const questions = world.channelIds.get('questions') ?? '';
    await discord.invoke('/qa setup', { channel: questions }, moderator);
    const asked = await askQuestion({ discord }, 'How should a first-time CTO report engineering progress to the board?', member);
    expect(answerText(asked)).toMatch(/Posted \*\*#1\*\*/);
    const question = (await discord.messages(questions)).find((message) => message.embeds[0]?.title?.startsWith('Question #1'));
    if (!question) throw new Error('question #1 was not posted');
    const answered = await answerVia({ discord }, question, 'Report outcomes against the plan, with risks and what you need from the board.', moderator);
    expect(answerText(answered)).not.toBe('');
    const requests = await discord.requests();
    expect(requests.some((request) => request.route.startsWith('PATCH /webhooks/') && request.status === 200)).toBe(true);
    expect(requests.filter((request) => request.status === 401 || request.status === 429)).toEqual([]);
  });
});

describe('a ban at the edge, seen through the proxy', () => {
  let edge: Server;
  let proxy: RunningProxy;
  let edgeRequests = 0;

  beforeAll(async () => {
    // Discord's edge refusing the proxy's address: 429 with no rate-limit scope.
    edge = createServer((request, response) => {
      edgeRequests += 1;
      request.resume();
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '600' }).end(JSON.stringify({ message: 'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.', code: 0 }));
    });
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', () => resolve()));
    proxy = await startRestProxy({ config: proxyConfig(`http://127.0.0.1:${(edge.address() as AddressInfo).port}/api`), logger: silentLogger });
  });

  afterAll(async () => {
    await proxy.stop();
    await new Promise((resolve) => edge.close(resolve));
  });

  it("GIVEN the edge's ban THEN each host's guard reads it as a ban and stops, and the proxy stops asking the edge", async () => {
    const hostGuard = guardRestTransport(DefaultRestOptions.makeRequest, { logger: silentLogger });
    const host = new REST({ api: proxy.apiUrl, makeRequest: hostGuard, retries: 0 }).setToken('host-token');
    await expect(host.get(Routes.user())).rejects.toBeInstanceOf(RestGuardError);
    await expect(host.get(Routes.gatewayBot())).rejects.toMatchObject({ reason: 'blocked' });
    const second = new REST({ api: proxy.apiUrl, makeRequest: guardRestTransport(DefaultRestOptions.makeRequest, { logger: silentLogger }), retries: 0 }).setToken('other-host');
    await expect(second.get(Routes.user())).rejects.toMatchObject({ reason: 'blocked' });
    expect(edgeRequests).toBe(1);
    for (const rest of [host, second]) {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  });
});

describe('npm run proxy', () => {
  let discord: LocalDiscord | undefined;
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });

  it('GIVEN the proxy process relaying to the local Discord THEN it serves requests and on SIGTERM stops cleanly with 0', async () => {
    discord = await LocalDiscord.start({ port: 0 });
    const proxy = await spawnProxy(discord.apiUrl);
    const rest = new REST({ api: proxy.apiUrl }).setToken(discord.token);
    expect(await rest.get(Routes.user())).toMatchObject({ id: discord.botUserId });
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();

    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toEqual([0, null]);
    expect(proxy.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['signal received', 'REST proxy stopping', 'REST proxy stopped']));
    expect(JSON.stringify(proxy.logs)).not.toContain(discord.token);
  }, 60_000);

  it('GIVEN a bad PROXY_PORT THEN names it and exits 2', async () => {
    const result = await runCommand(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'proxy'], { PROXY_PORT: 'eighty' }, '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PROXY_PORT');
  });
});
