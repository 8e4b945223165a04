import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { answerText, setUpTips } from './support/tips.js';

/** Time zones and times as moderators type them: abbreviations, countries, cities, 9am. */
describe('/tips setup takes times and zones in everyday words', () => {
  let t: TestBot;

  beforeAll(async () => {
    t = await startTestBot({ clock: new ManualClock('2025-03-10T07:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  const schedule = async () => (await t.bot.context.tips.status(t.world.guild.id)).schedule;

  it.each([
    ['pst', '9am', 'America/Los_Angeles', '09:00'],
    ['IST', '9:30 pm', 'Asia/Kolkata', '21:30'],
    ['india', '21h', 'Asia/Kolkata', '21:00'],
    ['Berlin', '0900', 'Europe/Berlin', '09:00'],
    ['CET', '17:30', 'Europe/Berlin', '17:30'],
    ['new york', 'noon', 'America/New_York', '12:00'],
  ])('GIVEN timezone %s and time %s THEN the schedule is %s at %s', async (timezone, time, zone, saved) => {
    const result = await setUpTips(t, { timezone, time });
    expect(answerText(result)).toContain('Daily tips are set up');
    expect(await schedule()).toMatchObject({ zone, time: saved });
  });

  it('GIVEN an ambiguous country THEN refuses privately with its zones, most populous first', async () => {
    const result = await setUpTips(t, { timezone: 'United States' });
    const text = result.reply?.content ?? '';
    expect(result.reply?.ephemeralFor).toBe(t.world.people.moderator);
    expect(text).toContain('`United States` is not a time zone I know. Did you mean `America/New_York`, `America/Chicago`, `America/Los_Angeles`');
  });

  it('GIVEN an empty time zone THEN the refusal names no internal field', async () => {
    const result = await setUpTips(t, { timezone: ' ' });
    const text = result.reply?.content ?? '';
    expect(text).toBe('Pick a time zone, such as London, India or PST.');
    expect(text).not.toMatch(/timeZone/);
  });

  it.each([
    ['pst', 'America/Los_Angeles · Pacific Time'],
    ['est', 'America/New_York · Eastern Time'],
    ['india', 'Asia/Kolkata · India Time'],
    ['bangalore', 'Asia/Kolkata · India Time'],
  ])('GIVEN %s typed in the zone option THEN autocomplete offers %s first', async (typed, label) => {
    const choices = await t.discord.autocomplete('/tips setup', { timezone: typed }, 'timezone', at(t.world, 'general', 'moderator'));
    expect(choices[0]?.name).toContain(label);
    expect(choices.every((choice) => choice.name.length <= 100)).toBe(true);
  });
});
