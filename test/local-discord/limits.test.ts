import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLocalDiscord } from '../../src/local-discord/index.js';
import type { LocalDiscord, LocalDiscordOptions } from '../../src/local-discord/index.js';
import { IdentifyLimits } from '../../src/local-discord/gateway/identify-limits.js';
import { BLOCKED_BODY, InvalidRequestLimiter, isInvalidResponse } from '../../src/local-discord/invalid-requests.js';

interface GatewayAnswer {
  /** The first frame after IDENTIFY (READY's dispatch, or op 9), or null when the socket closed first. */
  frame: { op: number; t: string | null; d: unknown } | null;
  /** Resolves with the close code whenever the server closes this socket. */
  closed: Promise<number>;
  socket: WebSocket;
}

/** A bare gateway client: HELLO, then IDENTIFY as `shard`, then the server's first answer. */
async function identify(discord: LocalDiscord, shard: [number, number], token = discord.token): Promise<GatewayAnswer> {
  const socket = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const frames: { op: number; t: string | null; d: unknown }[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (raw: Buffer) => {
    frames.push(JSON.parse(raw.toString()) as { op: number; t: string | null; d: unknown });
    wake?.();
  });
  const next = async (): Promise<{ op: number; t: string | null; d: unknown } | null> => {
    for (;;) {
      const frame = frames.shift();
      if (frame) return frame;
      const arrived = new Promise<void>((resolve) => (wake = resolve));
      if ((await Promise.race([arrived.then(() => 'frame' as const), closed.then(() => 'closed' as const)])) === 'closed' && frames.length === 0) return null;
    }
  };
  const hello = await next();
  if (hello?.op !== 10) throw new Error('no HELLO');
  socket.send(JSON.stringify({ op: 2, d: { token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' }, shard } }));
  return { frame: await next(), closed, socket };
}

async function gatewayBot(discord: LocalDiscord, token = discord.token) {
  const response = await fetch(`${discord.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${token}` } });
  return { status: response.status, body: (await response.json()) as { session_start_limit?: { total: number; remaining: number; reset_after: number; max_concurrency: number } } };
}

describe('gateway session limits', () => {
  let discord: LocalDiscord | undefined;
  const sockets: WebSocket[] = [];
  const start = async (options: LocalDiscordOptions) => (discord = await startLocalDiscord({ port: 0, ...options }));
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await discord?.close();
    discord = undefined;
  });

  it('GIVEN max_concurrency 1 WHEN a second IDENTIFY of the same rate-limit key comes within 5 s THEN op 9 Invalid Session, and it still spent a session start', async () => {
    const d = await start({ maxConcurrency: 1, sessionStartLimit: 10 });
    await d.createGuild({ name: 'One' });
    const first = await identify(d, [0, 1]);
    const second = await identify(d, [0, 1]);
    sockets.push(first.socket, second.socket);
    expect(first.frame).toMatchObject({ op: 0, t: 'READY' });
    expect(second.frame).toEqual({ op: 9, d: false, s: null, t: null });
    expect((await gatewayBot(d)).body.session_start_limit).toMatchObject({ total: 10, remaining: 8, max_concurrency: 1 });
    expect((await d.stats()).gateway).toMatchObject({ identifies: 2, identifiesTooFast: 1 });
  });

  it('GIVEN max_concurrency 2 THEN shards 0 and 1 (different keys) may identify together', async () => {
    const d = await start({ maxConcurrency: 2 });
    const zero = await identify(d, [0, 2]);
    const one = await identify(d, [1, 2]);
    sockets.push(zero.socket, one.socket);
    expect(zero.frame).toMatchObject({ t: 'READY' });
    expect(one.frame).toMatchObject({ t: 'READY' });
  });

  it('GIVEN the session start budget spent THEN /gateway/bot shows none left, and one more IDENTIFY resets the token: every session closes with 4004, the old token gets 401', async () => {
    const d = await start({ maxConcurrency: 2, sessionStartLimit: 2 });
    const oldToken = d.token;
    const zero = await identify(d, [0, 2]);
    const one = await identify(d, [1, 2]);
    sockets.push(zero.socket, one.socket);
    const limit = (await gatewayBot(d)).body.session_start_limit;
    expect(limit).toMatchObject({ total: 2, remaining: 0 });
    expect(limit?.reset_after).toBeGreaterThan(0);
    expect(limit?.reset_after).toBeLessThanOrEqual(24 * 60 * 60_000);

    const third = await identify(d, [0, 2]);
    sockets.push(third.socket);
    expect(third.frame).toBeNull();
    expect(await third.closed).toBe(4004);
    expect(await zero.closed).toBe(4004);
    expect(await one.closed).toBe(4004);
    expect(d.token).not.toBe(oldToken);
    expect((await gatewayBot(d, oldToken)).status).toBe(401);
    expect((await gatewayBot(d)).status).toBe(200);
    expect((await d.stats()).gateway.tokenResets).toBe(1);
  });

  it('GIVEN more guilds on a shard than one shard may hold THEN the connection closes with 4011 Sharding required', async () => {
    const d = await start({ maxGuildsPerShard: 2 });
    for (const name of ['A', 'B', 'C']) await d.createGuild({ name });
    const answer = await identify(d, [0, 1]);
    sockets.push(answer.socket);
    expect(answer.frame).toBeNull();
    expect(await answer.closed).toBe(4011);
    expect((await d.stats()).gateway.shardingRequired).toBe(1);
  });

  it('GIVEN a period that ends THEN the session start budget is whole again', () => {
    const limits = new IdentifyLimits({ sessionStartLimit: 3, sessionStartResetMs: 60_000, maxConcurrency: 1 });
    expect(limits.take(0, 0)).toBe('ok');
    expect(limits.take(0, 10)).toBe('too-fast');
    expect(limits.take(0, 6_000)).toBe('ok');
    expect(limits.take(0, 20_000)).toBe('exhausted');
    expect(limits.sessionStartLimit(30_000)).toEqual({ total: 3, remaining: 0, reset_after: 30_000, max_concurrency: 1 });
    expect(limits.sessionStartLimit(60_000)).toMatchObject({ remaining: 3 });
    expect(limits.take(0, 60_000)).toBe('ok');
  });
});

