import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR, loadKnowledgeContent } from '../../src/knowledge/content.js';
import { entryEmbed } from '../../src/knowledge/render/messages.js';
import { tempDir } from '../support/temp-dir.js';

const REQUIRED_IDS = `what-does-a-cto-do cto-job-description cto-key-responsibilities technology-strategy cto-vs-cio cto-vs-vp-engineering
cto-vs-cpo technology-trends building-engineering-teams delegating-code operational-management customer-relations c-suite-representation
sales-and-marketing cto-and-ceo technology-for-growth trust-with-inherited-team engineer-to-manager-transition cto-typical-day startup-cto
cto-skills becoming-a-cto first-90-days hiring-engineers retaining-engineers technical-debt build-vs-buy architecture-decisions
engineering-metrics technology-budget security-and-compliance board-and-investors vendor-management remote-teams one-on-ones-and-feedback
engineering-culture fractional-cto digital-transformation incident-management product-roadmap technical-due-diligence cto-learning-resources
scaling-engineering-org`.split(/\s+/);

function entryFile(overrides: Record<string, string> = {}, body = `${'Practical words written here. '.repeat(50)}\n\n**This week:** do one thing.`): string {
  const fields = {
    id: 'sample-entry',
    title: 'What is a sample entry?',
    aliases: '[sample question, another sample, third sample]',
    tags: '[role]',
    related: '[]',
    summary: 'A sample entry used by the tests to check validation.',
    ...overrides,
  };
  return `---\n${Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n${body}\n`;
}

function checkOne(text: string, file = 'sample-entry.md') {
  const dir = tempDir('kb-');
  writeFileSync(join(dir, file), text);
  return loadKnowledgeContent(dir).problems;
}

describe('knowledge-base content', () => {
  it('GIVEN the shipped entries THEN every one is valid and the 43 required ids exist among at least 60', () => {
    const content = loadKnowledgeContent();
    expect(content.problems).toEqual([]);
    const ids = content.entries.map((entry) => entry.id);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED_IDS));
  });

  it('GIVEN the shipped entries THEN each renders as an embed inside Discord limits', () => {
    for (const entry of loadKnowledgeContent().entries) {
      const embed = entryEmbed(entry, entry.related, 'Matched "a phrasing" · confidence 100%');
      const total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
        (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
      expect(total, entry.id).toBeLessThanOrEqual(6000);
      expect(embed.description, entry.id).toBe(entry.body);
    }
  });

  it('GIVEN the seed article THEN its facts are covered by the entries', () => {
    const text = loadKnowledgeContent().entries.map((entry) => `${entry.title} ${entry.body}`).join('\n').toLowerCase();
    for (const fact of ['cio', 'c-suite', 'ceo', 'marketing', 'sales', 'trends', 'inherited', 'mentor', 'delegat', 'iterat']) {
      expect(text, fact).toContain(fact);
    }
  });

  it('GIVEN a valid file THEN it has no problems', () => {
    expect(checkOne(entryFile())).toEqual([]);
  });

  it('GIVEN an empty alias THEN names the file and field', () => {
    expect(checkOne(entryFile({ aliases: '["", another sample, third sample]' }))).toEqual([
      expect.objectContaining({ file: 'sample-entry.md', field: 'aliases.0' }),
    ]);
  });

  it('GIVEN a related id that does not exist THEN names it', () => {
    expect(checkOne(entryFile({ related: '[no-such-entry]' }))).toEqual([
      expect.objectContaining({ field: 'related', message: expect.stringContaining('no-such-entry') }),
    ]);
  });

  it('GIVEN an id different from the file name THEN says so', () => {
    expect(checkOne(entryFile(), 'other-name.md')).toEqual([expect.objectContaining({ file: 'other-name.md', field: 'id' })]);
  });

  it('GIVEN a body that is too short or lacks the closing action THEN reports the body', () => {
    const problems = checkOne(entryFile({}, 'Too short.'));
    expect(problems.map((problem) => problem.field)).toEqual(['body', 'body']);
  });

  it('GIVEN a title longer than an autocomplete choice THEN reports the title', () => {
    expect(checkOne(entryFile({ title: 'x'.repeat(101) }))).toEqual([expect.objectContaining({ field: 'title' })]);
  });

  it('GIVEN duplicate ids across files THEN reports both', () => {
    const dir = tempDir('kb-');
    writeFileSync(join(dir, 'sample-entry.md'), entryFile());
    writeFileSync(join(dir, 'copy.md'), readFileSync(join(dir, 'sample-entry.md'), 'utf8'));
    const fields = loadKnowledgeContent(dir).problems.map((problem) => `${problem.file}:${problem.field}`);
    expect(fields).toEqual(expect.arrayContaining(['copy.md:id', 'sample-entry.md:id']));
  });

  it('GIVEN the same files THEN the content hash is stable, and changes with any edit', () => {
    const first = loadKnowledgeContent().hash;
    expect(loadKnowledgeContent().hash).toBe(first);
    const dir = tempDir('kb-');
    writeFileSync(join(dir, 'sample-entry.md'), entryFile());
    const before = loadKnowledgeContent(dir).hash;
    writeFileSync(join(dir, 'sample-entry.md'), entryFile({ summary: 'A changed summary for the sample entry here.' }));
    expect(loadKnowledgeContent(dir).hash).not.toBe(before);
    expect(KNOWLEDGE_DIR).toMatch(/data\/knowledge\/?$/);
  });
});
