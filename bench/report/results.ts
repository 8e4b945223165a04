import type { PhaseResult, TargetLoad } from '../load/plan.js';
import type { HeapMetrics } from '../processes/heap-metrics.js';
import type { Summary } from '../support/percentiles.js';

/** A scenario that did not run: its feature does not exist yet, or it failed. */
export interface NotRun {
  readonly status: 'skipped' | 'failed';
  readonly reason: string;
}

export interface SubjectLoad extends TargetLoad {
  /** Spawn → ready, ms. */
  readonly readyMs: number;
}

export interface InteractionsResult {
  readonly status: 'ok';
  readonly rate: number;
  readonly durationMs: number;
  readonly p99LimitMs: number;
  readonly kinds: readonly string[];
  readonly skipped: readonly { label: string; reason: string }[];
  readonly bot: SubjectLoad;
  readonly baseline: SubjectLoad;
  /** bot ÷ baseline over all kinds at the fixed rate. */
  readonly ratio: { readonly p50: number | null; readonly p99: number | null };
}

/** /ask alone against the bot and the fuse.js tag bot over the same entries. */
export interface AskResult {
  readonly status: 'ok';
  readonly rate: number;
  readonly durationMs: number;
  readonly bot: SubjectLoad;
  readonly fuse: SubjectLoad;
}

export interface FanoutRun {
  /** The bot's tick (or the bare loop) from start to its last post, ms. */
  readonly wallMs: number;
  readonly posted: number;
  /** Messages per second over the wall time. */
  readonly rate: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly violations: { readonly global: number; readonly route: number };
  /** 429 answers (a client that waits as told gets none). */
  readonly rateLimited: number;
}

export interface FanoutResult {
  readonly status: 'ok';
  readonly servers: number;
  readonly globalLimit: number;
  /** N ÷ limit, ms. */
  readonly idealMs: number;
  readonly bot: FanoutRun & { readonly tick: Readonly<Record<string, number>> };
  /** A bare @discordjs/rest loop posting the same messages with the same limit. */
  readonly baseline: FanoutRun;
  /** bot rate ÷ limit. */
  readonly efficiency: number;
}

/** One host of the hosts scenario. */
export interface HostRun {
  readonly shards: readonly number[];
  /** Servers its shards hold. */
  readonly servers: number;
  /** Spawn → its manager's `ready`, ms. */
  readonly readyMs: number;
  /** Its manager and shard processes together, after the fan-out, MB. */
  readonly rssMb: number;
}

/** N hosts behind one REST proxy on one database, at Discord's global limit. */
export interface HostsResult {
  readonly status: 'ok';
  readonly hosts: number;
  readonly shardCount: number;
  readonly servers: number;
  /** What the hosts share: one SQLite file, or PostgreSQL. */
  readonly database: string;
  readonly globalLimit: number;
  /** servers ÷ limit, ms. */
  readonly idealMs: number;
  readonly fanout: FanoutRun & { readonly tick: Readonly<Record<string, number>> };
  /** fan-out rate ÷ limit. */
  readonly efficiency: number;
  /** The interaction mix in one server of each host, the hosts taking turns. */
  readonly interactions: PhaseResult;
  readonly perHost: readonly HostRun[];
}

export interface SearchRun {
  /** µs per query. */
  readonly us: Summary;
  readonly queries: number;
}

export interface SearchCorpusResult {
  readonly status: 'ok';
  readonly corpus: number;
  readonly search: SearchRun;
  /** The raw SQLite FTS5 query alone over the same index: the floor the ranking adds to. */
  readonly baseline: SearchRun;
}

export interface SearchResult {
  readonly status: 'ok';
  readonly knowledge: SearchCorpusResult | NotRun;
  readonly questions: SearchCorpusResult | NotRun;
}

export type WebPageKind = 'home' | 'question' | 'entry' | 'search' | 'sitemap';

export interface WebTimings {
  /** Fastify's own time for the request (reply.elapsedTime), ms. */
  readonly serverMs: Summary;
  /** Round trip over local HTTP with keep-alive, body read, ms. */
  readonly clientMs: Summary;
  /** The largest body, bytes (pages must stay under 50 KB with their stylesheet). */
  readonly maxBytes: number;
  /** Answers other than 200. */
  readonly failures: number;
}

export interface WebResult {
  readonly status: 'ok';
  readonly questions: number;
  /** Of them, answered (published). */
  readonly published: number;
  readonly entries: number;
  /** /ask log rows and question upvotes in the server. */
  readonly asks: number;
  readonly votes: number;
  /** Seeding all of it into a fresh database, ms. */
  readonly seedMs: number;
  /** The server's sitemap files at this size: how many, the addresses in all, the most in one file. */
  readonly sitemaps: { readonly files: number; readonly addresses: number; readonly largestFile: number };
  readonly pages: Readonly<Record<WebPageKind, WebTimings>>;
  /** The site's stylesheet, a static file served by the same fastify app: the floor. */
  readonly static: WebTimings;
}

export interface StartupRun {
  readonly readyMs: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
  /** The bot's V8 heap beside its RSS (from its /metrics); null for the baseline. */
  readonly heap: HeapMetrics | null;
  readonly milestones: Readonly<Record<string, number>>;
}

export interface MemoryPoint {
  readonly servers: number;
  /** The login of median RSS. */
  readonly bot: StartupRun;
  readonly baseline: StartupRun;
  /** RSS of every login, MB, for the spread. */
  readonly botRssMb?: readonly number[];
  readonly baselineRssMb?: readonly number[];
}

export interface MemoryResult {
  readonly status: 'ok';
  readonly channelsPerServer: number;
  readonly rolesPerServer: number;
  /** The flags the bot runs with (npm start's; the baseline runs on Node.js defaults). */
  readonly botNodeFlags?: readonly string[];
  readonly points: readonly MemoryPoint[];
}

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly actual: string;
  /** null: not measured in this run. */
  readonly met: boolean | null;
}

export interface BenchResult {
  readonly version: 1;
  readonly mode: 'quick' | 'full';
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string; readonly memoryGb: number };
  readonly scenarios: {
    readonly interactions: InteractionsResult | NotRun;
    readonly ask: AskResult | NotRun;
    readonly fanout: FanoutResult | NotRun;
    readonly search: SearchResult | NotRun;
    readonly memory: MemoryResult | NotRun;
    readonly web: WebResult | NotRun;
    readonly hosts: HostsResult | NotRun;
  };
  readonly targets: readonly TargetCheck[];
}
