import type { KindResult } from '../load/plan.js';
import type { AskResult, BenchResult, FanoutResult, HostsResult, InteractionsResult, MemoryResult, NotRun, SearchCorpusResult, SearchResult, TargetCheck, WebResult, WebTimings } from './results.js';
import { count, figure, renderTable, seconds } from './table.js';

const notRun = (title: string, result: NotRun): string => `${title}\n  ${result.status}: ${result.reason}`;

function latencyCells(kind: KindResult | undefined): string[] {
  const latency = kind?.latencyMs;
  return [figure(latency?.p50), figure(latency?.p95), figure(latency?.p99), count(kind?.errors ?? 0)];
}

function interactionsSection(result: InteractionsResult): string {
  const labels = [...result.kinds, 'all'];
  const kindOf = (load: InteractionsResult['bot'], label: string) => (label === 'all' ? load.fixed.all : load.fixed.byKind[label]);
  const rows = labels.map((label) => [label, ...latencyCells(kindOf(result.bot, label)), ...latencyCells(kindOf(result.baseline, label))]);
  const cpu = (load: InteractionsResult['bot']) => load.fixed.cpuMsPerInteraction;
  const lines = [
    `1. Interactions: ${result.rate}/s for ${seconds(result.durationMs)} each, bot and bare discord.js taking turns — dispatch → first callback, ms`,
    renderTable(['', 'bot p50', 'p95', 'p99', 'errors', 'baseline p50', 'p95', 'p99', 'errors'], rows),
    `   bot ÷ baseline: p50 ${figure(result.ratio.p50, 2)}×, p99 ${figure(result.ratio.p99, 2)}×   throughput: bot ${figure(result.bot.fixed.throughput)}/s, baseline ${figure(result.baseline.fixed.throughput)}/s`,
    `   highest rate with p99 < ${result.p99LimitMs} ms: bot ${result.bot.maxRate === null ? 'none tried' : `${count(result.bot.maxRate)}/s`}, baseline ${result.baseline.maxRate === null ? 'none tried' : `${count(result.baseline.maxRate)}/s`}` +
      ` (steps: bot ${result.bot.steps.map((step) => `${step.rate}${step.passed ? '✓' : '✗'}`).join(' ')}; baseline ${result.baseline.steps.map((step) => `${step.rate}${step.passed ? '✓' : '✗'}`).join(' ')})`,
  ];
  const botCpu = cpu(result.bot);
  const baseCpu = cpu(result.baseline);
  if (botCpu && baseCpu) lines.push(`   CPU per interaction: bot ${figure(botCpu.subject, 2)} ms, baseline ${figure(baseCpu.subject, 2)} ms (their emulators ${figure(botCpu.emulator, 2)} / ${figure(baseCpu.emulator, 2)} ms)`);
  for (const skipped of result.skipped) lines.push(`   skipped ${skipped.label}: ${skipped.reason}`);
  return lines.join('\n');
}

function askSection(result: AskResult): string {
  const row = (name: string, load: AskResult['bot']) => {
    const latency = load.fixed.all.latencyMs;
    return [name, figure(load.fixed.cpuMsPerInteraction?.subject, 2), figure(latency?.p50), figure(latency?.p99), count(load.fixed.all.errors)];
  };
  return [
    `1b. /ask alone: ${result.rate}/s for ${seconds(result.durationMs)} each, the same member questions, bot and fuse.js tag bot over the same entries taking turns`,
    renderTable(['', 'CPU ms per /ask', 'p50 ms', 'p99 ms', 'errors'], [row('bot', result.bot), row('fuse.js tag bot', result.fuse)]),
    '   answer quality of both on the same entries: npm run kb -- eval',
  ].join('\n');
}

function fanoutSection(result: FanoutResult): string {
  const row = (name: string, run: FanoutResult['baseline']) => [name, seconds(run.wallMs), `${count(run.rate)}/s`, count(run.posted), count(run.duplicates), count(run.missing), count(run.violations.global + run.violations.route), count(run.rateLimited)];
  return [
    `2. Tip fan-out: ${count(result.servers)} servers due at once, emulator global limit ${result.globalLimit}/s — ideal ${seconds(result.idealMs)}`,
    renderTable(['', 'wall', 'rate', 'posted', 'duplicates', 'missing', 'violations', '429s'], [row('bot (tip tick)', result.bot), row('baseline (bare REST loop)', result.baseline)]),
    `   bot at ${Math.round(result.efficiency * 100)}% of the limit; tick: ${Object.entries(result.bot.tick).map(([key, value]) => `${key} ${value}`).join(', ')}`,
  ].join('\n');
}

function searchSection(result: SearchResult): string {
  const row = (name: string, corpus: SearchCorpusResult | NotRun) =>
    corpus.status === 'ok'
      ? [`${name}, ${count(corpus.corpus)}`, figure(corpus.search.us.p50, 0), figure(corpus.search.us.p99, 0), figure(corpus.baseline.us.p50, 0), figure(corpus.baseline.us.p99, 0), count(corpus.search.queries)]
      : [name, corpus.status, '', '', '', ''];
  const notes = [result.knowledge, result.questions].flatMap((corpus) => (corpus.status === 'ok' ? [] : [`   ${corpus.reason}`]));
  return [
    '3. Search — µs per query (floor: the bare SQLite FTS5 query over the same index)',
    renderTable(['corpus', 'p50', 'p99', 'floor p50', 'floor p99', 'queries'], [row('knowledge base', result.knowledge), row('community questions', result.questions)]),
    ...notes,
  ].join('\n');
}

