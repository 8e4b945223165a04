import type { ViolationKind } from './rate-limits.js';
import type { SpecCheckMode } from './spec/contract.js';

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Route template, e.g. `POST /channels/:channelId/messages`. */
  route: string;
  path: string;
  status: number;
  ms: number;
  /** Why the emulator answered this way, when it was not the route itself. */
  note?: 'rate-limited' | 'global-rate-limited' | 'injected-5xx' | 'applied-then-5xx' | 'blocked' | 'off-spec-request' | 'off-spec-response';
}

export interface LocalDiscordStats {
  requests: number;
  byStatus: Record<string, number>;
  /** 429 answers. */
  rateLimited: number;
  /** Requests that broke a limit, per kind. */
  violations: Record<ViolationKind, number>;
  /** 401/403/429 answers (429s of a shared limit excepted): what Discord counts towards its invalid-request ban. */
  invalidRequests: number;
  /** Bans for too many invalid requests, and the requests refused while banned (not counted above). */
  invalidRequestBans: number;
  blocked: number;
  injected: { serverErrors: number; appliedThenFailed: number };
  interactions: {
    dispatched: number;
    acknowledged: number;
    /** First callbacks refused because the deadline had passed (10062). */
    late: number;
    /** Second initial callbacks refused (40060). */
    doubleAcknowledged: number;
    /** Dispatch → first callback, ms with 0.01 ms resolution (at least the latest 10,000). */
    latencyMs: number[];
    /**
     * The same per kind of interaction (`/ask`, `autocomplete /cto topic`, `component`, `modal`): how many
     * were acknowledged, and at least the latest 10,000 latencies, so a load run can take the tail it caused.
     */
    byKind: Record<string, { count: number; latencyMs: number[] }>;
  };
  gateway: {
    connections: number;
    identifies: number;
    resumes: number;
    invalidSessions: number;
    dispatches: number;
    /** Identifies refused for coming faster than `max_concurrency` per 5 s (answered op 9). */
    identifiesTooFast: number;
    /** Connections closed with 4011: the shard would have held more guilds than one shard may. */
    shardingRequired: number;
    /** Identifies past `session_start_limit`: the token was reset and every session closed (4004). */
    tokenResets: number;
  };
  /** Checks against Discord's OpenAPI spec (LocalDiscordOptions.specChecks). */
  spec: {
    mode: SpecCheckMode;
    requestsChecked: number;
    responsesChecked: number;
    /** Requests refused because they are off the spec (400 50035). */
    requestsRefused: number;
    /** Responses of the emulator that were off the spec, answered as 500s: emulator bugs, none expected. */
    invalidResponses: number;
    /** The latest violations, one line each: operation, type, field path, what the spec expects. */
    violations: string[];
  };
}

const VIOLATIONS_KEPT = 50;

const LATENCY_KEEP = 10_000;

function keepLatest(list: number[], value: number): void {
  list.push(value);
  // Trim in batches: a splice per sample would make every callback O(LATENCY_KEEP).
  if (list.length > LATENCY_KEEP + 1_000) list.splice(0, list.length - LATENCY_KEEP);
}

/** Counters plus a bounded request log. */
export class Stats {
  private readonly log: RequestLogEntry[] = [];
  private logStart = 0;
  readonly data: LocalDiscordStats = {
    requests: 0,
    byStatus: {},
    rateLimited: 0,
    violations: { route: 0, global: 0 },
    invalidRequests: 0,
    invalidRequestBans: 0,
    blocked: 0,
    injected: { serverErrors: 0, appliedThenFailed: 0 },
    interactions: { dispatched: 0, acknowledged: 0, late: 0, doubleAcknowledged: 0, latencyMs: [], byKind: {} },
    gateway: { connections: 0, identifies: 0, resumes: 0, invalidSessions: 0, dispatches: 0, identifiesTooFast: 0, shardingRequired: 0, tokenResets: 0 },
    spec: { mode: 'off', requestsChecked: 0, responsesChecked: 0, requestsRefused: 0, invalidResponses: 0, violations: [] },
  };

  constructor(
    private readonly logSize: number,
    specMode: SpecCheckMode,
  ) {
    this.data.spec.mode = specMode;
  }

  specViolation(side: 'request' | 'response', line: string): void {
    const spec = this.data.spec;
    if (side === 'request') spec.requestsRefused += 1;
    else spec.invalidResponses += 1;
    spec.violations.push(`${side}: ${line}`);
    if (spec.violations.length > VIOLATIONS_KEPT) spec.violations.shift();
  }

  /** One answered request; `invalid` when it counts towards the invalid-request limit. */
  request(entry: RequestLogEntry, invalid: boolean): void {
    const d = this.data;
    d.requests += 1;
    d.byStatus[entry.status] = (d.byStatus[entry.status] ?? 0) + 1;
    if (entry.status === 429) d.rateLimited += 1;
    if (invalid) d.invalidRequests += 1;
    if (entry.note === 'blocked') d.blocked += 1;
    this.log.push(entry);
    if (this.log.length - this.logStart > this.logSize) this.logStart += 1;
    if (this.logStart > 4_096) {
      this.log.splice(0, this.logStart);
      this.logStart = 0;
    }
  }

  latency(ms: number, kind: string): void {
    const { interactions } = this.data;
    keepLatest(interactions.latencyMs, ms);
    const ofKind = (interactions.byKind[kind] ??= { count: 0, latencyMs: [] });
    ofKind.count += 1;
    keepLatest(ofKind.latencyMs, ms);
  }

  requests(): RequestLogEntry[] {
    return this.log.slice(this.logStart);
  }

  snapshot(): LocalDiscordStats {
    return structuredClone(this.data);
  }
}
