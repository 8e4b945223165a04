import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, projectPath } from '../../src/core/paths.js';
import { BOT_PROCESS_ARGS } from './support/harness.js';

/** The README's community-site session, read from the README itself so the two cannot drift apart. */
function readmeScript(): string {
  const readme = readFileSync(projectPath('README.md'), 'utf8');
  const line = readme.split('\n').find((candidate) => candidate.startsWith("printf 'say How should a first-time CTO report"));
  const script = line?.match(/^printf '(.*)' \| npm start$/)?.[1];
  if (!script) throw new Error('the README lost its community site sandbox example');
  return script.replaceAll('\\n', '\n');
}

describe('the community site in the sandbox (npm start without a token): the README example', () => {
  it('GIVEN npm start THEN it prints the site address, which serves the home page; the README session publishes its answered question at an address that serves it', async () => {
    const child = spawn(process.execPath, BOT_PROCESS_ARGS, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    const waiters: (() => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      for (const waiter of waiters.splice(0)) waiter();
    });
    const exited = once(child, 'exit');
    // Resolves when the output matches: an event wait, with a guard against a hang only.
    const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
      const deadline = Date.now() + 110_000;
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the sandbox never printed ${pattern}:\n${stdout}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 1_000).unref();
        });
      }
    };
    try {
      const [, site = ''] = await waitFor(/Community site: (http:\/\/127\.0\.0\.1:\d+\/)/);
      const home = await fetch(site);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<h1>Community answers</h1>');

      child.stdin.write(readmeScript());
      const [, questionUrl = ''] = await waitFor(/The community site is on at [^\n]*\n[^\n]*#1 "How should a first-time CTO report[^"]*" (http:\/\/\S+)/);
      expect(questionUrl.startsWith(`${site}c/cto-community/q/1/how-should-a-first-time-cto-report`)).toBe(true);
      const page = await fetch(questionUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('One page a month: outcomes against the plan');
      // Nobody ran /qa web name on: sam, alex and morgan are all "a member".
      expect(html).not.toMatch(/\b(sam|alex|morgan)\b/);
    } finally {
      child.stdin.end();
      await exited;
    }
    expect(child.exitCode).toBe(0);
    expect(stdout).not.toContain('! ');
  });
});
