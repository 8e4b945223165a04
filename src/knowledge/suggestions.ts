import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Clock } from '../core/clock.js';
import { DAY_MS } from '../core/clock.js';
import { openDatabase, type Db } from '../db/index.js';
import { sqliteDatabase } from '../db/sql/dialect.js';
import { createKnowledgeStore } from './entry-store.js';
import { summarizeGroups } from './review.js';
import { createReviewStore, hasReviewTables, type Resolution } from './review-store.js';
import { wordingKey } from './wording.js';

/**
 * `npm run kb -- suggestions`: what members of every server asked that the shipped knowledge base
 * missed, for its maintainers. The same grouping as /kb review, across servers; resolved groups stay
 * in (a server's alias fixed it there, not in the shipped content). No member or server ids leave.
 */
interface SuggestionsReport {
  readonly generatedAt: string;
  readonly since: string | null;
  readonly servers: number;
  readonly groups: readonly SuggestionGroup[];
  /** Wordings moderators mapped to a shipped entry: candidates for its aliases. */
  readonly aliases: readonly SuggestedAlias[];
}

interface SuggestionGroup {
  readonly wordings: readonly { readonly text: string; readonly count: number }[];
  readonly asked: number;
  readonly misses: number;
  readonly nearMisses: number;
  readonly unhelpful: number;
  readonly servers: number;
  readonly members: number;
  /** Shipped or server entries the misses came closest to, most often first. */
  readonly closest: readonly string[];
  /** Answers voted "Not helpful" for these words. */
  readonly votedDown: readonly string[];
  /** How the servers' moderators dealt with it. */
  readonly resolved: Readonly<Record<Resolution | 'open', number>>;
  readonly firstAt: string;
  readonly lastAt: string;
}

interface SuggestedAlias {
  readonly wording: string;
  readonly entryId: string;
  readonly title: string;
  readonly servers: number;
}

/** How many signals the export reads at most (newest first). */
const SIGNAL_LIMIT = 50_000;

