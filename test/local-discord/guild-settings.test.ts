import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guild } from 'discord.js';
import { connectLocalDiscord } from '../../src/local-discord/index.js';
import { startHarness, type Harness } from './helpers.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Resolves with the guild as discord.js has it after the next GUILD_UPDATE. */
function nextGuildUpdate(harness: Harness): Promise<Guild> {
  return once(harness.client, 'guildUpdate').then(([, updated]) => updated as Guild);
}

describe('guild settings', () => {
  it('updateGuild sets the system channel: GUILD_UPDATE reaches discord.js, GET /guilds/:id answers it', async () => {
    h = await startHarness(() => {});
    expect(h.client.guilds.cache.get(h.guildId)?.systemChannelId).toBeNull();
    const updated = nextGuildUpdate(h);
    await h.discord.updateGuild(h.guildId, { systemChannelId: h.channelId, name: 'CTO Guild' });
    const guild = await updated;
    expect(guild.systemChannelId).toBe(h.channelId);
    expect(guild.name).toBe('CTO Guild');
    const fetched = (await h.client.rest.get(`/guilds/${h.guildId}`)) as { system_channel_id: string | null };
    expect(fetched.system_channel_id).toBe(h.channelId);
  });

  it('deleting the system channel leaves the server without one, as on Discord', async () => {
    h = await startHarness(() => {});
    await h.discord.updateGuild(h.guildId, { systemChannelId: h.channelId });
    const cleared = nextGuildUpdate(h);
    await h.discord.deleteChannel(h.channelId);
    expect((await cleared).systemChannelId).toBeNull();
  });

  it('refuses a system channel that is not a text channel of the guild, and works over the control API', async () => {
    h = await startHarness(() => {});
    const other = await h.discord.createGuild({ name: 'Elsewhere' });
    const foreign = await h.discord.createChannel(other.id, { name: 'general' });
    await expect(h.discord.updateGuild(h.guildId, { systemChannelId: foreign.id })).rejects.toThrow(/text channel of guild/);
    const remote = await connectLocalDiscord(h.discord.controlUrl);
    const updated = nextGuildUpdate(h);
    await remote.updateGuild(h.guildId, { systemChannelId: h.channelId });
    expect((await updated).systemChannelId).toBe(h.channelId);
  });
});
