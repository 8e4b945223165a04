import { once } from 'node:events';
import { SlashCommandBuilder } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { defineCommand } from '../../src/discord/command.js';
import { CommandRegistry, loadCommandRegistry } from '../../src/discord/registry.js';
import type { InteractionResult } from '../../src/local-discord/index.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { channelOf, setUpTips, tickAt } from './support/tips.js';

/** Text no log line may ever contain: what members type and what the bot sends. */
const MARKER = 'zq-private-words-7731';

/** Replies with more than Discord allows, quoting the member: Discord refuses, and the error carries the body. */
const echoCommand = defineCommand({
  data: new SlashCommandBuilder()
    .setName('echo')
    .setDescription('Test command whose reply Discord refuses.')
    .addStringOption((option) => option.setName('text').setDescription('Text').setRequired(true)),
  async execute(interaction) {
    const text = interaction.options.getString('text', true);
    await interaction.reply({ embeds: [{ description: `${text} `.repeat(600) }] });
  },
});

type LogLine = Record<string, unknown>;
const INFO = 30;

function textInputIds(node: unknown, ids: string[] = []): string[] {
  if (typeof node !== 'object' || node === null) return ids;
  const component = node as { type?: number; custom_id?: string; components?: unknown[]; component?: unknown };
  if (component.type === 4 && component.custom_id) ids.push(component.custom_id);
  for (const child of component.components ?? []) textInputIds(child, ids);
  if (component.component) textInputIds(component.component, ids);
  return ids;
}

describe('logs: one JSON line per interaction, nothing private', () => {
  let t: TestBot;
  const results: InteractionResult[] = [];

  beforeAll(async () => {
    t = await startTestBot({ registry: new CommandRegistry([...(await loadCommandRegistry()).all(), echoCommand]), sendsOffSpecOnPurpose: true });
    const member = at(t.world, 'general', 'member');
    const moderator = at(t.world, 'general', 'moderator');
    results.push(await t.discord.invoke('/ask', { question: `${MARKER} how do I hire my first engineering manager?` }, member));
    results.push(await t.discord.invoke('/echo', { text: MARKER }, member));
    const compose = await t.discord.invoke('/announce post', { channel: t.world.channelIds.get('announcements') ?? '', title: `${MARKER} title` }, moderator);
    results.push(compose);
    const fields = textInputIds(compose.modal);
    results.push(await t.discord.submitModal(compose, Object.fromEntries(fields.map((id) => [id, `${MARKER} body of the announcement`]))));
    await t.discord.autocomplete('/cto topic', { topic: MARKER }, 'topic', member);
    // Discord has its answers; the router logs each interaction as its handler returns.
    expect(await t.bot.router.drain(5_000)).toBe(true);
  });
  afterAll(() => t.close());

  const visible = (): LogLine[] => t.logs.lines.filter((line) => Number(line.level) >= INFO);

  it('GIVEN interactions THEN each has exactly one "interaction" line: id, kind, command, guild, latency, outcome', () => {
    for (const result of results) {
      const lines = t.logs.find('interaction').filter((line) => (line.interaction as { id?: string }).id === result.interactionId);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.level).toBe(INFO);
      expect(lines[0]?.interaction).toMatchObject({ kind: expect.any(String), name: expect.any(String), guildId: t.world.guild.id, result: expect.any(String), durationMs: expect.any(Number) });
    }
    expect(t.logs.find('interaction').map((line) => (line.interaction as { name: string }).name)).toEqual(
      expect.arrayContaining(['/ask', '/echo', '/announce post', 'announce:body', '/cto']),
    );
  });

  it('GIVEN a failed interaction THEN its line carries the same reference id the member was shown', () => {
    const failed = results[1];
    const line = t.logs.find('interaction').find((entry) => (entry.interaction as { id: string }).id === failed?.interactionId);
    const ref = (line?.interaction as { ref?: string; result: string }).ref;
    expect((line?.interaction as { result: string }).result).toBe('error');
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    const shown = [failed?.reply?.content, ...(failed?.followUps ?? []).map((message) => message.content)].join(' ');
    expect(shown).toContain(ref);
    expect(t.logs.find('interaction handler failed').map((entry) => entry.ref)).toContain(ref);
  });

  it('GIVEN what members typed and what the bot sent THEN no line at info level or above holds it, nor any token', () => {
    const text = visible().map((line) => JSON.stringify(line)).join('\n');
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(t.discord.token);
    for (const result of results) expect(text).not.toContain(result.token);
    // The failed reply's error is still useful: which request failed, with the token masked.
    const failure = t.logs.find('interaction handler failed')[0];
    expect(JSON.stringify(failure)).toMatch(/\/interactions\/\d+\/:token\/callback/);
    expect(JSON.stringify(failure)).toContain('"requestBody":"[redacted]"');
  });
});

