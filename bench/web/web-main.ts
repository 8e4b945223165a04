import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Poster } from '../../src/core/poster.js';
import { createKnowledgeService } from '../../src/knowledge/service.js';
import { createQaService } from '../../src/qa/service.js';
import { buildWebApp } from '../../src/web/server.js';
import { createWebService } from '../../src/web/service.js';
import { sitemapFileName } from '../../src/web/render/sitemap.js';
import { siteUrls } from '../../src/web/urls.js';
import type { WebPageKind, WebResult } from '../report/results.js';
import Database from 'better-sqlite3';
import { migrate } from '../../src/db/index.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { summarize, type Summary } from '../support/percentiles.js';
import { seedWebCorpus, WEB_GUILD_ID, WEB_SLUG } from './web-corpus.js';

// Scenario 5 in its own process: the community site over real HTTP (keep-alive, one request at a
// time), each page kind alternating with the site's stylesheet, a static file served by the same
// fastify app. Prints one JSON line.

const QUESTIONS = 100_000;
const ENTRIES = 1_000;
const ASKS = 100_000;
const VOTES = 50_000;
const requests = Number(process.argv[2] ?? 2_000);
// Plain words, then what members type that FTS5 would read as syntax: quotes (closed or not),
// operators, prefixes, column filters, NEAR, brackets and lone symbols.
const SEARCHES = [
  'hiring',
  'technical debt',
  'first 90 days as cto',
  '"on-call" rota burnout',
  'board AND meeting',
  'layoffs',
  'remote team culture',
  'cloud costs OR budget',
  '"unclosed quote about hiring',
  'NOT hiring',
  'hire* -contractor +budget',
  'NEAR(board meeting, 3)',
  'question:salary',
  '((( ^ * "',
];

function raise(message: string): never {
  throw new Error(message);
}

const noPoster = new Proxy({} as Poster, { get: () => () => Promise.reject(new Error('the web benchmark posts nothing')) });

// Seeded afresh each run (one transaction, about half a minute): its time is part of the report.
const db = new Database(':memory:');
db.pragma('foreign_keys = ON');
migrate(db);
const seedStarted = performance.now();
seedWebCorpus(db, { questions: QUESTIONS, entries: ENTRIES, asks: ASKS, votes: VOTES });
const seedMs = performance.now() - seedStarted;
process.stderr.write(`seeded in ${Math.round(seedMs)} ms\n`);
const knowledge = createKnowledgeService({ db, clock: systemClock, logger: silentLogger });
const qa = createQaService({ db, clock: systemClock, logger: silentLogger, poster: noPoster, knowledge });
const site = createWebService({ database: sqliteDatabase(db), clock: systemClock, qa, knowledge });
const app = buildWebApp({ archive: site.archive, baseUrl: () => 'http://127.0.0.1', prefix: '', logger: silentLogger });