describe('the invalid-request limit (Cloudflare ban)', () => {
  let discord: LocalDiscord | undefined;
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });

  it('GIVEN as many 401s as the limit THEN every request is refused with the static 429 and no rate-limit headers, and stats count it', async () => {
    discord = await startLocalDiscord({ port: 0, invalidRequests: { limit: 5, windowMs: 60_000, banMs: 60_000 } });
    const api = `${discord.apiUrl}/v10`;
    const me = (token: string) => fetch(`${api}/users/@me`, { headers: { authorization: `Bot ${token}` } });
    // A 404 is a mistake, but not one Discord counts.
    expect((await fetch(`${api}/channels/1/messages/2`, { headers: { authorization: `Bot ${discord.token}` } })).status).toBe(404);
    for (let i = 0; i < 4; i += 1) expect((await me('not-the-token')).status).toBe(401);
    expect((await me(discord.token)).status).toBe(200);
    expect((await me('not-the-token')).status).toBe(401);

    const refused = await me(discord.token);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual(BLOCKED_BODY);
    expect([...refused.headers.keys()].filter((name) => name.startsWith('x-ratelimit') || name === 'retry-after')).toEqual([]);
    const stats = await discord.stats();
    expect(stats).toMatchObject({ invalidRequests: 5, invalidRequestBans: 1, blocked: 1 });
  });

  it('GIVEN 429s of a shared limit THEN they are not counted, and old invalid responses leave the window', () => {
    expect(isInvalidResponse(429, 'shared')).toBe(false);
    expect(isInvalidResponse(429, 'user')).toBe(true);
    expect(isInvalidResponse(403, undefined)).toBe(true);
    expect(isInvalidResponse(404, undefined)).toBe(false);
    const limiter = new InvalidRequestLimiter({ limit: 3, windowMs: 1_000, banMs: 5_000 });
    expect(limiter.record(0)).toBe(false);
    expect(limiter.record(100)).toBe(false);
    expect(limiter.count(1_000)).toBe(1);
    expect(limiter.record(1_050)).toBe(false);
    expect(limiter.record(1_060)).toBe(true);
    expect(limiter.blocked(1_060 + 4_999)).toBe(true);
    expect(limiter.blocked(1_060 + 5_000)).toBe(false);
  });
});
