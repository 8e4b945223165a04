import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { roleIn } from '../../src/discord/role-directory.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { answerText, setUpTips } from './support/tips.js';

/**
 * Memory per server (docs/architecture.md, Gateway caches): discord.js keeps Role objects only for
 * @everyone and the bot's own roles; every other role is known by name from the role directory.
 */
describe('what the gateway caches keep of a server', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.close();
  });

  const guild = () => {
    const cached = t.bot.client.guilds.cache.get(t.world.guild.id);
    if (!cached) throw new Error('the sandbox server is not cached');
    return cached;
  };

  it('GIVEN the sandbox server at start THEN Role objects exist for @everyone and the bot only, and every role is known by name', () => {
    expect([...guild().roles.cache.keys()].sort()).toEqual([t.world.guild.everyoneRoleId, t.world.guild.botRoleId].sort());
    expect(roleIn(guild(), t.world.moderatorRoleId)?.name).toBe('Moderators');
  });

  it('GIVEN a role created and renamed THEN the role directory follows, and discord.js keeps no Role object of it', async () => {
    const role = await t.discord.createRole(t.world.guild.id, { name: 'Guild Leads', mentionable: true });
    await vi.waitFor(() => expect(roleIn(guild(), role.id)).toEqual({ name: 'Guild Leads', mentionable: true, botHolds: false }));
    await t.discord.updateRole(t.world.guild.id, role.id, { name: 'Platform Leads', mentionable: false });
    await vi.waitFor(() => expect(roleIn(guild(), role.id)).toEqual({ name: 'Platform Leads', mentionable: false, botHolds: false }));
    expect(guild().roles.cache.has(role.id)).toBe(false);
    expect(roleIn(guild(), t.world.moderatorRoleId)?.name).toBe('Moderators');
  });

  it('GIVEN the bot is given a role the server had before it joined THEN its permission checks see the role at once', async () => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'moderators-post' });
    await t.discord.setPermissionOverwrites(channel.id, [
      { id: t.world.guild.everyoneRoleId, type: 'role', deny: PermissionFlagsBits.SendMessages },
      { id: t.world.moderatorRoleId, type: 'role', allow: PermissionFlagsBits.SendMessages },
    ]);
    expect(answerText(await setUpTips(t, { channel: channel.id }))).toContain('**Send Messages**');
    await t.discord.updateMember(t.world.guild.id, t.discord.botUserId, { roles: [t.world.guild.botRoleId ?? '', t.world.moderatorRoleId] });
    expect(answerText(await setUpTips(t, { channel: channel.id }))).toContain('Daily tips are set up');
    expect(guild().roles.cache.has(t.world.moderatorRoleId)).toBe(true);
  });
});
