import { statSync } from 'node:fs';
import { Events, Status, type Client } from 'discord.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { InteractionOutcome } from '../discord/router.js';

/** What one background tick did for a feature's scheduled posts (tips, announcements, digests). */
export interface ScheduledPostCounts {
  readonly posted: number;
  /** Left claimed after a transient failure; the next tick resends it. */
  readonly retrying?: number;
  /** Channel gone or access lost: the feature paused itself. */
  readonly paused?: number;
  /** Discord refused the post for good. */
  readonly failed?: number;
  /** Its time passed while the bot was down: given up, not posted late. */
  readonly missed?: number;
}

interface BotMetricsOptions {
  /** Every slash command path the bot serves (`/tips setup`): always kept as label values. */
  readonly commandPaths: Iterable<string>;
  /** Labels every series of this process (a shard process: `{ process: 'shard-1' }`). */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /** Node.js process metrics (CPU, memory, event loop); off in tests that start many bots in one process. */
  readonly processMetrics?: boolean;
}

export const METRICS_PREFIX = 'ctomentor_';

/** Distinct command/component labels kept before the rest are counted as "other". */
const MAX_COMMAND_LABELS = 300;

/**
 * The bot's Prometheus metrics on a registry of its own (several bots can share a test process).
 * Label values are bounded: commands come from the registry, component names are capped, routes
 * have their ids removed, so a crafted custom_id cannot grow the series without limit.
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly #commandLabels: BoundedLabels;
  readonly #interactions: Counter<'kind' | 'command' | 'outcome'>;
  readonly #interactionSeconds: Histogram<'kind' | 'command'>;
  readonly #scheduledPosts: Counter<'feature' | 'result'>;
  readonly #restResponses: Counter<'method' | 'route' | 'status'>;
  readonly #rateLimitWaits: Counter<'scope'>;
  readonly #gatewayReconnects: Counter<'shard'>;

  constructor(options: BotMetricsOptions) {
    const registers = [this.registry];
    if (options.defaultLabels) this.registry.setDefaultLabels({ ...options.defaultLabels });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.#commandLabels = new BoundedLabels(options.commandPaths, MAX_COMMAND_LABELS);
    this.#interactions = new Counter({
      name: `${METRICS_PREFIX}interactions_total`,
      help: 'Interactions handled, by kind (command, button, …), command or component, and outcome (ok, user-error, discord-refused, error, unknown).',
      labelNames: ['kind', 'command', 'outcome'],
      registers,
    });
    this.#interactionSeconds = new Histogram({
      name: `${METRICS_PREFIX}interaction_duration_seconds`,
      help: 'Time from receiving an interaction to the end of its handler (the reply included).',
      labelNames: ['kind', 'command'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#scheduledPosts = new Counter({
      name: `${METRICS_PREFIX}scheduled_posts_total`,
      help: 'Scheduled posts (tips, announcements, …) by result: posted, retrying (transient failure), paused (channel lost), failed (refused), missed (bot was down).',
      labelNames: ['feature', 'result'],
      registers,
    });
    this.#restResponses = new Counter({
      name: `${METRICS_PREFIX}discord_rest_responses_total`,
      help: 'Responses from the Discord REST API by method, route (ids removed) and HTTP status; 429 and 5xx are the ones to watch.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.#rateLimitWaits = new Counter({
      name: `${METRICS_PREFIX}discord_rest_rate_limit_waits_total`,
      help: 'Requests the REST client held back to stay inside a rate limit (scope: global or route).',
      labelNames: ['scope'],
      registers,
    });
    this.#gatewayReconnects = new Counter({
      name: `${METRICS_PREFIX}gateway_reconnects_total`,
      help: 'Gateway connections closed and reopened (resumed or re-identified), by shard.',
      labelNames: ['shard'],
      registers,
    });
  }

  /** The router's `observe` callback. */
  readonly observeInteraction = (outcome: InteractionOutcome): void => {
    const command = outcome.result === 'unknown' ? 'unknown' : this.#commandLabels.label(outcome.name);
    this.#interactions.inc({ kind: outcome.kind, command, outcome: outcome.result });
    this.#interactionSeconds.observe({ kind: outcome.kind, command }, outcome.durationMs / 1000);
  };

  observeScheduledPosts(feature: string, counts: ScheduledPostCounts): void {
    for (const result of ['posted', 'retrying', 'paused', 'failed', 'missed'] as const) {
      const value = counts[result] ?? 0;
      // inc(0) still creates the series, so a dashboard sees "0 failed" rather than no data.
      this.#scheduledPosts.inc({ feature, result }, value);
    }
  }

  /** REST responses and rate-limit waits, and gateway state per shard, of a discord.js client. */
  watchClient(client: Client): void {
    client.rest.on('response', (request, response) => {
      this.#restResponses.inc({ method: request.method.toUpperCase(), route: restRouteLabel(request.route), status: String(response.status) });
    });
    client.rest.on('rateLimited', (info) => this.#rateLimitWaits.inc({ scope: info.global ? 'global' : 'route' }));
    client.on(Events.ShardReconnecting, (shardId) => this.#gatewayReconnects.inc({ shard: String(shardId) }));
    const registers = [this.registry];
    const shards = () => [...client.ws.shards.values()];
    new Gauge({
      name: `${METRICS_PREFIX}gateway_connected`,
      help: '1 while the shard is connected to the gateway and ready, else 0.',
      labelNames: ['shard'],
      registers,
      collect() {
        for (const shard of shards()) this.set({ shard: String(shard.id) }, shard.status === Status.Ready ? 1 : 0);
      },
    });
    new Gauge({
      name: `${METRICS_PREFIX}gateway_status`,
      help: "The shard's discord.js status code (0 ready, 1 connecting, 2 reconnecting, 3 idle, 5 disconnected, 7 identifying, 8 resuming).",
      labelNames: ['shard'],
      registers,
      collect() {
        for (const shard of shards()) this.set({ shard: String(shard.id) }, shard.status);
      },
    });
    new Gauge({
      name: `${METRICS_PREFIX}gateway_latency_seconds`,
      help: 'Round trip of the last gateway heartbeat, by shard.',
      labelNames: ['shard'],
      registers,
      collect() {
        for (const shard of shards()) if (shard.ping >= 0) this.set({ shard: String(shard.id) }, shard.ping / 1000);
      },
    });
    new Gauge({
      name: `${METRICS_PREFIX}guilds`,
      help: 'Servers the bot is in, by shard.',
      labelNames: ['shard'],
      registers,
      collect() {
        const counts = new Map<number, number>(shards().map((shard) => [shard.id, 0]));
        for (const guild of client.guilds.cache.values()) counts.set(guild.shardId, (counts.get(guild.shardId) ?? 0) + 1);
        for (const [shard, count] of counts) this.set({ shard: String(shard) }, count);
      },
    });
  }

  /** Interactions being handled right now (the router's count). */
  watchInFlight(inFlight: () => number): void {
    new Gauge({
      name: `${METRICS_PREFIX}interactions_in_flight`,
      help: 'Interactions being handled right now.',
      registers: [this.registry],
      collect() {
        this.set(inFlight());
      },
    });
  }
}

/**
 * The database file and its write-ahead log, in bytes. Registered once per host (the process that
 * serves /metrics), not per shard: every shard shares the same file.
 */
export function registerDatabaseSize(registry: Registry, databasePath: string): void {
  if (databasePath === ':memory:') return;
  new Gauge({
    name: `${METRICS_PREFIX}database_size_bytes`,
    help: 'Size of the SQLite database file (file="db") and its write-ahead log (file="wal").',
    labelNames: ['file'],
    registers: [registry],
    collect() {
      this.set({ file: 'db' }, fileSize(databasePath));
      this.set({ file: 'wal' }, fileSize(`${databasePath}-wal`));
    },
  });
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * A REST route as a label: ids, tokens and emoji replaced, so `/channels/1/messages/2` → `/channels/:id/messages/:id`.
 * Only lowercase words (and `@me`, `:placeholders`) survive, so no token or id ever becomes a label.
 */
export function restRouteLabel(route: string): string {
  const path = route.split('?')[0] ?? '';
  return path
    .split('/')
    .map((segment) => (segment === '' || /^(@|:)?[a-z][a-z-]*$/.test(segment) ? segment : ':id'))
    .join('/');
}

/** Label values seen so far, at most `max` beyond the ones always kept; the rest become "other". */
class BoundedLabels {
  readonly #always: ReadonlySet<string>;
  readonly #seen = new Set<string>();

  constructor(
    always: Iterable<string>,
    private readonly max: number,
  ) {
    this.#always = new Set(always);
  }

  label(value: string): string {
    if (this.#always.has(value) || this.#seen.has(value)) return value;
    if (this.#seen.size >= this.max) return 'other';
    this.#seen.add(value);
    return value;
  }
}

/** `/tips`, `/tips setup`, `/kb stats` …: every path a member can invoke, from the command JSON. */
export function commandPaths(commands: readonly { name: string; options?: readonly unknown[] }[]): string[] {
  const paths: string[] = [];
  const SUBCOMMAND = 1;
  const GROUP = 2;
  for (const command of commands) {
    paths.push(`/${command.name}`);
    for (const option of (command.options ?? []) as { type: number; name: string; options?: { type: number; name: string }[] }[]) {
      if (option.type === SUBCOMMAND) paths.push(`/${command.name} ${option.name}`);
      if (option.type === GROUP) {
        for (const sub of option.options ?? []) if (sub.type === SUBCOMMAND) paths.push(`/${command.name} ${option.name} ${sub.name}`);
      }
    }
  }
  return paths;
}
