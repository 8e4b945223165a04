import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';

/**
 * A dead export is a name exported by a module of src/ or commands/ that no other file (src, commands,
 * test, bench, the vitest config) mentions: either it is unused, or it should not be exported. Judged by words, not types,
 * so it never misses a real use; a name shared with another file only passes. The local Discord is left
 * out: its exports are the driver API contributors' tests build on.
 */
const SCANNED = ['src', 'commands', 'test', 'bench'];
/** Top-level files that import from src/ too. */
const TOP_LEVEL = ['vitest.config.ts'];
const EXPORT = /^export (?:declare )?(?:async )?(?:const|let|function\*?|class|interface|type|enum) ([A-Za-z_$][\w$]*)/gm;

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('exports', () => {
  it('GIVEN every module of src/ and commands/ THEN each export is used by another file', () => {
    const files = [...SCANNED.flatMap((folder) => typeScriptFiles(projectPath(folder))), ...TOP_LEVEL.map((file) => projectPath(file))].map((path) => ({ path: relative(projectPath(), path), text: readFileSync(path, 'utf8') }));
    const counts = new Map<string, Map<string, number>>();
    for (const file of files) {
      const words = new Map<string, number>();
      for (const [word] of file.text.matchAll(/[A-Za-z_$][\w$]*/g)) words.set(word, (words.get(word) ?? 0) + 1);
      counts.set(file.path, words);
    }
    const usedElsewhere = (name: string, path: string) => files.some((file) => file.path !== path && (counts.get(file.path)?.get(name) ?? 0) > 0);
    const dead = files
      .filter(({ path }) => (path.startsWith('src/') || path.startsWith('commands/')) && !path.startsWith('src/local-discord/'))
      .flatMap(({ path, text }) => [...text.matchAll(EXPORT)].map(([, name]) => ({ path, name: name ?? '' })))
      .filter(({ path, name }) => !usedElsewhere(name, path))
      .map(({ path, name }) => `${path}: ${name} (delete it, or drop its export if the module uses it)`);
    expect(dead).toEqual([]);
  });
});
