import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError, Routes } from 'discord.js';
import type { TextChannel } from 'discord.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const MESSAGES = 'POST /channels/:channelId/messages';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function channel(harness: Harness, name: string): Promise<TextChannel> {
  const created = once(harness.client, 'channelCreate');
  const { id } = await harness.discord.createChannel(harness.guildId, { name });
  await created;
  return harness.client.channels.cache.get(id) as TextChannel;
}

function rawPost(harness: Harness, channelId: string, content: string): Promise<Response> {
  return fetch(`${harness.discord.apiUrl}/v10/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bot ${harness.discord.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
}

describe('rate limits', () => {
  it('a burst past a route limit gets Discord-shaped 429s; discord.js then queues with one violation at most', async () => {
    h = await startHarness(() => {}, { rateLimits: { routes: { [MESSAGES]: { limit: 2, windowMs: 600 } } } });
    const storm = await channel(h, 'storm');

    // A client that ignores the headers: the third request in the window is refused.
    const answers = await Promise.all([1, 2, 3].map((n) => rawPost(h as Harness, storm.id, `raw ${n}`)));
    const limited = answers.find((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(2);
    expect(limited?.headers.get('x-ratelimit-scope')).toBe('user');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited?.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(answers[0]?.headers.get('x-ratelimit-limit')).toBe('2');
    expect(Number(answers[0]?.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    expect(await limited?.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    const before = await h.discord.stats();
    expect(before.violations.route).toBe(1);

    // discord.js meets the exhausted bucket once, then paces itself by the headers.
    const started = Date.now();
    const sent = await Promise.all(Array.from({ length: 7 }, (_, i) => storm.send(`tip ${i}`)));
    const elapsed = Date.now() - started;
    expect(sent.map((m) => m.content)).toEqual(Array.from({ length: 7 }, (_, i) => `tip ${i}`));
    const after = await h.discord.stats();
    expect(after.violations.route - before.violations.route).toBeLessThanOrEqual(1);
    expect(after.violations.global).toBe(0);
    // 7 messages at 2 per 600 ms need at least three more windows.
    expect(elapsed).toBeGreaterThanOrEqual(3 * 600 - 100);
    const log = (await h.discord.messages(storm.id)).map((m) => m.content);
    expect(log.filter((c) => c.startsWith('tip '))).toHaveLength(7);
  });

  it('discord.js with globalRequestsPerSecond matching the emulator makes no global violations', async () => {
    // discord.js starts its 1 s window when it sends, the emulator when it receives: the grace must cover how late a
    // busy machine delivers a request (50 ms, the default, is not enough on the shared 2-core CI machine under load).
    h = await startHarness(() => {}, { rateLimits: { globalPerSecond: 5, globalGraceMs: 300 }, client: { rest: { globalRequestsPerSecond: 5 } } });
    const target = await channel(h, 'global');
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, () => h?.client.rest.get(Routes.channel(target.id))));
    expect(results).toHaveLength(12);
    const stats = await h.discord.stats();
    expect(stats.violations.global).toBe(0);
    expect(stats.rateLimited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    // The limit is real: a client that ignores it is refused with a global 429.
    const raw = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${h?.discord.apiUrl}/v10/channels/${target.id}`, { headers: { authorization: `Bot ${h?.discord.token}` } })),
    );
    const refused = raw.find((r) => r.status === 429);
    expect(refused?.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused?.headers.get('x-ratelimit-scope')).toBe('global');
    expect(await refused?.json()).toMatchObject({ global: true });
    expect((await h.discord.stats()).violations.global).toBeGreaterThan(0);
  });
});

describe('injected 5xx', () => {
  it('500/502 before the work: @discordjs/rest retries and exactly one message exists', async () => {
    h = await startHarness(() => {});
    const target = await channel(h, 'flaky');
    await h.discord.setFaults({ serverErrors: { next: 2, statuses: [500, 502], routes: [MESSAGES] } });
    const message = await target.send('survives two 5xx');
    expect(message.content).toBe('survives two 5xx');
    const statuses = (await h.discord.requests()).filter((r) => r.route === MESSAGES).map((r) => r.status);
    expect(statuses.slice(-3).map((s) => s >= 500)).toEqual([true, true, false]);
    expect(await h.discord.messages(target.id)).toHaveLength(1);
    expect((await h.discord.stats()).injected.serverErrors).toBe(2);
  });

  it('take-effect-then-500: a plain retry duplicates, nonce + enforce_nonce keeps it exactly-once', async () => {
    h = await startHarness(() => {});
    const target = await channel(h, 'nasty');
    await h.discord.setFaults({ serverErrors: { next: 1, mode: 'apply-then-fail', routes: [MESSAGES] } });
    await target.send('no nonce');
    await h.discord.setFaults({ serverErrors: { next: 1, mode: 'apply-then-fail', routes: [MESSAGES] } });
    const once_ = await target.send({ content: 'with nonce', nonce: 'daily-tip-1', enforceNonce: true });
    const contents = (await h.discord.messages(target.id)).map((m) => m.content);
    expect(contents.filter((c) => c === 'no nonce')).toHaveLength(2);
    expect(contents.filter((c) => c === 'with nonce')).toHaveLength(1);
    expect(once_.content).toBe('with nonce');
    expect((await h.discord.stats()).injected.appliedThenFailed).toBe(2);
  });

  it('after its retries @discordjs/rest gives up with an HTTPError; 4xx are not retried', async () => {
    h = await startHarness(() => {});
    const target = await channel(h, 'down');
    await h.discord.setFaults({ serverErrors: { rate: 1, statuses: [502], routes: [MESSAGES] } });
    const error = await target.send('never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(502);
    expect((await h.discord.stats()).injected.serverErrors).toBe(4);
    await h.discord.setFaults({});
    expect(await target.send({ embeds: [{ title: 'x'.repeat(300) }] }).catch((e: unknown) => e)).toBeInstanceOf(DiscordAPIError);
    expect((await h.discord.requests()).filter((r) => r.status === 400)).toHaveLength(1);
  });
});

describe('latency spikes', () => {
  it('delay the share of REST answers asked for by the time asked for, and leave the others alone', async () => {
    h = await startHarness(() => {});
    const target = await channel(h, 'stalls');
    await h.discord.setFaults({ spikes: { rate: 0.5, ms: 250 } });
    // Five: within the channel's send limit, so only the spikes slow them down (the injector is seeded: same draws every run).
    for (let index = 0; index < 5; index += 1) await target.send(`message ${index}`);
    await h.discord.setFaults({});
    const times = (await h.discord.requests()).filter((r) => r.route === MESSAGES).map((r) => r.ms);
    expect(times).toHaveLength(5);
    const spiked = times.filter((ms) => ms >= 250).length;
    expect(spiked).toBeGreaterThan(0);
    expect(spiked).toBeLessThan(5);
    expect(Math.min(...times)).toBeLessThan(100);
  });
});
