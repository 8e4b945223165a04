import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh folder in the OS temp folder, removed when the test that made it finishes (passed or not). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const open = new Set<string>();

/**
 * A fresh folder for a whole scenario (a test bot's database), removed by `cleanup()`, or at the end of
 * the test file if the scenario never got that far (a start that timed out, a failed beforeAll).
 */
export function scenarioDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  open.add(dir);
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      open.delete(dir);
    },
  };
}

/** Removes what scenarios left behind (the test setup calls it after each file). */
export function removeScenarioDirs(): void {
  for (const dir of open) rmSync(dir, { recursive: true, force: true });
  open.clear();
}