// Server time: from fastify receiving the request to the reply being sent.
const serverMs = new Map<string, number>();
app.addHook('onResponse', async (request, reply) => {
  serverMs.set(String(request.headers['x-bench-id']), reply.elapsedTime);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// Canonical addresses (with their words), as the site's own links give them: no redirect in the way.
const urls = siteUrls('http://127.0.0.1');
const published = db
  .prepare<[string], { number: number; text: string }>("SELECT number, text FROM qa_questions WHERE guild_id = ? AND status = 'answered' ORDER BY number")
  .all(WEB_GUILD_ID)
  .map((row) => urls.question(WEB_SLUG, row.number, row.text));
const sitemapFiles = (await site.archive.sitemapFiles((await site.archive.site(WEB_SLUG)) ?? raise('the bench site is not enabled'))).map((file) => urls.sitemapFile(WEB_SLUG, sitemapFileName(file)));
const sitemaps = ['/sitemap.xml', urls.sitemap(WEB_SLUG), ...sitemapFiles];
const kinds: Record<WebPageKind, (index: number) => string> = {
  // Mostly the newest; one in five a page of older or newer questions from anywhere in the list.
  home: (index) => urls.home(WEB_SLUG, index % 5 !== 0 ? {} : index % 10 === 0 ? { before: 100 + ((index * 7919) % (QUESTIONS - 100)) } : { after: (index * 7919) % (QUESTIONS - 100) }),
  question: (index) => published[(index * 7919) % published.length] ?? '/',
  entry: (index) => `/c/${WEB_SLUG}/kb/community-${1 + ((index * 31) % ENTRIES)}`,
  search: (index) => `/c/${WEB_SLUG}/search?q=${encodeURIComponent(SEARCHES[index % SEARCHES.length] ?? '')}`,
  sitemap: (index) => sitemaps[index % sitemaps.length] ?? '/sitemap.xml',
};

let sequence = 0;
async function timed(path: string): Promise<{ clientMs: number; serverMs: number; bytes: number; status: number }> {
  const id = String((sequence += 1));
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, { headers: { 'x-bench-id': id } });
  const body = await response.text();
  const clientMs = performance.now() - started;
  return { clientMs, serverMs: serverMs.get(id) ?? Number.NaN, bytes: Buffer.byteLength(body), status: response.status };
}

const result: Partial<Record<WebPageKind | 'static', { client: number[]; server: number[]; maxBytes: number; failures: number }>> = {};
const record = (kind: WebPageKind | 'static', sample: Awaited<ReturnType<typeof timed>>) => {
  const entry = (result[kind] ??= { client: [], server: [], maxBytes: 0, failures: 0 });
  entry.client.push(sample.clientMs);
  if (!Number.isNaN(sample.serverMs)) entry.server.push(sample.serverMs);
  entry.maxBytes = Math.max(entry.maxBytes, sample.bytes);
  if (sample.status !== 200) entry.failures += 1;
};

// The sitemaps at full size, read once before timing: every file within the protocol's 50,000
// addresses, and together every published question exactly once.
const sitemapCheck = { files: sitemapFiles.length, addresses: 0, largestFile: 0 };
{
  const listed = new Set<string>();
  for (const file of sitemapFiles) {
    const body = await (await fetch(`${origin}${file}`)).text();
    const locs = [...body.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1] ?? '');
    sitemapCheck.largestFile = Math.max(sitemapCheck.largestFile, locs.length);
    sitemapCheck.addresses += locs.length;
    for (const loc of locs) if (loc.includes('/q/')) listed.add(new URL(loc).pathname);
  }
  if (sitemapCheck.largestFile > 50_000) raise(`a sitemap file lists ${sitemapCheck.largestFile} addresses`);
  if (listed.size !== published.length || published.some((path) => !listed.has(path))) raise(`the sitemaps list ${listed.size} questions of ${published.length} published`);
}

// A warm-up pass (JIT, SQLite's page cache), then the measured one.
for (const path of Object.values(kinds)) for (let index = 0; index < 50; index += 1) await timed(path(index));
for (let index = 0; index < requests; index += 1) {
  for (const [kind, path] of Object.entries(kinds) as [WebPageKind, (index: number) => string][]) {
    record(kind, await timed(path(index)));
    record('static', await timed('/assets/site.css'));
  }
}
await app.close();
db.close();

const figures = (samples: { client: number[]; server: number[]; maxBytes: number; failures: number } | undefined) => ({
  clientMs: summarize(samples?.client ?? []) as Summary,
  serverMs: summarize(samples?.server ?? []) as Summary,
  maxBytes: samples?.maxBytes ?? 0,
  failures: samples?.failures ?? 0,
});
const web: WebResult = {
  status: 'ok',
  questions: QUESTIONS,
  published: published.length,
  entries: ENTRIES,
  asks: ASKS,
  votes: VOTES,
  seedMs: Math.round(seedMs),
  sitemaps: sitemapCheck,
  pages: { home: figures(result.home), question: figures(result.question), entry: figures(result.entry), search: figures(result.search), sitemap: figures(result.sitemap) },
  static: figures(result.static),
};
process.stdout.write(`${JSON.stringify({ web })}\n`);
