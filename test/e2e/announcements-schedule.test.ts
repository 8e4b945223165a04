import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { announcementIdIn, channelId, clickAndSettle, compose, moderatorIn, postedAnnouncements, requireMessage } from '../support/announcements-e2e.js';
import { startTestBot, type TestBot } from './support/harness.js';

// Tuesday 10 March 2026, 08:00 UTC.
const START = '2026-03-10T08:00:00Z';

/** Moves the bot's clock and runs its background jobs once, as the minute tick would. */
async function tickAt(t: TestBot, clock: ManualClock, instant: string): Promise<void> {
  clock.set(instant);
  await t.bot.jobs.runAll();
}

describe('/announce schedule through the local Discord', () => {
  let t: TestBot;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    t = await startTestBot({ clock });
  });
  afterAll(async () => {
    await t.close();
  });

  async function schedule(channel: string, at: string, body: string, extra: Record<string, string> = {}) {
    const { preview } = await compose(t, 'schedule', { channel: channelId(t, channel), at, ...extra }, body);
    const shown = requireMessage(preview);
    const scheduled = await clickAndSettle(t, shown, 'Schedule', moderatorIn(t));
    return { shown, reply: scheduled.reply?.content ?? '', id: announcementIdIn(scheduled.reply?.content ?? '') };
  }

  it('GIVEN an announcement scheduled for Thursday 09:00 THEN it posts once at that time, across restarts before and after', async () => {
    const announcements = channelId(t, 'announcements');
    const { shown, reply, id } = await schedule('announcements', '2026-03-12 09:00', 'The Q1 roadmap review is today.', { timezone: 'Europe/Berlin' });
    expect(shown.content).toContain('Thu 12 Mar 2026, 09:00 GMT+1 (Europe/Berlin) · 08:00 UTC');
    expect(reply).toContain(`Scheduled #${id}`);

    const list = await t.discord.invoke('/announce list', {}, moderatorIn(t));
    expect(list.reply?.embeds[0]?.description).toContain(`\`#${id}\` <#${announcements}> · scheduled`);

    await t.restart();
    await tickAt(t, clock, '2026-03-12T07:59:00Z');
    expect(await postedAnnouncements(t.discord, announcements)).toHaveLength(0);
    await tickAt(t, clock, '2026-03-12T08:00:00Z');
    await tickAt(t, clock, '2026-03-12T08:01:00Z');
    await t.restart();
    await tickAt(t, clock, '2026-03-12T08:02:00Z');

    const posted = await postedAnnouncements(t.discord, announcements);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.embeds).toEqual(shown.embeds);
    expect(posted[0]?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    const history = await t.discord.invoke('/announce history', {}, moderatorIn(t));
    expect(history.reply?.embeds[0]?.description).toContain(`posted \`#${id}\` by the bot`);
  });

  it('GIVEN the bot is down past the time by more than an hour THEN on start it marks it missed, posts nothing, and tells its author by DM', async () => {
    const questions = channelId(t, 'questions');
    const { id } = await schedule('questions', '2026-03-13 09:00', 'Office hours at 10:00.');
    await t.bot.stop();
    clock.set('2026-03-13T10:01:00Z');
    // restart() starts a new bot on the same database; its start-up catch-up tick finds the late post.
    await t.restart();
    const dm = await vi.waitFor(
      async () => {
        const found = (await t.discord.dms(t.world.people.moderator)).find((message) => message.content.includes(`#${id}`));
        if (!found) throw new Error('no DM yet');
        return found;
      },
      { timeout: 10_000 },
    );
    expect(dm.content).toContain('was **not posted**');
    expect(dm.content).toContain(`/announce edit id:${id} at:`);
    expect(dm.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(await postedAnnouncements(t.discord, questions)).toHaveLength(0);

    await t.bot.jobs.runAll();
    expect(await postedAnnouncements(t.discord, questions)).toHaveLength(0);
    const list = await t.discord.invoke('/announce list', {}, moderatorIn(t));
    expect(list.reply?.embeds[0]?.description).toContain(`\`#${id}\` <#${questions}> · missed`);
    const history = await t.discord.invoke('/announce history', { channel: questions }, moderatorIn(t));
    expect(history.reply?.embeds[0]?.description).toContain(`missed \`#${id}\` by the bot`);
  });

  it("GIVEN no timezone THEN `at` is read in the server's tips zone", async () => {
    await t.discord.invoke('/tips setup', { channel: channelId(t, 'leadership-tips'), time: '09:00', timezone: 'Asia/Kolkata' }, moderatorIn(t));
    const { preview } = await compose(t, 'schedule', { channel: channelId(t, 'general'), at: '2026-03-20 09:00' }, 'Zone check.');
    expect(requireMessage(preview).content).toContain('Fri 20 Mar 2026, 09:00 GMT+5:30 (Asia/Kolkata) · 03:30 UTC');
  });

  it('GIVEN a time that does not exist in the zone THEN it is refused before the form opens', async () => {
    const refused = await t.discord.invoke('/announce schedule', { channel: channelId(t, 'general'), at: '2026-03-29 02:30', timezone: 'Europe/Berlin' }, moderatorIn(t));
    expect(refused.modal).toBeNull();
    expect(refused.reply?.content).toContain('does not exist in Europe/Berlin');
  });

  it('GIVEN a scheduled announcement WHEN cancelled THEN it never posts, and a new time brings it back', async () => {
    const general = channelId(t, 'general');
    const before = (await postedAnnouncements(t.discord, general)).length;
    const { id } = await schedule('general', '2026-03-16 09:00', 'Monday kickoff.', { timezone: 'UTC' });
    const cancelled = await t.discord.invoke('/announce cancel', { id }, moderatorIn(t));
    expect(cancelled.reply?.content).toContain(`Cancelled #${id}`);
    await tickAt(t, clock, '2026-03-16T09:00:00Z');
    expect(await postedAnnouncements(t.discord, general)).toHaveLength(before);

    const moved = await t.discord.invoke('/announce edit', { id, at: '2026-03-16 12:00', timezone: 'UTC' }, moderatorIn(t));
    expect(moved.reply?.content).toContain(`#${id} now posts Mon 16 Mar 2026, 12:00 UTC`);
    await tickAt(t, clock, '2026-03-16T12:00:00Z');
    expect(await postedAnnouncements(t.discord, general)).toHaveLength(before + 1);
  });
});
