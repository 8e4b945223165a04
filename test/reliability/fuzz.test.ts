import { describe, expect, it } from 'vitest';
import { fuzzProblems, runFuzz } from './support/fuzz-run.js';
import { RELIABILITY } from './support/sizes.js';

const { seed, interactions, concurrency } = RELIABILITY.fuzz;

describe('bad input to every command, autocomplete, button, menu and form', () => {
  it(`GIVEN ${interactions} generated inputs (seed ${seed}) THEN each is answered or refused clearly, nothing crashes, pings or crosses servers`, { timeout: RELIABILITY.timeoutMs }, async () => {
    const report = await runFuzz({ seed, interactions, concurrency });
    // The seed is in the test name: FUZZ_SEED=<seed> replays a failing run exactly.
    expect(fuzzProblems(report)).toEqual([]);
    expect(report.sent).toBeGreaterThanOrEqual(interactions);
    expect(report.uninvoked).toEqual([]);
    expect(report.byKind.component).toBeGreaterThan(interactions / 10);
    expect(report.byKind.modal).toBeGreaterThan(interactions / 40);
    expect(report.refused.length).toBeLessThan(interactions / 20);
  });
});
