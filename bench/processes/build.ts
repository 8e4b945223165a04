import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { BUILD_DIR, buildForProduction } from '../../src/ops/build.js';

/** The built scripts the bench runs: the bot as production runs it, and the baselines alike. */
export const BUILT_SCRIPTS = { bot: 'dist/src/main.js', cli: 'dist/src/cli.js', baseline: 'dist/bench/baseline-bot.js', fuse: 'dist/bench/fuse-tag-bot.js' } as const;

/**
 * Builds the bot (`npm run build`) and the baseline the same way, so both run on plain Node.js and
 * neither carries a TypeScript loader thread in its memory or CPU figures.
 */
export async function buildSubjects(): Promise<void> {
  await buildForProduction();
  await build({
    entryPoints: [join(PROJECT_ROOT, 'bench', 'baseline-bot.ts'), join(PROJECT_ROOT, 'bench', 'fuse-tag-bot.ts')],
    outdir: BUILD_DIR,
    outbase: PROJECT_ROOT,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}
