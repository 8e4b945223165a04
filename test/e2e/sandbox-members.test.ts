import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

/** What the sandbox printed for `line` of a piped script (up to the next line it echoes). */
function after(stdout: string, line: string): string {
  const [, rest = ''] = stdout.split(`> ${line}\n`);
  return rest.split('\n> ')[0] ?? '';
}

describe('members talk in the sandbox beside the real bot', () => {
  it('GIVEN npm start without a token WHEN members say, reply and delete THEN messages are numbered, a reply shows what it answers, and deleting follows Discord\'s rights', async () => {
    const script = ['say How do I hire my first engineer?', 'as alex', 'reply 1 Start with a contractor.', 'delete 1', 'as moderator', 'delete 2', 'log', 'help'].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(after(stdout, 'say How do I hire my first engineer?')).toContain('── sam · message 1 ──\nHow do I hire my first engineer?');
    expect(after(stdout, 'reply 1 Start with a contractor.')).toContain('── alex · message 2 ──\n↪ replying to sam: How do I hire my first engineer?\nStart with a contractor.');
    expect(after(stdout, 'delete 1')).toBe('! Missing Permissions');
    expect(after(stdout, 'delete 2')).toBe('Message 2 deleted.');
    const log = after(stdout, 'log');
    expect(log).toContain('── sam · message 1 ──');
    expect(log).not.toContain('message 2');
    expect(after(stdout, 'help')).toContain('apps "Name" on N');
  });
});
