import { describe, expect, it } from 'vitest';
import type { PhaseResult } from '../../bench/load/plan.js';
import { stepOf } from '../../bench/load/step-search.js';
import { formatReport } from '../../bench/report/format.js';
import type { BenchResult } from '../../bench/report/results.js';
import { checkTargets } from '../../bench/report/targets.js';
import { summarize } from '../../bench/support/percentiles.js';

const latency = (p50: number, p99: number) => ({ count: 100, p50, p95: p99, p99, max: p99, mean: p50 });
const kind = (p50: number, p99: number) => ({ sent: 100, acknowledged: 100, errors: 0, errorSamples: [], latencyMs: latency(p50, p99) });

function phase(p50: number, p99: number): PhaseResult {
  return { rate: 200, durationMs: 5_000, throughput: 199.5, maxSendLagMs: 3, cpuMsPerInteraction: { subject: 2, emulator: 2.5 }, all: kind(p50, p99), byKind: { '/ask': kind(p50, p99) } };
}

const scenarios: BenchResult['scenarios'] = {
  interactions: {
    status: 'ok',
    rate: 200,
    durationMs: 5_000,
    p99LimitMs: 100,
    kinds: ['/ask'],
    skipped: [],
    bot: { readyMs: 3_000, fixed: phase(4, 30), steps: [{ rate: 200, p99Ms: 30, errors: 0, maxSendLagMs: 3, passed: true }], maxRate: 200 },
    baseline: { readyMs: 2_000, fixed: phase(2, 15), steps: [], maxRate: 400 },
    ratio: { p50: 2, p99: 2 },
  },
  ask: {
    status: 'ok',
    rate: 50,
    durationMs: 5_000,
    bot: { readyMs: 3_000, fixed: phase(4, 30), steps: [], maxRate: null },
    fuse: { readyMs: 1_000, fixed: { ...phase(9, 80), cpuMsPerInteraction: { subject: 11, emulator: 2.5 } }, steps: [], maxRate: null },
  },
  fanout: {
    status: 'ok',
    servers: 1_000,
    globalLimit: 500,
    idealMs: 2_000,
    bot: { wallMs: 2_100, posted: 1_000, rate: 476, duplicates: 0, missing: 0, violations: { global: 0, route: 0 }, rateLimited: 0, tick: { due: 1_000, posted: 1_000 } },
    baseline: { wallMs: 2_000, posted: 1_000, rate: 500, duplicates: 0, missing: 0, violations: { global: 0, route: 0 }, rateLimited: 0 },
    efficiency: 0.952,
  },
  search: {
    status: 'ok',
    knowledge: { status: 'ok', corpus: 1_000, search: { us: latency(400, 900), queries: 300 }, baseline: { us: latency(300, 700), queries: 300 } },
    questions: { status: 'skipped', reason: 'no community-question search yet' },
  },
  memory: { status: 'failed', reason: 'the emulator did not start' },
  web: {
    status: 'ok',
    questions: 100_000,
    published: 50_000,
    entries: 1_000,
    asks: 100_000,
    votes: 50_000,
    seedMs: 25_400,
    sitemaps: { files: 11, addresses: 51_001, largestFile: 5_000 },
    pages: {
      home: { serverMs: latency(2, 8), clientMs: latency(3, 9), maxBytes: 20_000, failures: 0 },
      question: { serverMs: latency(1, 4), clientMs: latency(2, 5), maxBytes: 30_000, failures: 0 },
      entry: { serverMs: latency(1, 3), clientMs: latency(2, 4), maxBytes: 10_000, failures: 0 },
      search: { serverMs: latency(5, 61), clientMs: latency(6, 62), maxBytes: 12_000, failures: 0 },
      sitemap: { serverMs: latency(4, 20), clientMs: latency(5, 22), maxBytes: 900_000, failures: 0 },
    },
    static: { serverMs: latency(0.1, 0.4), clientMs: latency(0.5, 1), maxBytes: 2_900, failures: 0 },
  },
  hosts: {
    status: 'ok',
    hosts: 2,
    shardCount: 2,
    servers: 2_000,
    database: 'one SQLite file',
    globalLimit: 50,
    idealMs: 40_000,
    fanout: { wallMs: 42_000, posted: 1_999, rate: 47.6, duplicates: 0, missing: 1, violations: { global: 0, route: 0 }, rateLimited: 0, tick: { due: 2_000, posted: 1_999 } },
    efficiency: 0.952,
    interactions: { ...phase(5, 40), rate: 40 },
    perHost: [
      { shards: [0], servers: 1_010, readyMs: 9_000, rssMb: 120.5 },
      { shards: [1], servers: 990, readyMs: 9_500, rssMb: 118.2 },
    ],
  },
};

