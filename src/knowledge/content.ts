import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KnowledgeEntry } from './entry.js';
import { BODY_MAX_CHARS, BODY_WORDS, countWords, frontMatterSchema } from './schema.js';
import { projectPath } from '../core/paths.js';

export const KNOWLEDGE_DIR = projectPath('data', 'knowledge');

interface ContentProblem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

export interface KnowledgeContent {
  readonly entries: KnowledgeEntry[];
  readonly problems: ContentProblem[];
  /** Changes whenever any entry file changes: the index is rebuilt only then. */
  readonly hash: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/;

/** Reads every data/knowledge/*.md entry, validating each and the set as a whole. */
export function loadKnowledgeContent(dir = KNOWLEDGE_DIR): KnowledgeContent {
  const files = readdirSync(dir).filter((file) => file.endsWith('.md')).sort();
  const hash = createHash('sha256');
  const entries: KnowledgeEntry[] = [];
  const problems: ContentProblem[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    hash.update(file).update('\0').update(text).update('\0');
    const parsed = parseEntry(file, text);
    problems.push(...parsed.problems);
    if (parsed.entry) entries.push(parsed.entry);
  }
  problems.push(...crossEntryProblems(entries));
  return { entries, problems, hash: hash.digest('hex') };
}

function parseEntry(file: string, text: string): { entry?: KnowledgeEntry; problems: ContentProblem[] } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { problems: [{ file, field: 'front matter', message: 'must start with a --- YAML block --- before the body' }] };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    return { problems: [{ file, field: 'front matter', message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    return { problems: result.error.issues.map((issue) => ({ file, field: issue.path.join('.') || 'front matter', message: issue.message })) };
  }
  const body = (match[2] ?? '').trim();
  const entry: KnowledgeEntry = { ...result.data, body };
  return { entry, problems: bodyProblems(file, entry) };
}

function bodyProblems(file: string, entry: KnowledgeEntry): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ file, field, message });
  if (`${entry.id}.md` !== file) problem('id', `must equal the file name (${file.replace(/\.md$/, '')})`);
  const words = countWords(entry.body);
  if (words < BODY_WORDS.min || words > BODY_WORDS.max) problem('body', `must have ${BODY_WORDS.min}–${BODY_WORDS.max} words (has ${words})`);
  if (entry.body.length > BODY_MAX_CHARS) problem('body', `must fit a Discord embed: at most ${BODY_MAX_CHARS} characters (has ${entry.body.length})`);
  if (!/^\*\*This week:\*\*/m.test(entry.body.split('\n').at(-1) ?? '')) problem('body', 'must end with a "**This week:**" line: one concrete action');
  const aliases = new Set<string>();
  for (const alias of entry.aliases) {
    const key = alias.toLowerCase();
    if (aliases.has(key)) problem('aliases', `"${alias}" is listed twice`);
    aliases.add(key);
  }
  if (entry.related.includes(entry.id)) problem('related', 'must not list the entry itself');
  return problems;
}

function crossEntryProblems(entries: readonly KnowledgeEntry[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const ids = new Map<string, number>();
  for (const entry of entries) ids.set(entry.id, (ids.get(entry.id) ?? 0) + 1);
  for (const entry of entries) {
    const file = `${entry.id}.md`;
    if ((ids.get(entry.id) ?? 0) > 1) problems.push({ file, field: 'id', message: `"${entry.id}" is used by more than one entry` });
    for (const related of entry.related) {
      if (!ids.has(related)) problems.push({ file, field: 'related', message: `"${related}" is not an entry id` });
    }
  }
  return problems;
}