describe('/metrics on the health port (one process)', () => {
  let t: TestBot;
  const clock = new ManualClock('2025-01-15T08:00:00Z');
  let scrape: () => Promise<string>;

  beforeAll(async () => {
    t = await startTestBot({ clock, env: { HEALTH_PORT: '0' } });
    scrape = async () => {
      const response = await fetch(`http://127.0.0.1:${t.bot.healthPort}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
  });
  afterAll(() => t.close());

  it('GIVEN interactions THEN counts them by command and outcome, with a latency histogram', async () => {
    await t.discord.invoke('/help', {}, at(t.world));
    await t.discord.invoke('/tips status', {}, at(t.world, 'general', 'member'));
    const text = await scrape();
    expect(text).toContain('ctomentor_interactions_total{kind="command",command="/help",outcome="ok"} 1');
    expect(text).toMatch(/ctomentor_interactions_total\{kind="command",command="\/tips status",outcome="(ok|user-error)"\} 1/);
    expect(text).toContain('ctomentor_interaction_duration_seconds_count{kind="command",command="/help"} 1');
    expect(text).toContain('ctomentor_interaction_duration_seconds_bucket{le="+Inf",kind="command",command="/help"} 1');
  });

  it('GIVEN a tip posted by the scheduler THEN counts it per feature and result', async () => {
    await setUpTips(t);
    await tickAt(t, clock, '2025-01-15T09:00:00Z');
    const text = await scrape();
    expect(text).toContain('ctomentor_scheduled_posts_total{feature="tips",result="posted"} 1');
    expect(text).toContain('ctomentor_scheduled_posts_total{feature="tips",result="retrying"} 0');
  });

  it('GIVEN a 5xx and a 429 from Discord THEN counts REST responses by route and status', async () => {
    const channelId = channelOf(t, 'general');
    const route = 'POST /channels/:channelId/messages';
    await t.discord.setFaults({ serverErrors: { next: 1, statuses: [502], routes: [route] } });
    await t.bot.context.poster.send(channelId, { content: 'after a 502' });
    await t.discord.setFaults({});

    // Another client (another shard, a script) empties the bucket the bot does not know about yet.
    await t.discord.setRateLimits({ routes: { [route]: { limit: 1, windowMs: 1_500 } } });
    const other = await fetch(`${t.discord.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${t.discord.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'someone else' }),
    });
    expect(other.status).toBe(200);
    await t.bot.context.poster.send(channelId, { content: 'after a 429' });

    const text = await scrape();
    expect(text).toContain('ctomentor_discord_rest_responses_total{method="POST",route="/channels/:id/messages",status="502"} 1');
    expect(text).toContain('ctomentor_discord_rest_responses_total{method="POST",route="/channels/:id/messages",status="429"} 1');
    expect(text).toMatch(/ctomentor_discord_rest_responses_total\{method="POST",route="\/channels\/:id\/messages",status="200"\} [2-9]/);
    expect(text).toMatch(/ctomentor_discord_rest_responses_total\{method="POST",route="\/interactions\/:id\/:token\/callback",status="204"\} \d+/);
  });

  it('GIVEN a dropped gateway connection THEN shows the shard connected again and one reconnect', async () => {
    const resumed = once(t.bot.client, 'shardResume');
    await t.discord.dropGateway();
    await resumed;
    const text = await scrape();
    expect(text).toContain('ctomentor_gateway_reconnects_total{shard="0"} 1');
    expect(text).toContain('ctomentor_gateway_connected{shard="0"} 1');
    expect(text).toContain('ctomentor_gateway_status{shard="0"} 0');
    expect(text).toContain('ctomentor_guilds{shard="0"} 1');
  });

  it('GIVEN the database file THEN reports its size and the process metrics', async () => {
    const text = await scrape();
    expect(text).toMatch(/ctomentor_database_size_bytes\{file="db"\} [1-9]\d*/);
    expect(text).toMatch(/ctomentor_database_size_bytes\{file="wal"\} \d+/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
    expect(text).toContain('ctomentor_interactions_in_flight 0');
  });
});