const result: BenchResult = {
  version: 1,
  mode: 'quick',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 50_000,
  machine: { node: 'v20', platform: 'linux/x64', cpus: 2, cpuModel: 'test', memoryGb: 8 },
  scenarios,
  targets: checkTargets(scenarios),
};

describe('bench percentiles', () => {
  it('GIVEN a sample THEN p50/p95/p99 are nearest-rank values of it', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(summarize(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(summarize([])).toBeNull();
  });
});

describe('bench targets', () => {
  it('GIVEN figures on either side of each target THEN each is met, missed, or not measured', () => {
    const met = Object.fromEntries(result.targets.map((check) => [check.name, check.met]));
    expect(met).toEqual({ interactions: false, '/ask CPU': true, 'fan-out': true, 'knowledge search': true, 'question search': null, memory: null, 'community site': false, 'several hosts': false });
    expect(result.targets.find((check) => check.name === 'community site')?.actual).toBe('slowest search 61 ms (static file 0.4 ms)');
  });

  it('GIVEN a phase THEN a rate counts as sustained only with p99 under the limit, no errors and a driver that kept up', () => {
    expect(stepOf(phase(4, 30), 100).passed).toBe(true);
    expect(stepOf(phase(4, 130), 100).passed).toBe(false);
    expect(stepOf({ ...phase(4, 30), maxSendLagMs: 500 }, 100).passed).toBe(false);
    expect(stepOf({ ...phase(4, 30), all: { ...kind(4, 30), errors: 1 } }, 100).passed).toBe(false);
  });
});

describe('bench report', () => {
  it('GIVEN a run THEN the table has every scenario, the ratios, what did not run and why, and the targets', () => {
    const text = formatReport(result);
    expect(text).toContain('1. Interactions: 200/s');
    expect(text).toContain('bot ÷ baseline: p50 2.00×, p99 2.00×');
    expect(text).toContain('highest rate with p99 < 100 ms: bot 200/s, baseline 400/s');
    expect(text).toContain('bot at 95% of the limit');
    expect(text).toMatch(/fuse\.js tag bot\s+11\.00\s+9\.0*\s+80/);
    expect(text).toContain('knowledge base, 1,000');
    expect(text).toContain('no community-question search yet');
    expect(text).toContain('4. Memory and start-up\n  failed: the emulator did not start');
    expect(text).toContain('100,000 /ask hits and 50,000 upvotes in one server (seeded in 25.4 s)');
    expect(text).toMatch(/sitemap\s+4\.00\s+20\.00/);
    expect(text).toContain('sitemaps: 11 files, 51,001 addresses, at most 5,000 in one');
    expect(text).toContain('6. Several hosts: 2 hosts (2 shards) behind one REST proxy on one SQLite file');
    expect(text).toContain('2,000 servers: 42.0 s (ideal 40.0 s), 47.6/s = 95% of the limit; 1,999 posted, 0 duplicates, 1 missing');
    expect(text).toContain('interaction mix at 40/s, the hosts taking turns: p50 5.0 ms, p99 40.0 ms (dispatch → first callback), 0 errors');
    expect(text).toMatch(/host 1\s+1\s+990\s+9\.5 s\s+118\.2\n/);
    expect(text).toMatch(/interactions\s+bot p99 ≤ 1.5 × baseline p99 at 200\/s\s+2.00× \(30 vs 15 ms\)\s+MISSED/);
  });
});
