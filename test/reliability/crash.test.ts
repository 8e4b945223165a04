import { describe, expect, it } from 'vitest';
import { crashProblems, runCrashMidLoad } from './support/crash-run.js';
import { RELIABILITY } from './support/sizes.js';

describe('SIGKILL of the bot in the middle of everything', () => {
  it('GIVEN a tip fan-out, overdue announcements and members asking WHEN the bot is killed and restarted THEN the file opens cleanly, one tip per server, one post per announcement, no confirmed question lost', { timeout: RELIABILITY.timeoutMs }, async () => {
    const report = await runCrashMidLoad({ seed: 1, ...RELIABILITY.crash });
    expect(crashProblems(report)).toEqual([]);
    // The kill must land mid-way, or the test proves nothing about recovery.
    expect(report.atKill.tipsPosted).toBeGreaterThan(0);
    expect(report.atKill.tipsPosted).toBeLessThan(RELIABILITY.crash.servers);
    expect(report.atKill.questionsConfirmed).toBeGreaterThan(0);
    expect(report.tips).toEqual({ servers: RELIABILITY.crash.servers, missing: 0, duplicates: 0 });
    expect(report.announcements).toMatchObject({ due: RELIABILITY.crash.announcements, missing: 0, duplicates: 0, unrecorded: 0 });
  });
});
