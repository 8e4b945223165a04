import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { DeliveryError } from '../../src/core/poster.js';
import type { LoggedMessage } from '../../src/local-discord/index.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { answerText, postedTips, setUpTips, tickAt } from './support/tips.js';

// Monday 10 March 2025; London is on GMT, so 09:00 there is 09:00 UTC.
const START = '2025-03-10T07:00:00Z';

/** Sends the bot made to a channel (POST /channels/<id>/messages), answered or refused. */
async function sendsTo(t: TestBot, channelId: string): Promise<number> {
  return (await t.discord.requests()).filter((request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`).length;
}

describe('a tips channel that disappears or locks the bot out pauses the schedule', () => {
  let t: TestBot;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    t = await startTestBot({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN the channel was deleted THEN the schedule pauses with the reason, the moderator gets one DM, and later ticks leave the channel alone', async () => {
    clock.set(START);
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'tips-deleted' });
    await setUpTips(t, { channel: channel.id });
    await t.discord.deleteChannel(channel.id);

    await tickAt(t, clock, '2025-03-10T09:00:00Z');
    const status = await t.discord.invoke('/tips status', {}, at(t.world, 'general', 'moderator'));
    const text = answerText(status);
    expect(status.ephemeral).toBe(true);
    expect(text).toContain('Daily tips: Paused');
    expect(text).toContain(`Why it is paused: the channel <#${channel.id}> no longer exists or I can no longer see it.`);
    expect(text).toContain('auto-pause by the bot');

    const dms = await t.discord.dms(t.world.people.moderator);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.content).toContain('I paused the daily leadership tips in **CTO Community**');
    expect(dms[0]?.content).toContain('/tips resume');
    expect(dms[0]?.pinged).toEqual({ everyone: false, roles: [], users: [] });

    const attempts = await sendsTo(t, channel.id);
    expect(attempts).toBe(1);
    for (const instant of ['2025-03-10T09:01:00Z', '2025-03-11T09:00:00Z', '2025-03-12T09:00:00Z']) await tickAt(t, clock, instant);
    expect(await sendsTo(t, channel.id)).toBe(attempts);
    expect(await t.discord.dms(t.world.people.moderator)).toHaveLength(1);
  });

  it('GIVEN /tips resume while the channel is still gone THEN refuses privately and stays paused', async () => {
    const result = await t.discord.invoke('/tips resume', {}, at(t.world, 'general', 'moderator'));
    const reply = result.reply ?? result.followUps[0];
    expect(reply?.ephemeralFor).toBe(t.world.people.moderator);
    expect(reply?.content).toContain('no longer exists or I can\'t see it. Pick another one with `/tips setup`.');
    expect((await t.bot.context.tips.status(t.world.guild.id)).schedule?.status).toBe('paused');
  });

  it('GIVEN a new channel chosen with /tips setup THEN tips flow again', async () => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'tips-new-home' });
    await setUpTips(t, { channel: channel.id });
    await tickAt(t, clock, '2025-03-13T09:00:00Z');
    expect(await postedTips(t.discord, channel.id)).toHaveLength(1);
  });

  it('GIVEN the bot lost Send Messages THEN pauses once, and /tips resume after the fix posts at the next time', async () => {
    clock.set('2025-03-14T07:00:00Z');
    const dmsBefore = (await t.discord.dms(t.world.people.moderator)).length;
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'tips-locked' });
    await setUpTips(t, { channel: channel.id });
    const botRole = t.world.guild.botRoleId ?? '';
    await t.discord.setPermissionOverwrites(channel.id, [{ id: botRole, type: 'role', deny: PermissionFlagsBits.SendMessages }]);

    await tickAt(t, clock, '2025-03-14T09:00:00Z');
    await tickAt(t, clock, '2025-03-15T09:00:00Z');
    const status = (await t.bot.context.tips.status(t.world.guild.id)).schedule;
    expect(status).toMatchObject({ status: 'paused', pauseReason: `I no longer have permission to post in <#${channel.id}>.` });
    expect(await sendsTo(t, channel.id)).toBe(1);
    expect(await t.discord.dms(t.world.people.moderator)).toHaveLength(dmsBefore + 1);

    const early = await t.discord.invoke('/tips resume', {}, at(t.world, 'general', 'moderator'));
    expect(early.reply?.content).toContain("I'm missing **Send Messages** there.");
    expect((await t.bot.context.tips.status(t.world.guild.id)).schedule?.status).toBe('paused');

    await t.discord.setPermissionOverwrites(channel.id, []);
    const resumed = await t.discord.invoke('/tips resume', {}, at(t.world, 'general', 'moderator'));
    expect(answerText(resumed)).toContain('Daily tips are back on');
    expect(answerText(resumed)).toContain('Sun 16 Mar 2025, 09:00 GMT (Europe/London) · 09:00 UTC');
    await tickAt(t, clock, '2025-03-16T09:00:00Z');
    expect(await postedTips(t.discord, channel.id)).toHaveLength(1);
    expect((await t.bot.context.tips.status(t.world.guild.id)).schedule?.status).toBe('active');
  });

  it('GIVEN the bot lost Embed Links (Discord would post the tip without its embed) THEN no empty tip is left and the schedule pauses once', async () => {
    clock.set('2025-03-17T07:00:00Z');
    const dmsBefore = (await t.discord.dms(t.world.people.moderator)).length;
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'tips-no-embeds' });
    await setUpTips(t, { channel: channel.id });
    await t.discord.setPermissionOverwrites(channel.id, [{ id: t.world.guild.everyoneRoleId, type: 'role', deny: PermissionFlagsBits.EmbedLinks }]);

    await tickAt(t, clock, '2025-03-17T09:00:00Z');
    expect((await t.discord.messages(channel.id)).filter((message) => !message.deleted)).toEqual([]);
    expect((await t.bot.context.tips.status(t.world.guild.id)).schedule).toMatchObject({ status: 'paused', pauseReason: `I no longer have permission to post in <#${channel.id}>.` });
    expect(await t.discord.dms(t.world.people.moderator)).toHaveLength(dmsBefore + 1);
    await tickAt(t, clock, '2025-03-18T09:00:00Z');
    expect(await sendsTo(t, channel.id)).toBe(1);
  });

  it('GIVEN whoever set tips up does not accept DMs THEN the server is told once in its system channel instead, pinging nobody', async () => {
    clock.set('2025-03-19T07:00:00Z');
    const general = t.world.channelIds.get('general') ?? '';
    await t.discord.updateGuild(t.world.guild.id, { systemChannelId: general });
    const closed = await t.discord.createUser({ username: 'dana', dmsBlocked: true });
    await t.discord.createMember(t.world.guild.id, { userId: closed.id, roles: [t.world.role('moderators') ?? ''] });
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'tips-dm-closed' });
    const setup = await t.discord.invoke('/tips setup', { channel: channel.id, time: '09:00', timezone: 'Europe/London' }, { guildId: t.world.guild.id, channelId: general, userId: closed.id });
    expect(answerText(setup)).toContain('Daily tips are set up');
    const announced = (messages: LoggedMessage[]) =>
      messages.filter((message) => !message.ephemeralFor && message.author.id === t.discord.botUserId && message.content.startsWith('I paused the daily leadership tips'));
    const before = announced(await t.discord.messages(general)).length;

    await t.discord.deleteChannel(channel.id);
    await tickAt(t, clock, '2025-03-19T09:00:00Z');
    await tickAt(t, clock, '2025-03-20T09:00:00Z');
    const told = announced(await t.discord.messages(general)).slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]?.content).toContain(`the channel <#${channel.id}> no longer exists`);
    expect(told[0]?.content).toContain('/tips resume');
    expect(told[0]?.content).toContain(`I could not DM <@${closed.id}>`);
    expect((await t.discord.messages(general)).find((message) => message.id === told[0]?.id)?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(await t.discord.dms(closed.id)).toHaveLength(0);
  });
});

