import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { missingBotPermissions } from '../../src/discord/permissions.js';
import { roleIn } from '../../src/discord/role-directory.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { answerText, setUpTips } from './support/tips.js';

/**
 * Memory per server (docs/architecture.md, Gateway caches): discord.js keeps no Role objects and not
 * the bot's member; roles are known from the role directory, and the bot's permissions computed from it.
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

  it('GIVEN the sandbox server at start THEN no Role objects nor the bot’s member are kept, and every role is known by name', () => {
    expect(guild().roles.cache.size).toBe(0);
    expect(guild().members.me).toBeNull();
    expect(roleIn(guild(), t.world.moderatorRoleId)?.name).toBe('Moderators');
  });

  it('GIVEN a role created and renamed THEN the role directory follows, and discord.js keeps no Role object of it', async () => {
    const role = await t.discord.createRole(t.world.guild.id, { name: 'Guild Leads', mentionable: true });
    await vi.waitFor(() => expect(roleIn(guild(), role.id)).toEqual({ name: 'Guild Leads', mentionable: true }));
    await t.discord.updateRole(t.world.guild.id, role.id, { name: 'Platform Leads', mentionable: false });
    await vi.waitFor(() => expect(roleIn(guild(), role.id)).toEqual({ name: 'Platform Leads', mentionable: false }));
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
    expect(guild().roles.cache.size).toBe(0);
  });

  it('GIVEN an overwrite for the bot itself, then a role of the bot with Administrator THEN its checks follow each', async () => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'no-bots-here' });
    await t.discord.setPermissionOverwrites(channel.id, [{ id: t.discord.botUserId, type: 'member', deny: PermissionFlagsBits.EmbedLinks }]);
    expect(answerText(await setUpTips(t, { channel: channel.id }))).toContain('**Embed Links**');
    const admin = await t.discord.createRole(t.world.guild.id, { name: 'Bot admin', permissions: PermissionFlagsBits.Administrator });
    await t.discord.updateMember(t.world.guild.id, t.discord.botUserId, { roles: [t.world.guild.botRoleId ?? '', admin.id] });
    expect(answerText(await setUpTips(t, { channel: channel.id }))).toContain('Daily tips are set up');
  });

  it('GIVEN channels created with and without overwrites THEN managers are made when read, and hold what Discord sent', async () => {
    expect(Object.hasOwn(guild(), 'bans')).toBe(false);
    // Without the Administrator role an earlier test gave it, so that its checks read the overwrites.
    await t.discord.updateMember(t.world.guild.id, t.discord.botUserId, { roles: [t.world.guild.botRoleId ?? ''] });
    const plain = await t.discord.createChannel(t.world.guild.id, { name: 'plain' });
    const guarded = await t.discord.createChannel(t.world.guild.id, { name: 'guarded' });
    await t.discord.setPermissionOverwrites(guarded.id, [{ id: t.discord.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }]);
    const cached = (id: string) => {
      const channel = guild().channels.cache.get(id);
      if (!channel || channel.isThread()) throw new Error(`channel ${id} is not cached`);
      return channel;
    };
    await vi.waitFor(() => expect(missingBotPermissions(cached(guarded.id), [PermissionFlagsBits.SendMessages])).toEqual(['Send Messages']));
    const channel = cached(plain.id);
    expect(['messages', 'threads', 'permissionOverwrites'].filter((manager) => Object.hasOwn(channel, manager))).toEqual([]);
    expect(channel.guildId).toBe(t.world.guild.id);
    expect(missingBotPermissions(channel, [PermissionFlagsBits.SendMessages])).toEqual([]);
    expect(Object.hasOwn(channel, 'permissionOverwrites')).toBe(true);
    expect(channel.permissionOverwrites.cache.size).toBe(0);
  });
});
