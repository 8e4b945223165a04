import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOT_PERMISSIONS } from '../../src/discord/invite.js';
import type { InteractionContext, InteractionResult, OptionValue } from '../../src/local-discord/index.js';
import { at, startTestBot, type TestBot } from './support/harness.js';

/**
 * A moderator of a second server passes the first server's channel, role and member ids as option
 * values (a crafted client can; `unchecked` sends what Discord's client would not offer): each is
 * refused as not of this server, nothing is saved, and nothing of the second server ever reaches the first.
 */
describe('ids of another server in command options', () => {
  let t: TestBot;
  let other: InteractionContext;
  let otherGuildId: string;
  let otherChannel: string;
  let strangerChannel: string;

  beforeAll(async () => {
    // Global commands, so the second server has them too.
    t = await startTestBot({ env: { DISCORD_GUILD_ID: '' } });
    const owner = await t.discord.createUser({ username: 'quinn' });
    const guild = await t.discord.createGuild({ name: 'Other Server', ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
    otherGuildId = guild.id;
    otherChannel = (await t.discord.createChannel(guild.id, { name: 'lobby', type: 'text' })).id;
    other = { guildId: guild.id, channelId: otherChannel, userId: owner.id, unchecked: true };
    // A channel this process never saw, as with a server on another shard: discord.js builds it from
    // the option's data alone and files it under the server the interaction came from.
    strangerChannel = (await t.discord.createChannel(t.world.guild.id, { name: 'elsewhere', type: 'text' })).id;
    await vi.waitFor(() => expect(t.bot.client.channels.cache.has(strangerChannel)).toBe(true));
    t.bot.client.guilds.cache.get(t.world.guild.id)?.channels.cache.delete(strangerChannel);
    t.bot.client.channels.cache.delete(strangerChannel);
  });
  afterAll(async () => {
    await t?.close();
  });

  const home = (name: string) => t.world.channelIds.get(name) ?? '';
  const homeRole = () => t.world.role('moderators') ?? '';

  /** The one private answer; nothing public, no form. */
  function refusal(result: InteractionResult): string {
    expect(result.modal).toBeNull();
    const message = result.reply ?? result.followUps[0];
    expect(message?.ephemeralFor).toBe(other.userId);
    return [message?.content ?? '', ...(message?.embeds ?? []).flatMap((embed) => [embed.title ?? '', embed.description ?? ''])].join(' ');
  }

  const invoke = (command: string, options: Record<string, OptionValue>) => t.discord.invoke(command, options, other);

  it.each([
    ['/tips setup', { channel: 'general', time: '09:00', timezone: 'UTC' }, /`channel`: pick a channel of this server/],
    ['/qa setup', { channel: 'questions' }, /`channel`: pick a channel of this server/],
    ['/qa setup', { digest: 'general' }, /`digest`: pick a channel of this server/],
    ['/announce post', { channel: 'announcements' }, /`channel`: pick a channel of this server/],
    ['/announce schedule', { channel: 'general', at: '2099-01-01 09:00', timezone: 'UTC' }, /`channel`: pick a channel of this server/],
    ['/announce history', { channel: 'general' }, /`channel`: pick a channel of this server/],
  ] as const)("GIVEN %s with the first server's %j THEN it is refused as not of this server", async (command, options, expected) => {
    const named = Object.fromEntries(Object.entries(options).map(([key, value]) => [key, key === 'channel' || key === 'digest' ? home(value) : value]));
    expect(refusal(await invoke(command, named))).toMatch(expected);
  });

  it("GIVEN the first server's role as a tip ping, announcement ping or Q&A moderator role THEN each is refused", async () => {
    expect(refusal(await invoke('/tips setup', { channel: otherChannel, time: '09:00', timezone: 'UTC', role: homeRole() }))).toContain('`role`: pick a role of this server');
    expect(refusal(await invoke('/announce post', { channel: otherChannel, ping: homeRole() }))).toContain('`ping`: pick a role of this server');
    expect(refusal(await invoke('/qa setup', { 'moderator-role': homeRole() }))).toContain('`moderator-role`: pick a role of this server');
  });

  it("GIVEN a member of the first server only as /profile's member THEN it is refused", async () => {
    expect(refusal(await invoke('/profile', { member: t.world.people.member }))).toContain('`member`: pick a member of this server');
  });

  it('GIVEN a channel of another server this process never saw THEN it is refused too', async () => {
    expect(refusal(await invoke('/tips setup', { channel: strangerChannel, time: '09:00', timezone: 'UTC' }))).toContain('`channel`: pick a channel of this server');
    expect(refusal(await invoke('/qa setup', { channel: strangerChannel }))).toContain('`channel`: pick a channel of this server');
  });

  it('GIVEN those attempts THEN the second server saved nothing, and its cache holds none of the ids', async () => {
    const { context, client } = t.bot;
    expect((await context.tips.status(otherGuildId)).schedule).toBeNull();
    expect((await context.qa.settings.get(otherGuildId)).channelId).toBeNull();
    expect((await context.qa.settings.get(otherGuildId)).digestChannelId).toBeNull();
    expect(await context.moderation.moderatorRoleId(otherGuildId)).toBeNull();
    expect((await context.announcements.list(otherGuildId)).open).toEqual([]);
    const cached = client.guilds.cache.get(otherGuildId);
    for (const id of [home('general'), home('questions'), home('announcements'), strangerChannel]) expect(cached?.channels.cache.has(id)).toBe(false);
    expect(cached?.roles.cache.has(homeRole())).toBe(false);
    expect(client.channels.cache.has(strangerChannel)).toBe(false);
  });

  it("GIVEN its own channel and role THEN the second server's moderator sets up tips as before", async () => {
    const role = (await t.discord.createRole(otherGuildId, { name: 'Readers', mentionable: true })).id;
    const result = await invoke('/tips setup', { channel: otherChannel, time: '09:00', timezone: 'UTC', role });
    expect(refusal(result)).toContain('Daily tips are set up');
    expect((await t.bot.context.tips.status(otherGuildId)).schedule?.channelId).toBe(otherChannel);
  });
});

/** Sanity: the first server's own ids still work through the same checks. */
describe('ids of the same server in command options', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GIVEN a voice channel of this server for /qa setup THEN names the kinds of channel it takes', async () => {
    const voice = await t.discord.createChannel(t.world.guild.id, { name: 'voice', type: 'voice' });
    const result = await t.discord.invoke('/qa setup', { channel: voice.id }, { ...at(t.world, 'general', 'moderator'), unchecked: true });
    expect(result.reply?.content).toBe('`channel`: pick a text or forum channel of this server.');
  });
});
