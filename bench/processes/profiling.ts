import { mkdirSync } from 'node:fs';
import type { BenchOptions, ProfiledProcess } from '../options.js';
import { projectPath } from '../../src/core/paths.js';

export const PROFILE_DIR = projectPath('bench/results/profiles');

/**
 * The flags a run adds to a process: for the bot those of `--bot-node-flags`; `--cpu-prof` when
 * `--profile` named it, into a folder per run and process (the main thread's file is
 * `CPU.*.<pid>.0.*.cpuprofile`; a TypeScript loader thread, when there is one, writes its own beside it).
 */
export function profileFlags(options: BenchOptions, process: ProfiledProcess, run: string): string[] {
  const extra = process === 'bot' ? options.botNodeFlags : [];
  if (!options.profile.has(process)) return [...extra];
  const dir = `${PROFILE_DIR}/${run}-${process}`;
  mkdirSync(dir, { recursive: true });
  return [...extra, '--cpu-prof', `--cpu-prof-dir=${dir}`];
}
