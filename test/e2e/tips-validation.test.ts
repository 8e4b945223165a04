import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { InteractionResult } from '../../src/local-discord/index.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { answerText, channelOf, postedTips, setUpTips, tickAt } from './support/tips.js';

const START = '2025-03-10T07:00:00Z';

/** The one private answer a refused command gets. */
function refusal(result: InteractionResult, member: string): string {
  const message = result.reply ?? result.followUps[0];
  expect(message?.ephemeralFor).toBe(member);
  expect(message?.embeds ?? []).toHaveLength(0);
  return message?.content ?? '';
}

describe('/tips setup refuses bad settings privately and saves nothing', () => {
  let t: TestBot;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    t = await startTestBot({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const nothingSaved = async () => expect((await t.bot.context.tips.status(t.world.guild.id)).schedule).toBeNull();

  it('GIVEN an unknown time zone THEN names it and suggests close zones', async () => {
    const result = await setUpTips(t, { timezone: 'Europe/Londn' });
    const text = refusal(result, t.world.people.moderator);
    expect(text).toContain('`Europe/Londn` is not a time zone I know.');
    expect(text).toContain('Did you mean `Europe/London`');
    await nothingSaved();
  });

  it('GIVEN a city typed without its region THEN suggests the zone', async () => {
    const text = refusal(await setUpTips(t, { timezone: 'Kolkatta' }), t.world.people.moderator);
    expect(text).toContain('`Asia/Kolkata`');
    await nothingSaved();
  });

  it.each(['25:00', '13pm', '12:60', 'soon'])('GIVEN the time %s THEN shows the forms a time can take', async (time) => {
    const text = refusal(await setUpTips(t, { time }), t.world.people.moderator);
    expect(text).toContain(`\`${time}\` is not a time of day. Try \`09:00\`, \`9am\`, \`9:30 pm\` or \`21h\`.`);
    await nothingSaved();
  });

  it.each([
    ['Send Messages', 'the bot role', PermissionFlagsBits.SendMessages],
    ['Embed Links', '@everyone', PermissionFlagsBits.EmbedLinks],
    ['View Channel', 'the bot role', PermissionFlagsBits.ViewChannel],
  ] as const)('GIVEN a channel where the bot lacks %s (denied to %s) THEN names the missing permission', async (name, target, flag) => {
    const channel = await t.discord.createChannel(t.world.guild.id, { name: `no-${name.toLowerCase().replace(/ /g, '-')}` });
    const id = target === '@everyone' ? t.world.guild.everyoneRoleId : (t.world.guild.botRoleId ?? '');
    await t.discord.setPermissionOverwrites(channel.id, [{ id, type: 'role', deny: flag }]);
    const text = refusal(await setUpTips(t, { channel: channel.id }), t.world.people.moderator);
    expect(text).toContain(`I can't post tips in <#${channel.id}>`);
    expect(text).toContain(`**${name}**`);
    await nothingSaved();
  });

  it('GIVEN a member without Manage Server whose interaction reaches the bot THEN every subcommand is refused, reading ones too', async () => {
    // The emulator, like a server whose admin changed the command's permissions, delivers it anyway.
    const member = t.world.people.member;
    const setup = await setUpTips(t, {}, 'member');
    expect(refusal(setup, member)).toBe('You need the **Manage Server** permission to do this.');
    await nothingSaved();
    for (const subcommand of ['status', 'preview', 'pause', 'resume', 'disable']) {
      const result = await t.discord.invoke(`/tips ${subcommand}`, {}, at(t.world, 'general', 'member'));
      expect(refusal(result, member)).toBe('You need the **Manage Server** permission to do this.');
    }
  });

  it('GIVEN a refused change after a valid setup THEN the schedule in force is untouched and still posts', async () => {
    const valid = await setUpTips(t, { time: '09:00', timezone: 'Europe/London' });
    expect(answerText(valid)).toContain('Daily tips are set up');
    const before = (await t.bot.context.tips.status(t.world.guild.id)).schedule;

    const locked = await t.discord.createChannel(t.world.guild.id, { name: 'locked' });
    await t.discord.setPermissionOverwrites(locked.id, [{ id: t.world.guild.botRoleId ?? '', type: 'role', deny: PermissionFlagsBits.SendMessages }]);
    refusal(await setUpTips(t, { channel: locked.id, time: '10:00' }), t.world.people.moderator);
    refusal(await setUpTips(t, { time: '24:00' }), t.world.people.moderator);
    refusal(await setUpTips(t, { timezone: 'Mars/Olympus' }), t.world.people.moderator);
    refusal(await setUpTips(t, { time: '10:00' }, 'member'), t.world.people.member);

    const after = (await t.bot.context.tips.status(t.world.guild.id));
    expect(after.schedule).toEqual(before);
    expect(after.recentChanges.map((change) => change.action)).toEqual(['setup']);
    await tickAt(t, clock, '2025-03-10T09:00:00Z');
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(1);
  });

  it('GIVEN the bot is given the role that may post in a channel THEN it knows at once (its own GUILD_MEMBER_UPDATE, without the Server Members intent)', async () => {
    const posters = await t.discord.createRole(t.world.guild.id, { name: 'Posters' });
    const channel = await t.discord.createChannel(t.world.guild.id, { name: 'posters-only' });
    await t.discord.setPermissionOverwrites(channel.id, [
      { id: t.world.guild.everyoneRoleId, type: 'role', deny: PermissionFlagsBits.SendMessages },
      { id: posters.id, type: 'role', allow: PermissionFlagsBits.SendMessages },
    ]);
    expect(refusal(await setUpTips(t, { channel: channel.id }), t.world.people.moderator)).toContain('**Send Messages**');
    await t.discord.updateMember(t.world.guild.id, t.discord.botUserId, { roles: [t.world.guild.botRoleId ?? '', posters.id] });
    expect(answerText(await setUpTips(t, { channel: channel.id }))).toContain('Daily tips are set up');
  });
});
