import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { projectPath } from '../core/paths.js';
import { migrate, openDatabase } from '../db/index.js';
import { loadKnowledgeContent } from './content.js';
import { bm25OnlyAnswerer, fuseAnswerer, type Answerer } from './baselines.js';
import { evaluate, parseEvalFile } from './evaluation.js';
import { createKnowledgeStore } from './entry-store.js';
import type { SearchResult } from './search.js';
import { runExportDrafts } from './drafts.js';
import { runSuggestions } from './suggestions.js';
import { createKnowledgeService, type KnowledgeService } from './service.js';
import { plural } from '../core/plural.js';

type Output = Pick<NodeJS.WritableStream, 'write'>;

/** `npm run kb -- check | search | eval | export-drafts | suggestions`: content checks, answer quality, promoted drafts and what members missed. */
export async function runKnowledgeCli(
  argv: string[],
  out: Output = process.stdout,
  input: NodeJS.ReadableStream = process.stdin,
  /** Where the bot's database is (only export-drafts and suggestions read it). */
  databasePath?: () => string,
): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'check':
      return check(out);
    case 'search':
      return search(rest, out, input);
    case 'eval':
      return runEval(rest, out);
    case 'export-drafts':
      if (!databasePath) {
        out.write('export-drafts reads the bot database: run it as npm run kb -- export-drafts (DATABASE_PATH), or pass --db.\n');
        return 2;
      }
      return runExportDrafts(rest, databasePath(), out);
    case 'suggestions':
      return runSuggestions(rest, databasePath ?? (() => 'data/cto-mentor.db'), out, systemClock);
    default:
      out.write('Usage: npm run kb -- check | search [--json] [--limit N] ["question"] | eval [FILE.jsonl…] [--verbose] | export-drafts [--guild ID] [--out DIR] | suggestions [--json] [--since DAYS] [--limit N]\n');
      return action ? 2 : 0;
  }
}

function check(out: Output): number {
  const content = loadKnowledgeContent();
  for (const problem of content.problems) out.write(`${problem.file}: ${problem.field}: ${problem.message}\n`);
  if (content.problems.length > 0) {
    out.write(`✗ ${plural(content.problems.length, 'problem')} in data/knowledge/\n`);
    return 1;
  }
  out.write(`✓ ${content.entries.length} knowledge-base entries are valid\n`);
  return 0;
}

function openService(): KnowledgeService {
  const db = openDatabase(':memory:');
  migrate(db);
  return createKnowledgeService({ db, clock: systemClock, logger: silentLogger });
}

function asJson(result: SearchResult): string {
  // Below the threshold there is no answer: the JSON is empty, as the bot would say "I don't know".
  const hits = result.answer ? result.hits : [];
  return JSON.stringify(hits.map((hit) => ({ id: hit.entry.id, title: hit.entry.title, score: hit.score })));
}

function asText(question: string, result: SearchResult): string {
  const lines = [`${question}`, result.answer ? `  answer: ${result.answer.entry.id}` : '  no confident answer'];
  for (const hit of result.hits) lines.push(`  ${hit.score.toFixed(3)}  ${hit.entry.id}  (${hit.entry.title})`);
  return `${lines.join('\n')}\n`;
}

async function search(argv: string[], out: Output, input: NodeJS.ReadableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, limit: { type: 'string', default: '5' } },
  });
  const limit = Math.max(1, Math.min(Number.parseInt(values.limit, 10) || 5, 25));
  const service = openService();
  const answer = (question: string) => {
    const result = service.search(question, null, limit);
    out.write(values.json ? `${asJson(result)}\n` : asText(question, result));
  };
  if (positionals.length > 0) {
    answer(positionals.join(' '));
    return 0;
  }
  // One question per line on stdin, one JSON array per line out: how large sets are evaluated.
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim().length > 0) answer(line.trim());
    else if (values.json) out.write('[]\n');
  }
  return 0;
}

const DEFAULT_EVAL_SETS = ['test/fixtures/kb-dev.jsonl', 'test/fixtures/kb-member-questions.jsonl', 'test/fixtures/kb-member-messages.jsonl'];

/** The subjects every set is run through, in one run: the bot and the two baselines it must beat. */
function evalSubjects(): { name: string; answer: Answerer }[] {
  const db = openDatabase(':memory:');
  migrate(db);
  const service = createKnowledgeService({ db, clock: systemClock, logger: silentLogger });
  const store = createKnowledgeStore(db);
  return [
    { name: 'bot', answer: (question) => service.search(question, null, 5) },
    { name: 'bm25-only', answer: bm25OnlyAnswerer(store) },
    { name: 'fuse.js', answer: fuseAnswerer(service.list(null)) },
  ];
}

function runEval(argv: string[], out: Output): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { verbose: { type: 'boolean', short: 'v' } } });
  const files = positionals.length > 0 ? positionals : DEFAULT_EVAL_SETS.map((file) => projectPath(file));
  const subjects = evalSubjects();
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(7);
  out.write(`${'set'.padEnd(26)}${'questions'.padEnd(16)}${'subject'.padEnd(11)}  top-1    top-3  off-topic rejected\n`);
  for (const file of files) {
    const cases = parseEvalFile(readFileSync(file, 'utf8'));
    subjects.forEach(({ name, answer }, index) => {
      const report = evaluate(cases, answer);
      const set = index === 0 ? basename(file, '.jsonl') : '';
      const counts = index === 0 ? `${report.onTopic} + ${report.offTopic} off` : '';
      out.write(`${set.padEnd(26)}${counts.padEnd(16)}${name.padEnd(11)}${percent(report.top1)}  ${percent(report.top3)}  ${percent(report.offTopicRejected)}\n`);
      if (values.verbose && index === 0) {
        for (const miss of report.misses) out.write(`    miss: ${miss.q} → ${miss.got ?? 'no answer'} (${miss.score}), expected ${miss.expect ?? 'no answer'}\n`);
      }
    });
  }
  return 0;
}
