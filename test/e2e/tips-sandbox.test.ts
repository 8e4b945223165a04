import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

/**
 * How many 09:00s in London a one-day jump ending at `end` (the sandbox prints it) passes: one,
 * except across a DST change, when a day is 23 or 25 hours long.
 */
function londonNinesBefore(end: DateTime): number {
  const start = end.minus({ hours: 24 });
  let count = 0;
  for (let day = start.setZone('Europe/London').startOf('day'); day <= end; day = day.plus({ days: 1 })) {
    const nine = day.set({ hour: 9, minute: 0 });
    if (nine > start && nine <= end) count += 1;
  }
  return count;
}

/** A line of the next post times: local time in the zone, then UTC. */
const POST_TIME = /^• \w{3} \d{1,2} \w{3} \d{4}, 09:00 GMT(\+1)? \(Europe\/London\) · (\w{3} \d{1,2} \w{3}, )?\d{2}:00 UTC$/;

describe('daily tips in the sandbox (npm start without a token)', () => {
  it('GIVEN the moderator sets up tips, asks for the status and moves the clock a day THEN shows the next post times, then the tip arriving once', async () => {
    const script = [
      'as moderator',
      '/tips setup channel: #leadership-tips time: 09:00 timezone: Europe/London',
      '/tips status',
      'clock +1d',
      '/tips status',
    ].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);

    const [beforeClock = '', afterClock = ''] = stdout.split('> clock +1d');
    const [setup = '', status = ''] = beforeClock.split('> /tips status');
    expect(setup).toContain('Daily tips are set up');
    expect(setup).toContain('One leadership tip in #leadership-tips at 09:00 Europe/London, every day.');
    expect(setup.split('\n').filter((line) => POST_TIME.test(line.trim()))).toHaveLength(3);
    expect(status).toContain('Daily tips: Active');
    expect(status.split('\n').filter((line) => POST_TIME.test(line.replace(/^Next posts: /, '').trim()))).toHaveLength(3);
    expect(stdout).not.toContain('! ');

    // The jump stops at 09:00 London, posts, and goes on: the day's tip arrives once, with its buttons.
    const clockLine = /🕒 The bot's clock is now (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\./.exec(afterClock);
    const end = DateTime.fromFormat(clockLine?.[1] ?? '', 'yyyy-MM-dd HH:mm', { zone: 'utc' });
    expect(end.isValid).toBe(true);
    // The printed clock is cut to the minute; only across a DST change can that minute matter.
    const expected = new Set([londonNinesBefore(end), londonNinesBefore(end.plus({ seconds: 59 }))]);
    const arrived = afterClock.match(/📨 new in #leadership-tips:/g)?.length ?? 0;
    expect(expected).toContain(arrived);
    if (arrived > 0) {
      expect(afterClock).toMatch(/Leadership tip · .+/);
      expect(afterClock).toMatch(/— Tip \d+ of \d+/);
      expect(afterClock).toContain('[1] Discuss  [2] Save');
      expect(afterClock.split('> /tips status')[1]).toMatch(/Last post: \d{4}-\d{2}-\d{2}/);
    }
  });

  it('GIVEN a daily tip and a member pressing Discuss THEN the reply names the thread as Discord shows a channel mention, not its id', async () => {
    const script = ['as moderator', '/tips setup channel: #leadership-tips time: 09:00 timezone: Europe/London', 'clock +2d', 'click Discuss'].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    const discussed = stdout.split('> click Discuss')[1] ?? '';
    // Discuss is on the last tip that arrived.
    const title = [...(stdout.split('> clock +2d')[1] ?? '').matchAll(/Leadership tip · .+\n(.+)\n/g)].at(-1)?.[1] ?? '';
    expect(title.length).toBeGreaterThan(0);
    // The thread is named after the tip (the thread name is cut at 100 characters).
    expect(discussed).toContain(`Thread started: #${title.slice(0, 100)}`);
    expect(discussed).not.toMatch(/#\d{15,}/);
  });
});
