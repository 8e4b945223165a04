import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

describe('Q&A review in the sandbox (npm start without a token)', () => {
  it('GIVEN review is on and a member asks anonymously WHEN a moderator approves it in /qa review THEN the line shows the approved state and the posted question, not the old card', async () => {
    const script = [
      'as moderator',
      '/qa setup channel: #questions review: true',
      'as member',
      '/question ask text: How do I run on-call fairly with only three engineers? anonymous: true',
      'click Post mine anyway',
      'as moderator',
      '/qa review',
      'click Approve',
    ].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(stdout).not.toContain('! ');

    const [beforeApprove = '', approved = ''] = stdout.split('> click Approve');
    expect(beforeApprove).toContain('Anonymous question awaiting review');
    expect(approved).toContain('Approved: posted as #1.');
    expect(approved).toContain('No anonymous question is waiting for review.');
    expect(approved).not.toContain('Anonymous question awaiting review');
    expect(approved).toContain('📨 new in #questions:');
    expect(approved).toContain('Question #1');
    expect(approved).toContain('Asked by: Anonymous member');
  });
});
