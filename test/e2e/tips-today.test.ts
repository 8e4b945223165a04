import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { answerText, channelOf, postedTips, setUpTips, tickAt } from './support/tips.js';

describe("/tip today is the server's tip of the day, before and after /tips setup", () => {
  let t: TestBot;
  const clock = new ManualClock('2025-03-10T07:00:00Z');

  beforeAll(async () => {
    t = await startTestBot({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN /tip today, then /tips setup the same day THEN /tip today and the day\'s post show the same tip', async () => {
    const today = async () => answerText(await t.discord.invoke('/tip today', {}, at(t.world, 'general', 'member')));
    const before = await today();
    expect(before.length).toBeGreaterThan(0);
    expect(answerText(await setUpTips(t, { time: '09:00', timezone: 'UTC' }))).toContain('Daily tips are set up');
    expect(await today()).toBe(before);
    await tickAt(t, clock, '2025-03-10T09:00:00Z');
    const posts = await postedTips(t.discord, channelOf(t));
    expect(posts).toHaveLength(1);
    const postedText = posts[0]?.embeds.map((embed) => `${embed.title ?? ''}\n${embed.description ?? ''}`).join('\n') ?? '';
    // The tip's own words (its longest line), not the category header every tip shares.
    const words = before.split('\n').reduce((longest, line) => (line.length > longest.length ? line : longest), '');
    expect(words.length).toBeGreaterThan(80);
    expect(postedText).toContain(words);
  });
});
