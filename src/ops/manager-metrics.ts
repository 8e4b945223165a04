import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { METRICS_PREFIX, registerDatabaseSize } from './metrics.js';

type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The sharding manager's /metrics: its own series (shards up, restarts, database size, its process)
 * merged with every shard's. Each shard labels its series `process="shard-N"`, so nothing is summed
 * across shards by accident; Prometheus does the summing (`sum by (command) (…)`).
 */
export class ManagerMetrics {
  readonly registry = new Registry();
  readonly #shardUp: Gauge<'shard'>;
  readonly #restarts: Counter<'shard'>;

  constructor(options: { databasePath: string; processMetrics?: boolean }) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ process: 'manager' });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    registerDatabaseSize(this.registry, options.databasePath);
    this.#shardUp = new Gauge({
      name: `${METRICS_PREFIX}shard_up`,
      help: '1 when the shard process answered this scrape, else 0 (starting, restarting or hung).',
      labelNames: ['shard'],
      registers,
    });
    this.#restarts = new Counter({
      name: `${METRICS_PREFIX}shard_restarts_total`,
      help: 'Shard processes restarted by the manager after they died.',
      labelNames: ['shard'],
      registers,
    });
  }

  shardRestarted(shard: number): void {
    this.#restarts.inc({ shard: String(shard) });
  }

  /** The text for one scrape, given what each shard answered (null: it did not). */
  async render(shards: readonly { id: number; metrics: MetricsSnapshot | null }[]): Promise<{ contentType: string; body: string }> {
    for (const { id, metrics } of shards) this.#shardUp.set({ shard: String(id) }, metrics ? 1 : 0);
    const snapshots = [await this.registry.getMetricsAsJSON(), ...shards.flatMap(({ metrics }) => (metrics ? [metrics] : []))];
    const merged = AggregatorRegistry.aggregate(snapshots);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