function memorySection(result: MemoryResult): string {
  const rows = result.points.map((point) => [
    count(point.servers),
    seconds(point.bot.readyMs),
    figure(point.bot.rssMb),
    figure(point.bot.peakRssMb),
    seconds(point.baseline.readyMs),
    figure(point.baseline.rssMb),
    figure(point.baseline.peakRssMb),
  ]);
  const spread = (runs: readonly number[] | undefined) => (runs && runs.length > 1 ? `${figure(Math.min(...runs))}–${figure(Math.max(...runs))}` : null);
  const spreads = result.points.flatMap((point) => {
    const bot = spread(point.botRssMb);
    const baseline = spread(point.baselineRssMb);
    return bot && baseline ? [`   RSS at ${count(point.servers)} over ${point.botRssMb?.length ?? 0} logins each (median above): bot ${bot}, baseline ${baseline}`] : [];
  });
  const heaps = result.points.flatMap((point) =>
    point.bot.heap ? [`   bot at ${count(point.servers)}: V8 heap ${figure(point.bot.heap.heapUsedMb)} MB used of ${figure(point.bot.heap.heapTotalMb)} MB, external ${figure(point.bot.heap.externalMb)} MB; the rest of RSS is code and native memory`] : [],
  );
  return [
    `4. Memory and start-up: each server ${result.channelsPerServer} channels and ${result.rolesPerServer} roles; the bot process alone, MB`,
    renderTable(['servers', 'bot ready', 'RSS', 'peak', 'baseline ready', 'RSS', 'peak'], rows),
    ...spreads,
    ...heaps,
    ...(result.botNodeFlags?.length ? [`   the bot runs with ${result.botNodeFlags.join(' ')} (npm start); the baseline on Node.js defaults`] : []),
  ].join('\n');
}

function webSection(result: WebResult): string {
  const row = (name: string, run: WebTimings) => [name, figure(run.serverMs.p50, 2), figure(run.serverMs.p99, 2), figure(run.clientMs.p50, 2), figure(run.clientMs.p99, 2), count(Math.round(run.maxBytes / 1024)), count(run.failures)];
  return [
    `5. Community site — ms per request over local HTTP, ${count(result.questions)} questions (${count(result.published)} published), ${count(result.entries)} entries, ${count(result.asks)} /ask hits and ${count(result.votes)} upvotes in one server (seeded in ${figure(result.seedMs / 1000, 1)} s); static: its stylesheet from the same app`,
    renderTable(['page', 'server p50', 'server p99', 'client p50', 'client p99', 'max KB', 'non-200'], [
      row('home', result.pages.home),
      row('question', result.pages.question),
      row('entry', result.pages.entry),
      row('search', result.pages.search),
      row('sitemap', result.pages.sitemap),
      row('static file', result.static),
    ]),
    `   sitemaps: ${count(result.sitemaps.files)} files, ${count(result.sitemaps.addresses)} addresses, at most ${count(result.sitemaps.largestFile)} in one (the protocol allows 50,000)`,
  ].join('\n');
}

function hostsSection(result: HostsResult): string {
  const { fanout, interactions } = result;
  const rows = result.perHost.map((host, index) => [`host ${index}`, host.shards.join(','), count(host.servers), seconds(host.readyMs), figure(host.rssMb)]);
  const latency = interactions.all.latencyMs;
  return [
    `6. Several hosts: ${result.hosts} hosts (${result.shardCount} shards) behind one REST proxy on ${result.database}, Discord's global limit ${result.globalLimit}/s`,
    `   tip fan-out to ${count(result.servers)} servers: ${seconds(fanout.wallMs)} (ideal ${seconds(result.idealMs)}), ${figure(fanout.rate)}/s = ${Math.round(result.efficiency * 100)}% of the limit;` +
      ` ${count(fanout.posted)} posted, ${count(fanout.duplicates)} duplicates, ${count(fanout.missing)} missing, ${count(fanout.violations.global)} global and ${count(fanout.violations.route)} route violations, ${count(fanout.rateLimited)} 429s`,
    `   then the interaction mix at ${interactions.rate}/s, the hosts taking turns: p50 ${figure(latency?.p50)} ms, p99 ${figure(latency?.p99)} ms (dispatch → first callback), ${count(interactions.all.errors)} errors`,
    renderTable(['', 'shards', 'servers', 'ready', 'RSS MB (manager + shards)'], rows),
  ].join('\n');
}

function targetsSection(targets: readonly TargetCheck[]): string {
  const mark = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'MISSED');
  return ['Targets', renderTable(['', 'target', 'this run', ''], targets.map((check) => [check.name, check.target, check.actual, mark(check.met)]), ['left', 'left', 'left', 'left'])].join('\n');
}

/** The whole run as text: one section per scenario, then the targets. */
export function formatReport(result: BenchResult): string {
  const { interactions, ask, fanout, search, memory, web, hosts } = result.scenarios;
  const { machine } = result;
  return [
    `CTO Mentor benchmark — ${result.mode} run of ${result.startedAt}, ${seconds(result.durationMs)}; Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB`,
    interactions.status === 'ok' ? interactionsSection(interactions) : notRun('1. Interactions', interactions),
    ask.status === 'ok' ? askSection(ask) : notRun('1b. /ask alone', ask),
    fanout.status === 'ok' ? fanoutSection(fanout) : notRun('2. Tip fan-out', fanout),
    search.status === 'ok' ? searchSection(search) : notRun('3. Search', search),
    memory.status === 'ok' ? memorySection(memory) : notRun('4. Memory and start-up', memory),
    web.status === 'ok' ? webSection(web) : notRun('5. Community site', web),
    hosts.status === 'ok' ? hostsSection(hosts) : notRun('6. Several hosts', hosts),
    targetsSection(result.targets),
  ].join('\n\n');
}
