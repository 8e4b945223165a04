import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TIP_CATEGORIES } from '../../src/tips/categories.js';
import { runTipsCli } from '../../src/tips/cli.js';
import { loadTipCatalogue, TipContentError, TIPS_DIR } from '../../src/tips/load-tips.js';
import { capture } from '../support/capture.js';
import { tempDir } from '../support/temp-dir.js';

const TEXT = 'A concrete, specific practice for engineering leaders that is long enough to pass the minimum length rule. '.repeat(2);

function tipsFor(category: string, count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: `${category}-tip-${index}`,
    title: `Tip ${index} for ${category}`,
    text: TEXT,
    action: 'Try this today: do one small thing.',
  }));
}

/** A valid data directory (8 categories of 12 tips); `change` edits the parsed files before writing. */
function writeTipDir(change: (files: Map<string, { category: string; tips: Record<string, unknown>[] }>) => void = () => {}): string {
  const dir = tempDir('tips-');
  const files = new Map(TIP_CATEGORIES.slice(0, 8).map(({ id }) => [`${id}.yaml`, { category: id as string, tips: tipsFor(id, 12) as Record<string, unknown>[] }]));
  change(files);
  for (const [file, content] of files) writeFileSync(join(dir, file), stringify(content));
  return dir;
}

function problemsIn(dir: string): readonly string[] {
  try {
    loadTipCatalogue(dir);
  } catch (error) {
    if (error instanceof TipContentError) return error.problems;
    throw error;
  }
  throw new Error('expected a TipContentError');
}


describe('tip content', () => {
  it('GIVEN the shipped data/tips THEN every file passes and the catalogue has at least 180 tips in 8+ categories', () => {
    const catalogue = loadTipCatalogue();
    expect(catalogue.size).toBeGreaterThanOrEqual(180);
    expect(new Set(catalogue.all().map((tip) => tip.category)).size).toBeGreaterThanOrEqual(8);
  });

  it('GIVEN a valid directory THEN numbers tips in category order from 1', () => {
    const catalogue = loadTipCatalogue(writeTipDir());
    expect(catalogue.size).toBe(96);
    expect(catalogue.get('strategy-tip-0')).toMatchObject({ number: 1, total: 96 });
    expect(catalogue.get('people-tip-0')?.number).toBe(13);
  });

  it('GIVEN a duplicate id THEN names the file and the field', () => {
    const dir = writeTipDir((files) => {
      const people = files.get('people.yaml');
      if (people?.tips[1]) people.tips[1].id = 'people-tip-0';
    });
    expect(problemsIn(dir)).toEqual(['people.yaml: id: "people-tip-0" is already used in people.yaml']);
  });

  it('GIVEN a text over 500 characters THEN names the file, the tip and the field', () => {
    const dir = writeTipDir((files) => {
      const hiring = files.get('hiring.yaml');
      if (hiring?.tips[3]) hiring.tips[3].text = 'x'.repeat(501);
    });
    expect(problemsIn(dir)).toEqual(['hiring.yaml: tips[3] (hiring-tip-3).text: at most 500 characters']);
  });

  it('GIVEN a title with a trailing period, a bad action and an unknown field THEN reports each', () => {
    const dir = writeTipDir((files) => {
      const tip = files.get('culture.yaml')?.tips[0];
      if (tip) Object.assign(tip, { title: 'Be clear.', action: 'Do it now', author: 'me' });
    });
    const problems = problemsIn(dir);
    expect(problems).toContain('culture.yaml: tips[0] (culture-tip-0).title: no trailing period');
    expect(problems).toContain('culture.yaml: tips[0] (culture-tip-0).action: must start with "Try this today: "');
    expect(problems.some((problem) => problem.startsWith('culture.yaml: tips[0] (culture-tip-0)') && problem.includes('author'))).toBe(true);
  });

  it('GIVEN a category that does not match the file name THEN says so', () => {
    const dir = writeTipDir((files) => {
      const delivery = files.get('delivery.yaml');
      if (delivery) delivery.category = 'hiring';
    });
    expect(problemsIn(dir)).toContain('delivery.yaml: category: "hiring" must match the file name ("delivery")');
  });

  it('GIVEN an id without its category prefix THEN names it', () => {
    const dir = writeTipDir((files) => {
      const tip = files.get('people.yaml')?.tips[5];
      if (tip) tip.id = 'misc-idea';
    });
    expect(problemsIn(dir)).toContain('people.yaml: tips[5] (misc-idea).id: must start with "people-"');
  });

  it('GIVEN a category under 12 tips and fewer than 8 categories THEN reports both', () => {
    const dir = writeTipDir((files) => {
      files.delete('culture.yaml');
      const people = files.get('people.yaml');
      if (people) people.tips = people.tips.slice(0, 11);
    });
    const problems = problemsIn(dir);
    expect(problems).toContain('people.yaml: tips: 11 tips, at least 12 per category');
    expect(problems).toContainEqual(expect.stringMatching(/^data\/tips: 7 categories .* at least 8 needed$/));
  });

  it('GIVEN a file that is not YAML THEN names the file', () => {
    const dir = writeTipDir();
    writeFileSync(join(dir, 'people.yaml'), 'category: people\ntips: [\n');
    expect(problemsIn(dir)[0]).toMatch(/^people\.yaml: not valid YAML/);
  });
});

describe('npm run tips', () => {
  it('GIVEN the shipped tips THEN check exits 0 and list --json prints them all as a JSON array', async () => {
    const out = capture();
    const err = capture();
    expect(await runTipsCli(['check'], { out: out.stream, err: err.stream })).toBe(0);
    expect(out.text()).toMatch(/^OK: \d+ tips in \d+ categories/);

    const json = capture();
    expect(await runTipsCli(['list', '--json'], { out: json.stream, err: err.stream })).toBe(0);
    const tips = JSON.parse(json.text()) as { id: string; category: string }[];
    expect(tips).toHaveLength(loadTipCatalogue().size);
    expect(tips[0]).toMatchObject({ id: expect.any(String), category: expect.any(String), title: expect.any(String), text: expect.any(String) });
  });

  it('GIVEN a broken tip THEN check exits 1 naming the file and field', async () => {
    const dir = writeTipDir((files) => {
      const tip = files.get('hiring.yaml')?.tips[0];
      if (tip) tip.title = '';
    });
    const err = capture();
    expect(await runTipsCli(['check'], { out: capture().stream, err: err.stream }, dir)).toBe(1);
    expect(err.text()).toContain('hiring.yaml: tips[0] (hiring-tip-0).title');
  });

  it('GIVEN no subcommand THEN prints usage and exits 2', async () => {
    const err = capture();
    expect(await runTipsCli([], { out: capture().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('Usage');
  });

  it('GIVEN the shipped files THEN the data directory is the one the CLI reads', () => {
    expect(readFileSync(join(TIPS_DIR, 'people.yaml'), 'utf8')).toContain('category: people');
  });
});
