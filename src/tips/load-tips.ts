import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TipCatalogue, type Tip } from './catalogue.js';
import { TIP_LIMITS, tipFileSchema } from './tip-schema.js';
import { projectPath } from '../core/paths.js';
import { plural } from '../core/plural.js';

export const TIPS_DIR = projectPath('data', 'tips');

/** Every problem in the tip files, each naming the file and the field. */
export class TipContentError extends Error {
  override readonly name = 'TipContentError';

  constructor(readonly problems: readonly string[]) {
    super(`The tip files have ${plural(problems.length, 'problem')}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Reads and validates data/tips/*.yaml; throws TipContentError listing every problem at once. */
export function loadTipCatalogue(dir = TIPS_DIR): TipCatalogue {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  const problems: string[] = [];
  const tips: Tip[] = [];
  for (const file of files) {
    const result = parseTipFile(file, readFileSync(join(dir, file), 'utf8'));
    problems.push(...result.problems);
    tips.push(...result.tips);
  }
  // Counts over half-read files would only repeat the problems already found.
  problems.push(...duplicateIdProblems(tips), ...(problems.length === 0 ? sizeProblems(tips, files) : []));
  if (problems.length > 0) throw new TipContentError(problems);
  return new TipCatalogue(tips);
}

function parseTipFile(file: string, source: string): { tips: Tip[]; problems: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (error) {
    return { tips: [], problems: [`${file}: not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`] };
  }
  const parsed = tipFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { tips: [], problems: parsed.error.issues.map((issue) => `${file}: ${fieldName(raw, issue.path)}: ${issue.message}`) };
  }
  const { category, tips } = parsed.data;
  const problems: string[] = [];
  const expected = basename(file, '.yaml');
  if (category !== expected) problems.push(`${file}: category: "${category}" must match the file name ("${expected}")`);
  tips.forEach((tip, index) => {
    if (!tip.id.startsWith(`${category}-`)) problems.push(`${file}: tips[${index}] (${tip.id}).id: must start with "${category}-"`);
  });
  return { tips: tips.map(({ id, ...rest }) => ({ id, category, ...rest })), problems };
}

function duplicateIdProblems(tips: readonly Tip[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const tip of tips) {
    const first = seen.get(tip.id);
    if (first) problems.push(`${tip.category}.yaml: id: "${tip.id}" is already used in ${first}`);
    else seen.set(tip.id, `${tip.category}.yaml`);
  }
  return problems;
}

function sizeProblems(tips: readonly Tip[], files: readonly string[]): string[] {
  const problems: string[] = [];
  const perCategory = new Map<string, number>();
  for (const tip of tips) perCategory.set(tip.category, (perCategory.get(tip.category) ?? 0) + 1);
  for (const [category, count] of perCategory) {
    if (count < TIP_LIMITS.minTipsPerCategory) {
      problems.push(`${category}.yaml: tips: ${count} tips, at least ${TIP_LIMITS.minTipsPerCategory} per category`);
    }
  }
  if (perCategory.size < TIP_LIMITS.minCategories) {
    problems.push(`data/tips: ${perCategory.size} categories (${files.length} files), at least ${TIP_LIMITS.minCategories} needed`);
  }
  return problems;
}

/** `tips[3] (people-foo).text`: the path with the tip's id, so the line is easy to find. */
function fieldName(raw: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  const [first, index, ...rest] = path;
  if (first === 'tips' && typeof index === 'number') {
    const id = tipIdAt(raw, index);
    return `tips[${index}]${id ? ` (${id})` : ''}${rest.map((part) => `.${String(part)}`).join('')}`;
  }
  return path.map(String).join('.');
}

function tipIdAt(raw: unknown, index: number): string | undefined {
  const tips = (raw as { tips?: unknown } | null)?.tips;
  const tip: unknown = Array.isArray(tips) ? tips[index] : undefined;
  const id = (tip as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}
