import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { tipCategory } from '../../src/tips/categories.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { answerText, buttonLabels, channelOf, postedTips, setUpTips, tickAt } from './support/tips.js';

// Monday 10 March 2025, 00:00 UTC = 05:30 in Kolkata: the day's 09:00 post is still ahead.
const START = '2025-03-10T00:00:00Z';

describe('daily tips: setup → the clock reaches the time → one embed', () => {
  let t: TestBot;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    t = await startTestBot({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN /tips setup by the moderator THEN answers privately with the next three post times in the zone and in UTC', async () => {
    const result = await setUpTips(t, { time: '09:00', timezone: 'Asia/Kolkata' });
    expect(result.ephemeral).toBe(true);
    const text = answerText(result);
    expect(text).toContain('Daily tips are set up');
    expect(text).toContain(`<#${channelOf(t)}>`);
    // 09:00 in Kolkata (+05:30) is 03:30 UTC.
    expect(text).toContain('Mon 10 Mar 2025, 09:00 GMT+5:30 (Asia/Kolkata) · 03:30 UTC');
    expect(text).toContain('Tue 11 Mar 2025, 09:00 GMT+5:30 (Asia/Kolkata) · 03:30 UTC');
    expect(text).toContain('Wed 12 Mar 2025, 09:00 GMT+5:30 (Asia/Kolkata) · 03:30 UTC');
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(0);
  });

  it('GIVEN a minute before the time THEN nothing is posted', async () => {
    await tickAt(t, clock, '2025-03-10T03:29:00Z');
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(0);
  });

  it('GIVEN the clock reaches the time THEN exactly one embed: category colour, title, text, "Tip N of M" footer, Discuss button, nobody pinged', async () => {
    await tickAt(t, clock, '2025-03-10T03:30:00Z');
    const posted = await postedTips(t.discord, channelOf(t));
    expect(posted).toHaveLength(1);
    const [message] = posted;
    const post = (await t.bot.context.tips.status(t.world.guild.id)).lastPost;
    expect(post).toMatchObject({ localDate: '2025-03-10', messageId: message?.id });
    const numbered = t.bot.context.tips.catalogue.get(post?.tipId ?? '');
    if (!numbered || !message) throw new Error('the posted tip is not in the catalogue');
    const embed = message.embeds[0];
    expect(message.embeds).toHaveLength(1);
    expect(embed?.color).toBe(tipCategory(numbered.tip.category).color);
    expect(embed?.title).toBe(numbered.tip.title);
    expect(embed?.description).toBe(numbered.tip.text);
    expect(embed?.footer?.text).toBe(`Tip ${numbered.number} of ${t.bot.context.tips.catalogue.size}`);
    expect(buttonLabels(message)).toEqual(['Discuss', 'Save']);
    expect(message.content).toBe('');
    expect(message.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(message.allowedMentions).toEqual({ parse: [] });
  });

  it('GIVEN more ticks the same day THEN still exactly one tip', async () => {
    await tickAt(t, clock, '2025-03-10T03:31:00Z');
    await tickAt(t, clock, '2025-03-10T12:00:00Z');
    await tickAt(t, clock, '2025-03-10T18:29:00Z'); // 23:59 in Kolkata
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(1);
  });

  it('GIVEN setup with a role THEN the next day\'s tip mentions that role and it is the only one pinged', async () => {
    const role = t.world.role('moderators') ?? '';
    const result = await setUpTips(t, { time: '09:00', timezone: 'Asia/Kolkata', role });
    expect(answerText(result)).toContain(`mentioning <@&${role}>`);
    // Re-saving the schedule the same day does not post today's tip again.
    await tickAt(t, clock, '2025-03-10T18:00:00Z');
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(1);

    await tickAt(t, clock, '2025-03-11T03:30:00Z');
    const posted = await postedTips(t.discord, channelOf(t));
    expect(posted).toHaveLength(2);
    const latest = posted.at(-1);
    expect(latest?.content).toBe(`<@&${role}>`);
    expect(latest?.pinged).toEqual({ everyone: false, roles: [role], users: [] });
    expect(latest?.allowedMentions).toEqual({ parse: [], roles: [role] });
    // A different tip from yesterday's.
    expect(latest?.embeds[0]?.title).not.toBe(posted[0]?.embeds[0]?.title);
  });
});

describe('daily tips across restarts', () => {
  let t: TestBot;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    t = await startTestBot({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN a restart before the time THEN the tip is posted once when the time comes', async () => {
    await setUpTips(t, { time: '09:00', timezone: 'Europe/London' });
    clock.set('2025-03-10T08:00:00Z');
    await t.restart();
    await t.bot.jobs.runAll();
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(0);

    await tickAt(t, clock, '2025-03-10T09:00:00Z');
    await tickAt(t, clock, '2025-03-10T09:01:00Z');
    const posted = await postedTips(t.discord, channelOf(t));
    expect(posted).toHaveLength(1);
    expect((await t.bot.context.tips.status(t.world.guild.id)).lastPost?.localDate).toBe('2025-03-10');
  });

  it('GIVEN the bot was down over the time on the same local day THEN it catches up once on start', async () => {
    // Down from 08:00 to 11:00 on Tuesday: the 09:00 post was missed.
    const before = new Set((await postedTips(t.discord, channelOf(t))).map((message) => message.id));
    await t.bot.stop();
    clock.set('2025-03-11T11:00:00Z');
    await t.restart();
    // Catch-up runs by itself on start-up: wait for it, do not tick.
    const caughtUp = await t.discord.waitForMessage(channelOf(t), (message) => !message.ephemeralFor && message.embeds.length > 0 && !before.has(message.id));
    expect(caughtUp.embeds[0]?.footer?.text).toMatch(/^Tip \d+ of \d+$/);
    await t.bot.jobs.runAll();
    await t.restart();
    await t.bot.jobs.runAll();
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(2);
    expect((await t.bot.context.tips.status(t.world.guild.id)).lastPost?.localDate).toBe('2025-03-11');
  });

  it('GIVEN the bot was down for whole days THEN nothing is posted for them, and today\'s post still comes at its time', async () => {
    await t.bot.stop();
    // Down from Tuesday 11:00 to Friday 08:00: Wednesday and Thursday are gone.
    clock.set('2025-03-14T08:00:00Z');
    await t.restart();
    await t.bot.jobs.runAll();
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(2);
    expect(t.logs.find('tip day missed while the bot was down').map((line) => line.localDate)).toEqual(['2025-03-12']);

    await tickAt(t, clock, '2025-03-14T09:00:00Z');
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(3);
    expect((await t.bot.context.tips.status(t.world.guild.id)).lastPost?.localDate).toBe('2025-03-14');
  });
});
