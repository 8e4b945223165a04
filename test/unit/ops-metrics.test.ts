import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InteractionOutcome } from '../../src/discord/router.js';
import { BotMetrics, commandPaths, registerDatabaseSize, restRouteLabel } from '../../src/ops/metrics.js';
import { scratchDir } from '../e2e/support/harness.js';

const outcome = (partial: Partial<InteractionOutcome>): InteractionOutcome => ({
  kind: 'command',
  name: '/help',
  guildId: '1',
  result: 'ok',
  durationMs: 12,
  ...partial,
});

async function sampleValue(metrics: BotMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, string | number>; value: number; metricName?: string }[];
  return values.find((value) => (value.metricName ?? name) === name && Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected))
    ?.value;
}

describe('BotMetrics', () => {
  it('GIVEN interactions THEN counts them by kind, command and outcome, and records their latency in seconds', async () => {
    const metrics = new BotMetrics({ commandPaths: ['/help', '/tips setup'] });
    metrics.observeInteraction(outcome({ durationMs: 12 }));
    metrics.observeInteraction(outcome({ durationMs: 30 }));
    metrics.observeInteraction(outcome({ name: '/tips setup', result: 'user-error', durationMs: 4 }));
    metrics.observeInteraction(outcome({ kind: 'button', name: 'tip:save', result: 'error', durationMs: 700, ref: 'abcd1234' }));

    expect(await sampleValue(metrics, 'ctomentor_interactions_total', { kind: 'command', command: '/help', outcome: 'ok' })).toBe(2);
    expect(await sampleValue(metrics, 'ctomentor_interactions_total', { command: '/tips setup', outcome: 'user-error' })).toBe(1);
    expect(await sampleValue(metrics, 'ctomentor_interactions_total', { kind: 'button', command: 'tip:save', outcome: 'error' })).toBe(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ctomentor_interaction_duration_seconds_bucket{le="0.025",kind="command",command="/help"} 1');
    expect(text).toContain('ctomentor_interaction_duration_seconds_count{kind="command",command="/help"} 2');
    expect(text).toMatch(/ctomentor_interaction_duration_seconds_sum\{kind="command",command="\/help"\} 0\.04(2|19+\d*)\n/);
  });

  it('GIVEN crafted component names THEN label values stay bounded: unknown ones are "unknown", past the cap they are "other"', async () => {
    const metrics = new BotMetrics({ commandPaths: ['/help'] });
    metrics.observeInteraction(outcome({ kind: 'button', name: 'nosuch:thing', result: 'unknown' }));
    for (let index = 0; index < 1_000; index += 1) metrics.observeInteraction(outcome({ kind: 'button', name: `tip:crafted${index}`, result: 'user-error' }));
    metrics.observeInteraction(outcome({ name: '/help' }));

    const values = (await metrics.registry.getMetricsAsJSON()).find((metric) => metric.name === 'ctomentor_interactions_total')?.values ?? [];
    const commands = new Set(values.map((value) => String(value.labels.command)));
    expect(commands.size).toBeLessThanOrEqual(303);
    expect(commands).toContain('unknown');
    expect(commands).toContain('other');
    expect(commands).not.toContain('nosuch:thing');
    // The shipped commands always keep their own label, however many crafted names came first.
    expect(await sampleValue(metrics, 'ctomentor_interactions_total', { command: '/help', outcome: 'ok' })).toBe(1);
  });

  it('GIVEN a tick report THEN every result is present, zero included', async () => {
    const metrics = new BotMetrics({ commandPaths: [] });
    metrics.observeScheduledPosts('tips', { posted: 3, retrying: 1, paused: 0, failed: 0 });
    metrics.observeScheduledPosts('tips', { posted: 2 });
    expect(await sampleValue(metrics, 'ctomentor_scheduled_posts_total', { feature: 'tips', result: 'posted' })).toBe(5);
    expect(await sampleValue(metrics, 'ctomentor_scheduled_posts_total', { feature: 'tips', result: 'retrying' })).toBe(1);
    expect(await sampleValue(metrics, 'ctomentor_scheduled_posts_total', { feature: 'tips', result: 'failed' })).toBe(0);
    expect(await sampleValue(metrics, 'ctomentor_scheduled_posts_total', { feature: 'tips', result: 'missed' })).toBe(0);
  });

  it('GIVEN default labels (a shard process) THEN every series carries them', async () => {
    const metrics = new BotMetrics({ commandPaths: ['/help'], defaultLabels: { process: 'shard-1' } });
    metrics.observeInteraction(outcome({}));
    expect(await metrics.registry.metrics()).toContain('ctomentor_interactions_total{kind="command",command="/help",outcome="ok",process="shard-1"} 1');
  });
});

describe('restRouteLabel', () => {
  it('GIVEN routes with ids, tokens and emoji THEN only the route words remain', () => {
    expect(restRouteLabel('/channels/:id/messages')).toBe('/channels/:id/messages');
    expect(restRouteLabel('/channels/123456789012345678/messages/987654321098765432')).toBe('/channels/:id/messages/:id');
    expect(restRouteLabel('/interactions/:id/:token/callback')).toBe('/interactions/:id/:token/callback');
    expect(restRouteLabel('/webhooks/123456789012345678/aW50ZXJhY3Rpb246MTIzOmFiYw_SECRET/messages/@original')).toBe('/webhooks/:id/:id/messages/@original');
    expect(restRouteLabel('/channels/1/messages/2/reactions/%F0%9F%91%8D/@me')).toBe('/channels/:id/messages/:id/reactions/:id/@me');
    expect(restRouteLabel('/users/@me/channels?with_counts=true')).toBe('/users/@me/channels');
  });
});

describe('commandPaths', () => {
  it('GIVEN commands with subcommands and groups THEN lists every invocable path', () => {
    expect(
      commandPaths([
        { name: 'help' },
        { name: 'tips', options: [{ type: 1, name: 'setup' }, { type: 1, name: 'status' }] },
        { name: 'kb', options: [{ type: 2, name: 'entry', options: [{ type: 1, name: 'add' }] }, { type: 3, name: 'query' }] },
      ]),
    ).toEqual(['/help', '/tips', '/tips setup', '/tips status', '/kb', '/kb entry add']);
  });
});

describe('registerDatabaseSize', () => {
  const scratch = scratchDir();
  afterEach(() => scratch.cleanup());

  it('GIVEN a database and its WAL THEN reports both sizes in bytes; a missing WAL is 0', async () => {
    const metrics = new BotMetrics({ commandPaths: [] });
    const path = join(scratch.dir, 'size.db');
    writeFileSync(path, Buffer.alloc(8_192));
    registerDatabaseSize(metrics.registry, path);
    expect(await sampleValue(metrics, 'ctomentor_database_size_bytes', { file: 'db' })).toBe(8_192);
    expect(await sampleValue(metrics, 'ctomentor_database_size_bytes', { file: 'wal' })).toBe(0);
    writeFileSync(`${path}-wal`, Buffer.alloc(100));
    expect(await sampleValue(metrics, 'ctomentor_database_size_bytes', { file: 'wal' })).toBe(100);
  });
});
