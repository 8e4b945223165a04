import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import { runMain } from './support/harness.js';

/** The README's scripted session, read from the README itself so the two cannot drift apart. */
function readmeScript(): string {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const line = readme.split('\n').find((candidate) => candidate.startsWith("printf 'say How do I convince the board"));
  const script = line?.match(/^printf '(.*)' \| npm start$/)?.[1];
  if (!script) throw new Error('the README lost its Track as a question / Mark as answer sandbox example');
  return script.replaceAll('\\n', '\n');
}

/** What the sandbox printed for `line` of the script (up to the next line it echoes). */
function after(stdout: string, line: string): string {
  const [, rest = ''] = stdout.split(`> ${line}\n`);
  return rest.split('\n> ')[0] ?? '';
}

describe('message context menus in the sandbox (npm start without a token): the README example', () => {
  it('GIVEN a #general message WHEN another member tracks it, a third answers in its thread and the asker marks that THEN /leaderboard credits the third', async () => {
    const { code, stdout } = await runMain({}, readmeScript());
    expect(code).toBe(0);
    expect(stdout).not.toContain('! ');
    const tracked = after(stdout, 'apps "Track as a question" on 1');
    expect(tracked).toContain('Tracked as #1');
    expect(tracked).toContain('Asked by: @sam');
    expect(tracked).toContain('Asked in: a message in #general');
    expect(tracked).toContain('↪ replying to sam');
    expect(tracked).toContain('direct message to sam');
    const marked = after(stdout, 'apps "Mark as answer" on 5');
    expect(marked).toContain('Accepted. #1 now shows this answer');
    expect(marked).toContain('@morgan earns 15 reputation');
    expect(marked).toContain('direct message to morgan');
    expect(after(stdout, '/leaderboard')).toContain('🥇 @morgan · 15 reputation (1 accepted answer');
  });
});
