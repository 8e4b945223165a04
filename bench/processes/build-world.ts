import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import type { LocalDiscordDriver } from '../../src/local-discord/index.js';
import { createSandboxWorld } from '../../src/sandbox/world.js';
import type { CommunityWorld, ServersWorld, WorldSpec } from './world-spec.js';

/** Builds the world inside the emulator's process (in-process driver: no HTTP per object). */
export async function buildWorld(discord: LocalDiscordDriver, spec: WorldSpec): Promise<CommunityWorld | ServersWorld> {
  if (spec.kind === 'community') {
    const world = await createSandboxWorld(discord);
    return { kind: 'community', guildId: world.guild.id, channelId: world.channelIds.get('general') ?? '', memberId: world.people.member };
  }
  const started = performance.now();
  const owner = await discord.createUser({ username: 'owner' });
  const servers: { guildId: string; channelId: string }[] = [];
  for (let server = 0; server < spec.count; server += 1) {
    // @everyone and the bot's managed role come with the guild.
    const guild = await discord.createGuild({ name: `Server ${server + 1}`, ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
    for (let channel = 0; channel < spec.channels; channel += 1) {
      const created = await discord.createChannel(guild.id, { name: `channel-${channel + 1}` });
      if (channel === 0) servers.push({ guildId: guild.id, channelId: created.id });
    }
    for (let role = 2; role < spec.roles; role += 1) await discord.createRole(guild.id, { name: `role-${role}` });
  }
  return { kind: 'servers', servers, ownerId: owner.id, buildMs: Math.round(performance.now() - started) };
}
