import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';
import { qaHarness } from '../support/qa.js';

/** A unit callers reach (`qa.asking`, `qa.moderation`, …) stays small enough to read in one go. */
const MAX_PUBLIC_MEMBERS = 15;

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
});
