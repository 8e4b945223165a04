import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

describe('announcements in the sandbox (npm start without a token)', () => {
  it('GIVEN a moderator composes, clicks Post and reads the channel THEN each line shows the bot\'s final answer: posted, then the announcement in #announcements', async () => {
    const script = ['as moderator', '/announce post channel: #announcements title: Town hall', 'Hello all', 'click Post', 'log #announcements'].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(stdout).not.toContain('! ');

    const [, afterPost = ''] = stdout.split('> click Post');
    const [clicked = '', log = ''] = afterPost.split('> log #announcements');
    // The preview's "Posting…" is replaced by the outcome before the next line runs.
    expect(clicked).toMatch(/✅ Posted #1 in #announcements/);
    expect(clicked).not.toContain('⏳ Posting');
    expect(clicked).toContain('📨 new in #announcements:');
    expect(log).not.toContain('is empty');
    expect(log).toContain('Town hall');
    expect(log).toContain('Hello all');
  });
});
