import type { BenchResult, TargetCheck } from './results.js';

type Scenarios = BenchResult['scenarios'];

const times = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)}×`);

/** The targets, each checked against this run (null: not measured). */
export function checkTargets(scenarios: Scenarios): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { interactions, ask, fanout, search, memory, web, hosts } = scenarios;

  const ratio = interactions.status === 'ok' ? interactions.ratio.p99 : null;
  checks.push({
    name: 'interactions',
    target: `bot p99 ≤ 1.5 × baseline p99 at ${interactions.status === 'ok' ? interactions.rate : 200}/s`,
    actual: interactions.status === 'ok' ? `${times(ratio)} (${interactions.bot.fixed.all.latencyMs?.p99 ?? '–'} vs ${interactions.baseline.fixed.all.latencyMs?.p99 ?? '–'} ms)` : interactions.reason,
    met: ratio === null ? null : ratio <= 1.5,
  });

  const askCpu = ask.status === 'ok' ? { bot: ask.bot.fixed.cpuMsPerInteraction?.subject, fuse: ask.fuse.fixed.cpuMsPerInteraction?.subject } : null;
  checks.push({
    name: '/ask CPU',
    target: 'bot CPU per /ask ≤ the fuse.js tag bot\'s',
    actual: ask.status === 'ok' ? `${askCpu?.bot ?? '–'} vs ${askCpu?.fuse ?? '–'} ms` : ask.reason,
    met: askCpu?.bot === undefined || askCpu.fuse === undefined ? null : askCpu.bot <= askCpu.fuse,
  });

  if (fanout.status === 'ok') {
    const { bot } = fanout;
    const clean = bot.duplicates === 0 && bot.missing === 0 && bot.violations.global + bot.violations.route === 0;
    checks.push({
      name: 'fan-out',
      target: '≥ 90% of the emulated limit, 0 duplicates, 0 missing, 0 violations',
      actual: `${Math.round(fanout.efficiency * 100)}% (${bot.rate}/s of ${fanout.globalLimit}), ${bot.duplicates} dup, ${bot.missing} missing, ${bot.violations.global + bot.violations.route} violations`,
      met: clean && fanout.efficiency >= 0.9,
    });
  } else checks.push({ name: 'fan-out', target: '≥ 90% of the emulated limit, 0 duplicates, 0 missing, 0 violations', actual: fanout.reason, met: null });

  const searchCheck = (name: string, which: 'knowledge' | 'questions', limitUs: number, corpus: string) => {
    const result = search.status === 'ok' ? search[which] : search;
    checks.push({
      name,
      target: `p99 < ${limitUs / 1000} ms over ${corpus}`,
      actual: result.status === 'ok' ? `${(result.search.us.p99 / 1000).toFixed(2)} ms (${result.corpus} entries)` : result.reason,
      met: result.status === 'ok' ? result.search.us.p99 < limitUs : null,
    });
  };
  searchCheck('knowledge search', 'knowledge', 1_000, '1,000 entries');
  searchCheck('question search', 'questions', 5_000, '100,000 questions');

  const largest = memory.status === 'ok' ? memory.points.find((point) => point.servers === 10_000) : undefined;
  checks.push({
    name: 'memory',
    target: 'bot RSS ≤ 200 MB at 10,000 servers (median login)',
    actual: largest ? `${largest.bot.rssMb} MB (peak ${largest.bot.peakRssMb} MB; bare discord.js ${largest.baseline.rssMb} MB)` : memory.status === 'ok' ? 'not measured' : memory.reason,
    met: largest ? largest.bot.rssMb <= 200 : null,
  });

  const slowest = web.status === 'ok' ? Object.entries(web.pages).sort(([, a], [, b]) => b.serverMs.p99 - a.serverMs.p99)[0] : undefined;
  checks.push({
    name: 'community site',
    target: 'every page p99 < 50 ms server time at 1,000 entries and 100,000 questions',
    actual: web.status === 'ok' && slowest ? `slowest ${slowest[0]} ${slowest[1].serverMs.p99} ms (static file ${web.static.serverMs.p99} ms)` : web.status === 'ok' ? 'not measured' : web.reason,
    met: web.status === 'ok' && slowest ? slowest[1].serverMs.p99 < 50 && Object.values(web.pages).every((page) => page.failures === 0) : null,
  });
  const hostsTarget = 'exactly one tip per server, 0 global violations, over all hosts together';
  if (hosts.status === 'ok') {
    const { fanout: run } = hosts;
    checks.push({
      name: 'several hosts',
      target: hostsTarget,
      actual: `${hosts.hosts} hosts: ${run.posted} of ${hosts.servers} posted, ${run.duplicates} dup, ${run.missing} missing, ${run.violations.global} global violations (${Math.round(hosts.efficiency * 100)}% of the limit)`,
      met: run.duplicates === 0 && run.missing === 0 && run.violations.global === 0,
    });
  } else checks.push({ name: 'several hosts', target: hostsTarget, actual: hosts.reason, met: null });
  return checks;
}