export async function suggestionsReport(db: Db, options: { now: Date; sinceDays?: number | undefined; limit?: number | undefined }): Promise<SuggestionsReport> {
  const reviews = createReviewStore(sqliteDatabase(db));
  const since = options.sinceDays === undefined ? null : new Date(options.now.getTime() - options.sinceDays * DAY_MS).toISOString();
  const signals = await reviews.allSignals(since ?? '', SIGNAL_LIMIT);
  const resolutionOf = new Map(signals.map((signal) => [signal.id, signal.resolution ?? ('open' as const)]));
  const shipped = new Map(
    createKnowledgeStore(db)
      .allEntries()
      .filter((stored) => stored.entry.guildId === undefined)
      .map((stored) => [stored.entry.id, stored.entry.title]),
  );

  const groups = summarizeGroups(signals)
    .slice(0, options.limit ?? Number.POSITIVE_INFINITY)
    .map((group): SuggestionGroup => {
      const resolved = { open: 0, alias: 0, entry: 0, dismissed: 0 };
      for (const id of group.signalIds) resolved[resolutionOf.get(id) ?? 'open'] += 1;
      return {
        wordings: group.wordings.map(({ text, count }) => ({ text, count })),
        asked: group.counts.total,
        misses: group.counts.miss,
        nearMisses: group.counts['near-miss'],
        unhelpful: group.counts.unhelpful,
        servers: group.servers,
        members: group.members,
        closest: group.closestIds,
        votedDown: group.unhelpfulIds,
        resolved,
        firstAt: group.firstAt,
        lastAt: group.lastAt,
      };
    });

  // The same words mapped to the same shipped entry in several servers are one suggestion.
  const aliases = new Map<string, { wording: string; entryId: string; title: string; servers: Set<string> }>();
  for (const alias of await reviews.allAliases()) {
    const title = shipped.get(alias.entryId);
    if (title === undefined) continue;
    const key = `${alias.entryId}\u0000${wordingKey(alias.phrase)}`;
    const seen = aliases.get(key) ?? { wording: alias.phrase, entryId: alias.entryId, title, servers: new Set<string>() };
    seen.servers.add(alias.guildId);
    aliases.set(key, seen);
  }
  return {
    generatedAt: options.now.toISOString(),
    since,
    servers: new Set(signals.map((signal) => signal.guildId)).size,
    groups,
    aliases: [...aliases.values()]
      .map(({ servers, ...alias }) => ({ ...alias, servers: servers.size }))
      .sort((a, b) => b.servers - a.servers || a.entryId.localeCompare(b.entryId) || a.wording.localeCompare(b.wording)),
  };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The report for a person: one block per group, then the aliases. */
export function suggestionsText(report: SuggestionsReport): string {
  const lines = [
    `What members asked that the knowledge base missed${report.since ? ` since ${report.since.slice(0, 10)}` : ''}: ${plural(report.groups.length, 'group')} from ${plural(report.servers, 'server')}.`,
  ];
  if (report.groups.length === 0) lines.push('Nothing yet: misses, near misses and "Not helpful" votes are recorded as members use /ask in servers.');
  for (const group of report.groups) {
    const [first, ...others] = group.wordings;
    const how = [
      group.misses ? `${group.misses} without an answer` : '',
      group.nearMisses ? plural(group.nearMisses, 'near miss', 'near misses') : '',
      group.unhelpful ? `${group.unhelpful} voted "Not helpful"` : '',
    ].filter(Boolean);
    const dealt = (['alias', 'entry', 'dismissed'] as const).filter((kind) => group.resolved[kind] > 0).map((kind) => `${group.resolved[kind]} ${kind === 'entry' ? 'drafted' : kind === 'alias' ? 'aliased' : 'dismissed'}`);
    lines.push('');
    lines.push(`${String(group.asked).padStart(4)}×  "${first?.text ?? ''}"${others.length > 0 ? ` (+${plural(others.length, 'other wording')})` : ''}`);
    lines.push(`       ${how.join(', ')} · ${plural(group.servers, 'server')}, ${plural(group.members, 'member')} · last ${group.lastAt.slice(0, 10)}`);
    if (group.closest.length > 0) lines.push(`       closest: ${group.closest.slice(0, 3).join(', ')}`);
    if (group.votedDown.length > 0) lines.push(`       voted down: ${group.votedDown.slice(0, 3).join(', ')}`);
    if (dealt.length > 0) lines.push(`       moderators: ${dealt.join(', ')}`);
  }
  if (report.aliases.length > 0) {
    lines.push('', 'Aliases moderators added to shipped entries (candidates for their aliases):');
    for (const alias of report.aliases) lines.push(`  "${alias.wording}" → ${alias.entryId} (${plural(alias.servers, 'server')})`);
  }
  return `${lines.join('\n')}\n`;
}

const USAGE = `Usage: npm run kb -- suggestions [--json] [--since DAYS] [--limit N] [--db PATH]
  What members asked that the shipped knowledge base missed, across every server: questions /ask
  could not answer, near misses and "Not helpful" votes, grouped by similar wording, and the aliases
  moderators added with /kb review. --json prints one JSON object (for tools); --since keeps the last
  DAYS days; --limit keeps the N largest groups.
`;

const positive = (text: string | undefined): number | undefined | null => {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : null;
};

/** `databasePath` is read only without --db (it reads the bot's configuration). */
export async function runSuggestions(argv: string[], databasePath: () => string, out: Pick<NodeJS.WritableStream, 'write'>, clock: Clock): Promise<number> {
  let values: { json?: boolean | undefined; since?: string | undefined; limit?: string | undefined; db?: string | undefined; help?: boolean | undefined };
  try {
    values = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, since: { type: 'string' }, limit: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (error) {
    out.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const sinceDays = positive(values.since);
  const limit = positive(values.limit);
  if (sinceDays === null || limit === null) {
    out.write(`--since and --limit take a whole number above 0\n${USAGE}`);
    return 2;
  }
  const path = values.db ?? databasePath();
  if (!existsSync(path)) {
    out.write(`There is no database at ${path}. Set DATABASE_PATH (or --db) to the bot's database.\n`);
    return 1;
  }
  const db = openDatabase(path);
  try {
    if (!hasReviewTables(db)) {
      out.write('This database predates /kb review: start the bot once on it (it applies its migrations), then try again.\n');
      return 1;
    }
    const report = await suggestionsReport(db, { now: clock.now(), sinceDays, limit });
    out.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : suggestionsText(report));
    return 0;
  } finally {
    db.close();
  }
}
