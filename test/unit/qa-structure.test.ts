import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import { qaHarness } from '../support/qa.js';

/** A unit callers reach (`qa.asking`, `qa.moderation`, …) stays small enough to read in one go. */
const MAX_PUBLIC_MEMBERS = 15;

/** Every module under src/qa (glue and renderers too), by its path relative to the project. */
function qaModules(folder = projectPath('src/qa')): { path: string; text: string }[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return qaModules(path);
    return entry.name.endsWith('.ts') ? [{ path: relative(projectPath(), path), text: readFileSync(path, 'utf8') }] : [];
  });
}

const qaSources = (): { name: string; text: string }[] =>
  readdirSync(projectPath('src/qa'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name, text: readFileSync(join(projectPath('src/qa'), name), 'utf8') }));

describe('Q&A structure (issue 13)', () => {
  it('GIVEN the composed Q&A service THEN it is named units of at most 15 public members each', () => {
    const { qa } = qaHarness();
    const units = Object.entries(qa);
    expect(units.length).toBeGreaterThan(5);
    const oversized = units.filter(([, unit]) => Object.keys(unit).length > MAX_PUBLIC_MEMBERS).map(([name, unit]) => `${name}: ${Object.keys(unit).length}`);
    expect(oversized).toEqual([]);
    // Units, not loose functions: the composition root returns no 49-member facade again.
    expect(units.filter(([, unit]) => typeof unit === 'function').map(([name]) => name)).toEqual([]);
  });

  it('GIVEN src/qa THEN there is no shared dependency bag: only the composition root sees all of it', () => {
    expect(existsSync(projectPath('src/qa/deps.ts'))).toBe(false);
    const bagUsers = qaSources()
      .filter(({ name, text }) => name !== 'service.ts' && /\b(QaDeps|QaDependencies|createQaDeps)\b/.test(text))
      .map(({ name }) => name);
    expect(bagUsers).toEqual([]);
  });

  it('GIVEN src/qa THEN transactions are opened by the units only, through the injected runner (no store opens one)', () => {
    const opening = qaSources()
      .filter(({ name, text }) => name !== 'transaction.ts' && /\.transaction\(/.test(text))
      .map(({ name }) => name);
    expect(opening).toEqual([]);
  });

  it('GIVEN the imports between Q&A modules THEN they form no cycle: no unit calls back into one that uses it', () => {
    const modules = qaModules();
    const imports = new Map(
      modules.map(({ path, text }) => [
        path,
        [...text.matchAll(/from '(\.[^']+)'/g)].map((match) => normalize(join(dirname(path), match[1] ?? '')).replace(/\.js$/, '.ts')).filter((target) => target.startsWith(join('src', 'qa'))),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const trail: string[] = [];
    const visit = (path: string): void => {
      state.set(path, 'open');
      trail.push(path);
      for (const next of imports.get(path) ?? []) {
        if (state.get(next) === 'open') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      trail.pop();
      state.set(path, 'done');
    };
    for (const path of imports.keys()) if (!state.has(path)) visit(path);
    expect(modules.length).toBeGreaterThan(30);
    expect(cycles).toEqual([]);
  });
});
