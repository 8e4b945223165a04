import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/core/paths.js';

/** The documents a reader follows links through: the README, SECURITY.md, docs/, and READMEs inside src/. */
function documents(): string[] {
  const readmesUnder = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return readmesUnder(path);
      return entry.name === 'README.md' ? [path] : [];
    });
  const docs = readdirSync(projectPath('docs')).filter((name) => name.endsWith('.md')).map((name) => projectPath('docs', name));
  return [projectPath('README.md'), projectPath('SECURITY.md'), ...docs, ...readmesUnder(projectPath('src'))].filter((path) => existsSync(path));
}

/** Markdown without fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchors for a document's headings (lower case, punctuation dropped, spaces to hyphens, repeats numbered). */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = (heading ?? '').trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('documentation links', () => {
  it('GIVEN the README and docs THEN every relative link and anchor resolves', () => {
    const broken: string[] = [];
    for (const document of documents()) {
      const text = readFileSync(document, 'utf8');
      for (const [, target] of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path === '' ? document : join(dirname(document), decodeURI(path));
        const where = `${relative(projectPath(), document)}: ${target}`;
        if (!existsSync(file)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor && file.endsWith('.md') && statSync(file).isFile() && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('GIVEN the README THEN it stays a user guide of at most 25 KB', () => {
    expect(readFileSync(projectPath('README.md')).length).toBeLessThanOrEqual(25 * 1024);
  });
});
