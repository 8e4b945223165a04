import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { PROJECT_ROOT } from '../../src/core/paths.js';

/**
 * `npm run bench -- --soak`: the reliability tests of the suite (load, faults, SIGKILL, fuzz), scaled up
 * (minutes of load, thousands of servers, 20,000 fuzzed inputs) and fuzzing from a fresh seed each time,
 * printed so a failure can be replayed with FUZZ_SEED. Returns vitest's exit code.
 */
export function runSoak(progress: (line: string) => void): Promise<number> {
  const seed = process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31));
  progress(`soak: the reliability tests at soak size, fuzz seed ${seed} (replay with FUZZ_SEED=${seed} npm run bench -- --soak)`);
  const child = spawn('npx', ['vitest', 'run', 'test/reliability'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, RELIABILITY_SOAK: '1', FUZZ_SEED: seed },
  });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
