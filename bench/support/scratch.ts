import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary folder for one run's database files, removed by `cleanup()`. */
export function scratchDir(): { dir: string; databasePath: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cto-mentor-bench-'));
  return { dir, databasePath: join(dir, 'bot.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
