import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { InteractionResult } from '../../src/local-discord/index.js';
import { at, startTestBot, type TestBot } from './support/harness.js';
import { buttonLabels, channelOf, postedTips, setUpTips, tickAt } from './support/tips.js';

const START = '2025-03-10T07:00:00Z';

const titleOf = (result: InteractionResult) => result.reply?.embeds[0]?.title;

describe('/tip and the tip buttons', () => {
  let t: TestBot;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    t = await startTestBot({ clock });
    await setUpTips(t, { time: '09:00', timezone: 'Europe/London' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('GIVEN /tip today and /tips preview before the post THEN both show the tip the schedule then posts, and nothing is posted early', async () => {
    const before = await t.discord.invoke('/tip today', {}, at(t.world));
    expect(before.ephemeral).toBe(true);
    const preview = await t.discord.invoke('/tips preview', {}, at(t.world, 'general', 'moderator'));
    expect(preview.ephemeral).toBe(true);
    expect(preview.reply?.content).toContain('**Preview** (nothing was posted). Next post: Mon 10 Mar 2025, 09:00 GMT (Europe/London) · 09:00 UTC.');
    expect(await postedTips(t.discord, channelOf(t))).toHaveLength(0);
    await tickAt(t, clock, '2025-03-10T09:00:00Z');
    const [posted] = await postedTips(t.discord, channelOf(t));
    expect(posted?.embeds[0]?.title).toBeDefined();
    expect(titleOf(before)).toBe(posted?.embeds[0]?.title);
    expect(preview.reply?.embeds[0]).toEqual(posted?.embeds[0]);
    const after = await t.discord.invoke('/tip today', {}, at(t.world));
    expect(after.reply?.embeds[0]).toEqual(posted?.embeds[0]);
    const nextPreview = await t.discord.invoke('/tips preview', {}, at(t.world, 'general', 'moderator'));
    expect(nextPreview.reply?.content).toContain('Next post: Tue 11 Mar 2025');
    expect(nextPreview.reply?.embeds[0]?.title).not.toBe(posted?.embeds[0]?.title);
  });

  it('GIVEN Another tip THEN the same private card shows a different tip', async () => {
    const card = await t.discord.invoke('/tip today', {}, at(t.world));
    const card2 = card.reply;
    if (!card2) throw new Error('no card');
    expect(buttonLabels(card2)).toEqual(['Another tip', 'Save']);
    const clicked = await t.discord.click(card2, 'Another tip', at(t.world));
    const updated = (await t.discord.messages(card2.channel_id)).find((message) => message.id === card2.id);
    expect(clicked.followUps).toHaveLength(0);
    expect(updated?.ephemeralFor).toBe(t.world.people.member);
    expect(updated?.embeds[0]?.title).toBeDefined();
    expect(updated?.embeds[0]?.title).not.toBe(card2.embeds[0]?.title);
    expect(updated?.embeds[0]?.footer?.text).toMatch(/^Tip \d+ of \d+$/);
  });

  it('GIVEN Save on the posted tip THEN /tip saved lists it, privately, for that member only', async () => {
    const [posted] = await postedTips(t.discord, channelOf(t));
    if (!posted) throw new Error('no posted tip');
    const saved = await t.discord.click(posted, 'Save', at(t.world, 'leadership-tips', 'member'));
    expect(saved.reply?.ephemeralFor).toBe(t.world.people.member);
    expect(saved.reply?.content).toContain(`Saved **${posted.embeds[0]?.title ?? ''}**`);
    const again = await t.discord.click(posted, 'Save', at(t.world, 'leadership-tips', 'member'));
    expect(again.reply?.content).toContain('You had already saved');

    const list = await t.discord.invoke('/tip saved', {}, at(t.world));
    expect(list.ephemeral).toBe(true);
    expect(list.reply?.embeds[0]?.description).toContain(posted.embeds[0]?.title ?? '');
    expect(list.reply?.embeds[0]?.footer?.text).toBe('1 saved');
    const someoneElse = await t.discord.invoke('/tip saved', {}, at(t.world, 'general', 'moderator'));
    expect(someoneElse.reply?.embeds[0]?.description).toContain('You have not saved any tips yet');
  });

  it('GIVEN Discuss on the posted tip THEN opens a thread on it; a second click points to the existing thread', async () => {
    const [posted] = await postedTips(t.discord, channelOf(t));
    if (!posted) throw new Error('no posted tip');
    const first = await t.discord.click(posted, 'Discuss', at(t.world, 'leadership-tips', 'member'));
    const firstReply = first.reply ?? first.followUps[0];
    expect(firstReply?.ephemeralFor).toBe(t.world.people.member);
    expect(firstReply?.content).toContain(`Thread started: <#${posted.id}>`);
    const thread = t.discord.core.state.channels.get(posted.id);
    expect(thread?.thread).not.toBeNull();
    expect(thread?.name).toBe(posted.embeds[0]?.title);
    expect(thread?.parentId).toBe(channelOf(t));

    const refreshed = (await t.discord.messages(channelOf(t))).find((message) => message.id === posted.id);
    if (!refreshed) throw new Error('the tip disappeared');
    const second = await t.discord.click(refreshed, 'Discuss', at(t.world, 'leadership-tips', 'moderator'));
    const secondReply = second.reply ?? second.followUps[0];
    expect(secondReply?.ephemeralFor).toBe(t.world.people.moderator);
    expect(secondReply?.content).toBe(`The discussion is already open: <#${posted.id}>`);
    // Clicking the stale copy (as a client that has not refreshed would) is also answered, not an error.
    const stale = await t.discord.click(posted, 'Discuss', at(t.world, 'leadership-tips', 'member'));
    expect((stale.reply ?? stale.followUps[0])?.content).toBe(`The discussion is already open: <#${posted.id}>`);
    expect([...t.discord.core.state.channels.values()].filter((channel) => channel.parentId === channelOf(t) && channel.thread)).toHaveLength(1);
  });

  it('GIVEN timezone autocomplete THEN at most 25 relevant zones', async () => {
    const suggest = (typed: string) => t.discord.autocomplete('/tips setup', { channel: channelOf(t), time: '09:00', timezone: typed }, 'timezone', at(t.world, 'general', 'moderator'));
    const london = await suggest('lond');
    expect(london[0]?.value).toBe('Europe/London');
    expect(london.length).toBeLessThanOrEqual(25);
    const america = await suggest('america');
    expect(america).toHaveLength(25);
    expect(america.every((choice) => String(choice.value).toLowerCase().includes('america'))).toBe(true);
    const kolkata = await suggest('kolk');
    expect(kolkata.map((choice) => choice.value)).toContain('Asia/Kolkata');
    const empty = await suggest('');
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThanOrEqual(25);
    expect(empty.map((choice) => choice.value)).toContain('UTC');
    const typo = await suggest('Nw York');
    expect(typo.map((choice) => choice.value)).toContain('America/New_York');
    // Each choice's label starts with the zone it sets, followed by its everyday name where it has one.
    for (const choices of [london, america, kolkata, empty, typo]) for (const choice of choices) expect(choice.name.startsWith(String(choice.value))).toBe(true);
    expect(london[0]?.name).toBe('Europe/London · United Kingdom Time (Birmingham, Glasgow)');
  });
});
