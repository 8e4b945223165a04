import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

/** What the sandbox printed for `line` of a piped script (up to the next line it echoes). */
function after(stdout: string, line: string): string {
  const [, rest = ''] = stdout.split(`> ${line}\n`);
  return rest.split('\n> ')[0] ?? '';
}

describe('the sandbox lets a newcomer try what Discord would show', () => {
  it('GIVEN two moderators THEN the two-person rule runs end to end, and the author gets the approval by DM', async () => {
    const script = [
      'as moderator',
      '/announce setup approval: true',
      '/announce post channel: #announcements title: Town hall',
      'Hello all',
      'click Submit for approval',
      'as alex',
      '/announce queue',
      'give alex @Moderators',
      'as alex',
      '/announce queue',
      'click Approve',
      'log #announcements',
    ].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(stdout).toContain('You are now alex, a member.');
    // alex as a plain member is refused; once given the role, the queue is hers to approve.
    expect(stdout).toContain('alex now has @Moderators: a moderator (Manage Server).');
    expect(after(stdout, '/announce queue')).toContain('Only moderators can do this');
    const approved = after(stdout, 'click Approve');
    expect(approved).toMatch(/Approved #1/);
    expect(approved).toContain('📨 direct message to morgan:');
    expect(approved).toContain('was approved by @alex');
    expect(after(stdout, 'log #announcements')).toContain('Hello all');
  });

  it('GIVEN a pre-filled form THEN Enter keeps the text and <clear> empties an optional field', async () => {
    const script = ['/ask question: what is the best pizza in rome', 'click Ask the community', '', 'as moderator', '/announce post channel: #announcements title: Town hall', 'Hello all', 'click Edit', '', 'Hello everyone', 'click Edit', '<clear>', ''].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(stdout).not.toContain('! ');
    expect(stdout).toContain('Your question, pre-filled:\n    │ what is the best pizza in rome');
    expect(stdout).toMatch(/Posted #1 in #general/);
    // The edit form shows the title and text; Enter kept the title, the new line replaced the text.
    const [, firstEdit = '', secondEdit = ''] = stdout.split('> click Edit\n');
    expect(firstEdit).toContain('pre-filled:\n    │ Town hall');
    expect(firstEdit).toContain('Town hall\nHello everyone');
    // <clear> took the title away; Enter kept the text as it was.
    expect(secondEdit).toContain('pre-filled:\n    │ Hello everyone');
    expect(secondEdit.split('📣 Announcement\n')[1]?.trim().startsWith('Hello everyone')).toBe(true);
  });

  it('GIVEN a DM with the bot, a suggestion picked by number and an exported file THEN each shows as Discord would', async () => {
    const script = [
      'channel dm',
      '/ask question: what does a cto do',
      'channel #general',
      'as moderator',
      '/tips setup channel: #leadership-tips time: 9am timezone: berl?',
      'pick 1',
      '/qa export format: csv',
      'file 1',
    ].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(stdout).not.toContain('! ');
    expect(after(stdout, 'channel dm')).toBe('You are now in a direct message with the bot.');
    expect(after(stdout, '/ask question: what does a cto do')).toContain('confidence');
    expect(after(stdout, 'pick 1')).toContain('One leadership tip in #leadership-tips at 09:00 Europe/Berlin');
    expect(after(stdout, 'file 1')).toContain('type,question,answer_id');
  });
});
