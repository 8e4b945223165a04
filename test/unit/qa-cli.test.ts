import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { migrate, openDatabase, type Db } from '../../src/db/index.js';
import { runKnowledgeCli } from '../../src/knowledge/cli.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { runExportCli } from '../../src/qa/cli.js';
import { createQaService } from '../../src/qa/service.js';
import { ask, ASKER, GUILD, HELPER, member, moderator, OTHER_GUILD, QaFakePoster, READER } from '../support/qa.js';
import { capture } from '../support/capture.js';


describe('npm run export and npm run kb -- export-drafts', () => {
  let dir: string;
  let path: string;
  let db: Db;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qa-cli-'));
    path = join(dir, 'bot.db');
    db = openDatabase(path);
    migrate(db);
    const clock = new ManualClock('2026-03-02T10:00:00Z');
    const knowledge = createKnowledgeService({ db, clock, logger: silentLogger });
    const qa = createQaService({ db, clock, logger: silentLogger, poster: new QaFakePoster(), knowledge });
    await ask(qa, 'How do I set up a sustainable on-call rotation for five engineers?');
    await ask(qa, 'An anonymous question about pay bands for senior engineers?', { anonymous: true, userId: READER });
    const answered = await qa.answering.answer(GUILD, 1, member(HELPER), 'Weekly, paid, with a secondary and a handover.');
    await qa.answering.accept(GUILD, answered.answer.id, member(ASKER));
    await qa.promoting.promote(GUILD, 1, moderator);
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN --guild and --format THEN prints the same export as /qa export, without anonymous askers', async () => {
    const out = capture();
    const err = capture();
    expect(await runExportCli(['--guild', GUILD, '--format', 'csv', '--db', path], '/nonexistent', { out: out.stream, err: err.stream })).toBe(0);
    expect(out.text()).toContain('sustainable on-call rotation');
    expect(out.text()).toContain('Weekly, paid');
    expect(out.text()).not.toContain(READER);
    const file = join(dir, 'qa.json');
    expect(await runExportCli(['--guild', GUILD, '--format', 'json', '--out', file], path, { out: out.stream, err: err.stream })).toBe(0);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { questions: { number: number; askerId: string | null }[] };
    expect(data.questions.map((question) => [question.number, question.askerId])).toEqual([[1, ASKER], [2, null]]);
    expect(err.text()).toContain('Wrote 2 questions');
  });

  it('GIVEN bad arguments or no database THEN says what is wrong and exits non-zero', async () => {
    const out = capture();
    const err = capture();
    expect(await runExportCli(['--format', 'csv'], path, { out: out.stream, err: err.stream })).toBe(2);
    expect(await runExportCli(['--guild', GUILD, '--format', 'xml'], path, { out: out.stream, err: err.stream })).toBe(2);
    expect(await runExportCli(['--guild', GUILD, '--format', 'csv'], join(dir, 'missing.db'), { out: out.stream, err: err.stream })).toBe(1);
    expect(err.text()).toContain('--guild is required');
    expect(err.text()).toContain('--format must be csv or json');
    expect(err.text()).toContain('There is no database');
    const other = capture();
    expect(await runExportCli(['--guild', OTHER_GUILD, '--format', 'json'], path, { out: other.stream, err: err.stream })).toBe(0);
    expect(JSON.parse(other.text())).toMatchObject({ guildId: OTHER_GUILD, questions: [] });
  });

  it('GIVEN a promoted answer THEN export-drafts writes it as a knowledge-base Markdown draft crediting its author', async () => {
    const out = capture();
    const target = join(dir, 'drafts');
    expect(await runKnowledgeCli(['export-drafts', '--out', target], out.stream, process.stdin, () => path)).toBe(0);
    expect(readdirSync(join(target, GUILD))).toEqual(['community-1.md']);
    const markdown = readFileSync(join(target, GUILD, 'community-1.md'), 'utf8');
    const [, frontMatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(markdown) ?? [];
    expect(parseYaml(frontMatter)).toMatchObject({ id: 'community-1', title: 'How do I set up a sustainable on-call rotation for five engineers?', tags: ['community'] });
    expect(frontMatter).toContain(`written by Discord user ${HELPER}`);
    expect(body).toContain('Weekly, paid, with a secondary');
    expect(out.text()).toContain('Wrote 1 draft');
  });
});