describe('the REST poster where Discord drops embeds', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN a send with an embed to a channel without Embed Links THEN takes the embed-less message back and reports forbidden; text alone still goes', async () => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'no-embeds' });
    await t.discord.setPermissionOverwrites(channel.id, [{ id: t.world.guild.botRoleId ?? '', type: 'role', deny: PermissionFlagsBits.EmbedLinks }]);
    const error: unknown = await t.bot.context.poster.send(channel.id, { content: 'hello', embeds: [{ title: 'card' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ failure: 'forbidden', discordCode: 50013 });
    expect((await t.discord.messages(channel.id)).filter((message) => !message.deleted)).toEqual([]);

    const plain = await t.bot.context.poster.send(channel.id, { content: 'just text' });
    expect((await t.discord.messages(channel.id)).filter((message) => !message.deleted).map((message) => message.id)).toEqual([plain.id]);
  });

  it('GIVEN an embed-only send to a channel without Embed Links THEN Discord refuses it (403) and the poster reports forbidden', async () => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'no-embeds-at-all' });
    await t.discord.setPermissionOverwrites(channel.id, [{ id: t.world.guild.botRoleId ?? '', type: 'role', deny: PermissionFlagsBits.EmbedLinks }]);
    const error: unknown = await t.bot.context.poster.send(channel.id, { embeds: [{ title: 'card' }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: 'forbidden', discordCode: 50013 });
    expect(await t.discord.messages(channel.id)).toEqual([]);
  });

  it('GIVEN edits with an embed after the bot lost Embed Links THEN both answers count as forbidden: the embed stripped (text left) and the edit refused as empty (nothing else left)', async () => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'lost-embeds-later' });
    const poster = t.bot.context.poster;
    const withText = await poster.send(channel.id, { content: 'hello', embeds: [{ title: 'card' }] });
    const cardOnly = await poster.send(channel.id, { embeds: [{ title: 'card' }] });
    await t.discord.setPermissionOverwrites(channel.id, [{ id: t.world.guild.botRoleId ?? '', type: 'role', deny: PermissionFlagsBits.EmbedLinks }]);

    const stripped: unknown = await poster.edit(channel.id, withText.id, { content: 'hello', embeds: [{ title: 'card v2' }] }).catch((caught: unknown) => caught);
    expect(stripped).toMatchObject({ failure: 'forbidden', discordCode: 50013 });
    const refused: unknown = await poster.edit(channel.id, cardOnly.id, { embeds: [{ title: 'card v2' }] }).catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ failure: 'forbidden', discordCode: 50013 });
    const [first, second] = await t.discord.messages(channel.id);
    expect([first?.embedsStripped, second?.embeds[0]?.title]).toEqual([true, 'card']);
  });
});

