import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { openDatabase } from '../db/index.js';
import type { KnowledgeEntry } from './entry.js';
import { BODY_WORDS } from './schema.js';
import { createKnowledgeStore } from './entry-store.js';
import { plural } from '../core/plural.js';

/**
 * A promoted community answer as a knowledge-base file: the front matter of data/knowledge/*.md
 * and the body, with the author credited and what a maintainer must add before shipping it (the
 * shipped entries need three aliases and a 150–450 word body ending with "**This week:**").
 */
function draftMarkdown(entry: KnowledgeEntry & { guildId: string }): string {
  const frontMatter = {
    id: entry.id,
    title: entry.title,
    aliases: entry.aliases,
    tags: entry.tags,
    related: entry.related,
    summary: entry.summary,
  };
  const notes = [
    `# Draft from a community answer in server ${entry.guildId}${entry.authorId ? `, written by Discord user ${entry.authorId}` : ''}.`,
    '# Before moving it to data/knowledge/: give it a lasting id (the file name), at least 3 aliases,',
    `# a ${BODY_WORDS.min}–${BODY_WORDS.max} word body ending with a "**This week:**" line, and check with npm run kb -- check.`,
  ];
  return `---\n${notes.join('\n')}\n${stringify(frontMatter, { lineWidth: 0 }).trimEnd()}\n---\n\n${entry.body.trim()}\n`;
}

/** Writes each server's drafts as `<dir>/<server id>/<entry id>.md`; returns the files written. */
function writeDrafts(entries: readonly (KnowledgeEntry & { guildId: string })[], dir: string): string[] {
  return entries.map((entry) => {
    const folder = join(dir, entry.guildId);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${entry.id}.md`);
    writeFileSync(file, draftMarkdown(entry), 'utf8');
    return file;
  });
}

const USAGE = `Usage: npm run kb -- export-drafts [--guild <server id>] [--out DIR] [--db PATH]
  Writes the knowledge-base entries moderators promoted from community answers (/qa promote) as
  Markdown drafts in the knowledge-base format, to DIR/<server id>/<id>.md (default DIR: kb-drafts).
`;

/** `npm run kb -- export-drafts`: promoted answers out of the database, for maintainers to ship. */
export function runExportDrafts(argv: string[], databasePath: string, out: Pick<NodeJS.WritableStream, 'write'>): number {
  let values: { guild?: string | undefined; out?: string | undefined; db?: string | undefined; help?: boolean | undefined };
  try {
    values = parseArgs({ args: argv, options: { guild: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } } }).values;
  } catch (error) {
    out.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
    out.write(`--guild must be a Discord server id (17–20 digits)\n${USAGE}`);
    return 2;
  }
  const path = values.db ?? databasePath;
  if (!existsSync(path)) {
    out.write(`There is no database at ${path}. Set DATABASE_PATH (or --db) to the bot's database.\n`);
    return 1;
  }
  const db = openDatabase(path);
  try {
    const drafts = createKnowledgeStore(db)
      .allEntries()
      .map((stored) => stored.entry)
      .filter((entry): entry is KnowledgeEntry & { guildId: string } => entry.guildId !== undefined && (values.guild === undefined || entry.guildId === values.guild));
    const files = writeDrafts(drafts, values.out ?? 'kb-drafts');
    out.write(files.length === 0 ? 'No promoted answers to export (moderators promote with /qa promote).\n' : `${files.map((file) => `  ${file}`).join('\n')}\nWrote ${plural(files.length, 'draft')}.\n`);
    return 0;
  } finally {
    db.close();
  }
}
