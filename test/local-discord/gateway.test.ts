import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { ApplicationCommandDataResolvable, Client, Interaction, Message } from 'discord.js';
import { snowflakeForShard, startLocalDiscord } from '../../src/local-discord/index.js';
import type { LocalDiscord } from '../../src/local-discord/index.js';
import { login, makeClient, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

async function answerPing(interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) await interaction.reply(`pong from shard ${interaction.guild?.shardId ?? 0}`);
}

const PING: ApplicationCommandDataResolvable = { name: 'ping', description: 'Ping', options: [{ type: ApplicationCommandOptionType.String, name: 'note', description: 'Note' }] };

describe('reconnects', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a dropped TCP connection RESUMEs, replays what was dispatched meanwhile, and interactions still work', async () => {
    h = await startHarness(answerPing);
    await h.client.application.commands.set([PING], h.guildId);
    expect(await h.discord.dropGateway({ how: 'terminate' })).toBe(1);
    // Dispatched while the bot is disconnected: must arrive through the resume replay.
    const created = once(h.client, 'channelCreate');
    const resumed = once(h.client, 'shardResume');
    const channel = await h.discord.createChannel(h.guildId, { name: 'while-away' });
    const [, replayed] = (await resumed) as [number, number];
    const [cached] = (await created) as [{ id: string }];
    expect(cached.id).toBe(channel.id);
    expect(replayed).toBeGreaterThanOrEqual(1);
    const result = await h.discord.invoke('/ping', {}, { guildId: h.guildId });
    expect(result.reply?.content).toBe('pong from shard 0');
    const stats = await h.discord.stats();
    expect(stats.gateway.identifies).toBe(1);
    expect(stats.gateway.resumes).toBe(1);
  });

  it('closing with 4000 after the next dispatch: the interaction in flight is answered and the session resumes', async () => {
    h = await startHarness(answerPing);
    await h.client.application.commands.set([PING], h.guildId);
    await h.discord.dropGateway({ afterDispatches: 1, how: 'close', code: 4000 });
    const resumed = once(h.client, 'shardResume');
    const first = await h.discord.invoke('/ping', { note: 'in flight' }, { guildId: h.guildId });
    expect(first.reply?.content).toBe('pong from shard 0');
    await resumed;
    const second = await h.discord.invoke('/ping', { note: 'after resume' }, { guildId: h.guildId });
    expect(second.reply?.content).toBe('pong from shard 0');
    expect((await h.discord.stats()).gateway.resumes).toBe(1);
  });
});

describe('sharding', () => {
  let discord: LocalDiscord | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    await discord?.close();
    client = undefined;
    discord = undefined;
  });

  it('two shards each receive only their guilds, and their interactions', async () => {
    discord = await startLocalDiscord({ port: 0, recommendedShards: 2, maxConcurrency: 2 });
    const g0 = await discord.createGuild({ name: 'Shard zero', id: snowflakeForShard(0, 2) });
    const g1 = await discord.createGuild({ name: 'Shard one', id: snowflakeForShard(1, 2) });
    await discord.createChannel(g0.id, { name: 'general' });
    await discord.createChannel(g1.id, { name: 'general' });

    client = makeClient(discord, { shards: [0, 1], shardCount: 2 });
    const guildCreates: Record<number, string[]> = { 0: [], 1: [] };
    const interactionShards: number[] = [];
    client.on('raw', (packet: { t?: string; d?: { id?: string } }, shardId: number) => {
      if (packet.t === GatewayDispatchEvents.GuildCreate && packet.d?.id) guildCreates[shardId]?.push(packet.d.id);
      if (packet.t === GatewayDispatchEvents.InteractionCreate) interactionShards.push(shardId);
    });
    client.on('interactionCreate', (interaction) => void answerPing(interaction));
    const ready = await login(client, discord);
    expect(guildCreates).toEqual({ 0: [g0.id], 1: [g1.id] });
    expect(ready.guilds.cache.get(g0.id)?.shardId).toBe(0);
    expect(ready.guilds.cache.get(g1.id)?.shardId).toBe(1);

    await ready.application.commands.set([PING]);
    expect((await discord.invoke('/ping', {}, { guildId: g0.id })).reply?.content).toBe('pong from shard 0');
    expect((await discord.invoke('/ping', {}, { guildId: g1.id })).reply?.content).toBe('pong from shard 1');
    const dmUser = await discord.createUser({ username: 'dm-user' });
    expect((await discord.invoke('/ping', {}, { userId: dmUser.id })).reply?.content).toBe('pong from shard 0');
    expect(interactionShards).toEqual([0, 1, 0]);
    // A guild added later goes to its shard only.
    const late = once(ready, 'guildCreate');
    const g2 = await discord.createGuild({ name: 'Late', id: snowflakeForShard(1, 2) });
    await late;
    expect(ready.guilds.cache.get(g2.id)?.shardId).toBe(1);
    expect(guildCreates[0]).toEqual([g0.id]);
    expect((await discord.stats()).gateway.identifies).toBe(2);
  });
});

describe('intents', () => {
  let discord: LocalDiscord | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    await discord?.close();
    client = undefined;
    discord = undefined;
  });

  it('a connection only gets the events its intents ask for, and no message content without MessageContent', async () => {
    discord = await startLocalDiscord({ port: 0 });
    const guild = await discord.createGuild({ name: 'Intents' });
    const general = await discord.createChannel(guild.id, { name: 'general' });
    client = makeClient(discord, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const seen: string[] = [];
    client.on('raw', (packet: { t?: string }) => {
      if (packet.t) seen.push(packet.t);
    });
    const ready = await login(client, discord);

    const member = await discord.createMember(guild.id, { username: 'ada' });
    const plain = once(ready, 'messageCreate');
    await discord.postMessage(general.id, { userId: member.user.id, content: 'hello everyone' });
    const [withoutContent] = (await plain) as [Message];
    expect(withoutContent.content).toBe('');
    const mention = once(ready, 'messageCreate');
    await discord.postMessage(general.id, { userId: member.user.id, content: `<@${discord.botUserId}> hello bot` });
    const [mentioned] = (await mention) as [Message];
    expect(mentioned.content).toBe(`<@${discord.botUserId}> hello bot`);
    // Events arrive in order: had GUILD_MEMBER_ADD been sent (it needs GuildMembers), it would be here by now.
    expect(seen).not.toContain('GUILD_MEMBER_ADD');
    expect(seen.filter((t) => t === 'MESSAGE_CREATE')).toHaveLength(2);
  });

  it('privileged intents the application lacks close the connection with 4014', async () => {
    discord = await startLocalDiscord({ port: 0, allowedPrivilegedIntents: 0 });
    await discord.createGuild({ name: 'Closed' });
    client = makeClient(discord, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers] });
    const closed = new Promise<number>((resolve) => client?.on('shardDisconnect', (event: { code: number }) => resolve(event.code)));
    client.login(discord.token).catch(() => {});
    expect(await closed).toBe(4014);
  });
});
