import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../core/paths.js';

/** Where `npm run build` writes the JavaScript that `npm start` runs. */
export const BUILD_DIR = join(PROJECT_ROOT, 'dist');

const SOURCE_FOLDERS = ['src', 'commands'];

/** Silences discord.js's warning about our deliberate role-cache override; test workers, which run bots in-process, need it alone. */
export const CACHE_OVERRIDE_WARNING_OFF = '--disable-warning=UnsupportedCacheOverwriteWarning';

/**
 * The Node.js flags `npm start` runs the bot with (package.json; shard processes inherit them through
 * process.execArgv), and so the bench. A 1 MB young generation instead of up to 16 MB per semi-space:
 * logging in to 10,000 servers leaves V8 holding ~30 MB less, for ~1.4 s more CPU over that login. An
 * old generation allowed to grow by 20% of what the last full collection kept, where V8 lets it
 * double or more on a busy machine: ~15 MB less, and about the same RSS login after login, at no
 * measured CPU cost (docs/performance.md). Overriding discord.js's role cache is deliberate
 * (src/discord/client.ts), so its warning is not shown.
 */
export const BOT_NODE_FLAGS = ['--max-semi-space-size=1', '--heap-growing-percent=20', CACHE_OVERRIDE_WARNING_OFF] as const;

/**
 * Transpiles the bot's TypeScript to plain ES modules, file by file with the same layout, so
 * production runs on plain Node.js: no TypeScript loader thread (~35 MB) and no transform at start.
 * Type checking is `npm run typecheck`'s job; data files and migrations are read from the project root.
 */
export async function buildForProduction(outDir = BUILD_DIR): Promise<number> {
  const entryPoints = SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => join(PROJECT_ROOT, folder, file)),
  );
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: outDir,
    outbase: PROJECT_ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return entryPoints.length;
}
