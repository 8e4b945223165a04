import { afterAll, vi } from 'vitest';
import { removeScenarioDirs } from './temp-dir.js';

/**
 * vi.waitFor gives up after 1 s by default: a condition that holds a moment later on a busy machine
 * (CI, several suites at once) would fail the test. Here it waits up to 15 s unless a test says
 * otherwise; a condition that holds still returns at once, so a fast machine loses nothing.
 */
const waitFor = vi.waitFor.bind(vi);
const patient: typeof vi.waitFor = (callback, options) => waitFor(callback, typeof options === 'number' ? options : { timeout: 15_000, ...options });
vi.waitFor = patient;

// A scenario that failed before its own cleanup leaves no folder behind (hooks registered here run last).
afterAll(removeScenarioDirs);
