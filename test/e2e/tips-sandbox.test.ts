import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

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

    // The jump stops at 09:00 London, posts, and goes on: exactly one tip arrives, with its buttons.
    expect(afterClock.match(/📨 new in #leadership-tips:/g)).toHaveLength(1);
    expect(afterClock).toMatch(/Leadership tip · .+/);
    expect(afterClock).toMatch(/— Tip \d+ of \d+/);
    expect(afterClock).toContain('[1] Discuss  [2] Save');
    expect(afterClock).toMatch(/🕒 The bot's clock is now \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
    expect(afterClock.split('> /tips status')[1]).toMatch(/Last post: \d{4}-\d{2}-\d{2}/);
  });
});
