import { afterEach, describe, expect, it } from 'vitest';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { Client } from 'discord.js';
import { startLocalDiscord } from '../../src/local-discord/index.js';
import type { LocalDiscord } from '../../src/local-discord/index.js';
import { login, makeClient } from './helpers.js';

let discord: LocalDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await discord?.close();
  client = undefined;
  discord = undefined;
});

describe('login', () => {
  it('READY → GUILD_CREATE → clientReady with guilds, channels, roles and guild.members.me cached', async () => {
    discord = await startLocalDiscord({ port: 0, botUsername: 'CTO Mentor' });
    const guild = await discord.createGuild({ name: 'CTO Community', botPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks });
    const general = await discord.createChannel(guild.id, { name: 'general' });
    await discord.createChannel(guild.id, { name: 'news', type: 'announcement' });
    const mods = await discord.createRole(guild.id, { name: 'Moderators', permissions: PermissionFlagsBits.ManageGuild });

    client = makeClient(discord);
    const ready = await login(client, discord);

    expect(ready.user.id).toBe(discord.botUserId);
    expect(ready.user.username).toBe('CTO Mentor');
    expect(ready.application.id).toBe(discord.applicationId);
    const cached = ready.guilds.cache.get(guild.id);
    expect(cached?.name).toBe('CTO Community');
    expect(cached?.available).toBe(true);
    expect(cached?.channels.cache.get(general.id)?.type).toBe(ChannelType.GuildText);
    expect(cached?.channels.cache.find((c) => c.name === 'news')?.type).toBe(ChannelType.GuildAnnouncement);
    expect(cached?.roles.everyone.id).toBe(guild.id);
    expect(cached?.roles.cache.get(mods.id)?.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(cached?.members.me?.id).toBe(discord.botUserId);
    expect(cached?.members.me?.permissions.has(PermissionFlagsBits.EmbedLinks)).toBe(true);
    const stats = await discord.stats();
    expect(stats.gateway.identifies).toBe(1);
  });

  it('refuses a wrong token with 4004 and discord.js reports TokenInvalid', async () => {
    discord = await startLocalDiscord({ port: 0 });
    client = makeClient(discord);
    await expect(client.login('not-the-token')).rejects.toThrow(/token/i);
  });
});
