import { describe, expect, it } from 'vitest';
import type { FaultConfig } from '../../src/local-discord/index.js';
import { loadProblems, runLoad } from './support/load-run.js';
import { RELIABILITY } from './support/sizes.js';

const SEND = 'POST /channels/:channelId/messages';
const SPIKES = { rate: 0.1, ms: 800 };
/**
 * Half the actions with 5xx before any work is done, half with 5xx after a message was created (the
 * first two messages of that half for certain, so it never passes without one).
 */
const FAULTS: readonly FaultConfig[] = [
  { serverErrors: { rate: 0.1 }, spikes: SPIKES },
  { serverErrors: { rate: 0.1, next: 2, mode: 'apply-then-fail', routes: [SEND] }, spikes: SPIKES },
];

describe('a mixed member workload at a steady rate', () => {
  it('GIVEN members asking, answering, voting and browsing THEN every interaction is acknowledged in time, every confirmed question and answer is stored and posted once, no errors', { timeout: RELIABILITY.timeoutMs }, async () => {
    const report = await runLoad({ seed: 1, ...RELIABILITY.load });
    expect(loadProblems(report)).toEqual([]);
    expect(report.dispatched).toBeGreaterThan(RELIABILITY.load.rate * (RELIABILITY.load.durationMs / 1000));
    expect(report.questionsConfirmed).toBeGreaterThan(0);
    expect(report.answersConfirmed).toBeGreaterThan(0);
  });

  it('GIVEN 10% 5xx, latency spikes and the gateway dropped mid-load THEN the bot resumes, loses nothing and posts nothing twice', { timeout: RELIABILITY.timeoutMs }, async () => {
    const report = await runLoad({ seed: 2, ...RELIABILITY.load, faults: FAULTS, dropGatewayAfter: 1 / 3 });
    expect(loadProblems(report)).toEqual([]);
    expect(report.injected.serverErrors).toBeGreaterThan(0);
    expect(report.injected.appliedThenFailed).toBeGreaterThan(0);
    expect(report.gateway.resumes).toBeGreaterThanOrEqual(1);
    expect(report.questionsConfirmed).toBeGreaterThan(0);
  });
});
