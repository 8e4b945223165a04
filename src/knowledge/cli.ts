import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { migrate, openDatabase } from '../db/index.js';
import { loadKnowledgeContent } from './content.js';
import { evaluate, parseEvalFile } from './evaluation.js';
import type { SearchResult } from './search.js';
import { runExportDrafts } from './drafts.js';
import { createKnowledgeService, type KnowledgeService } from './service.js';

type Output = Pick<NodeJS.WritableStream, 'write'>;

/** `npm run kb -- check | search | eval | export-drafts`: content checks, answer quality and promoted drafts. */
export async function runKnowledgeCli(
  argv: string[],
  out: Output = process.stdout,
  input: NodeJS.ReadableStream = process.stdin,
  /** Where the bot's database is (only export-drafts reads it). */
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
    default:
      out.write('Usage: npm run kb -- check | search [--json] [--limit N] ["question"] | eval FILE.jsonl | export-drafts [--guild ID] [--out DIR]\n');
      return action ? 2 : 0;
  }
}

function check(out: Output): number {
  const content = loadKnowledgeContent();
  for (const problem of content.problems) out.write(`${problem.file}: ${problem.field}: ${problem.message}\n`);
  if (content.problems.length > 0) {
    out.write(`✗ ${content.problems.length} problem(s) in data/knowledge/\n`);
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

function runEval(argv: string[], out: Output): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { verbose: { type: 'boolean', short: 'v' } } });
  const file = positionals[0];
  if (!file) {
    out.write('Usage: npm run kb -- eval FILE.jsonl [--verbose]\n');
    return 2;
  }
  const service = openService();
  const report = evaluate(parseEvalFile(readFileSync(file, 'utf8')), (question) => service.search(question, null, 5));
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  out.write(`questions:          ${report.onTopic} on-topic, ${report.offTopic} off-topic\n`);
  out.write(`top-1:              ${percent(report.top1)}\n`);
  out.write(`top-3:              ${percent(report.top3)}\n`);
  out.write(`off-topic rejected: ${percent(report.offTopicRejected)}\n`);
  if (values.verbose) {
    for (const miss of report.misses) out.write(`  miss: ${miss.q} → ${miss.got ?? 'no answer'} (${miss.score}), expected ${miss.expect ?? 'no answer'}\n`);
  }
  return 0;
}
