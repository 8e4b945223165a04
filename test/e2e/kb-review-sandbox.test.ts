import { describe, expect, it } from 'vitest';
import { runMain } from './support/harness.js';

describe('/kb review in the sandbox (npm start without a token): the README example', () => {
  it('GIVEN a miss WHEN a moderator aliases it to a typed topic in /kb review THEN the same wording is answered with that topic', async () => {
    const script = [
      '/ask question: how do we run our kaizen huddle',
      'as moderator',
      '/kb review',
      'click Alias of another topic',
      'one-on-ones-and-feedback',
      'as member',
      '/ask question: How do we run our Kaizen huddle?',
    ].join('\n');
    const { code, stdout } = await runMain({}, `${script}\n`);
    expect(code).toBe(0);
    expect(stdout).not.toContain('! ');

    const [asked = '', reviewed = '', aliased = '', answered = ''] = stdout.split(/> \/kb review|> click Alias of another topic|> \/ask question: How do we/);
    expect(asked).toContain('No confident answer');
    expect(reviewed).toContain('What /ask missed');
    expect(reviewed).toContain('Asked 1× by 1 member: 1 without an answer');
    expect(aliased).toContain('Topic: its id, or a few words of it: one-on-ones-and-feedback');
    expect(aliased).toContain('now answers with How do I run useful one-on-ones and give feedback that lands? in this server.');
    expect(aliased).toContain('Nothing to review');
    expect(answered).toContain('How do I run useful one-on-ones and give feedback that lands?');
    expect(answered).toContain('Matched "how do we run our kaizen huddle" · confidence 100%');
  });
});
