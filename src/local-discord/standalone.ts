import { parseArgs } from 'node:util';
import { startLocalDiscord } from './driver/local-discord.js';
import type { LocalDiscord } from './driver/local-discord.js';
import type { LocalDiscordOptions } from './config.js';

const USAGE = `local-discord [options]
  --port N              port to listen on (default 0: any free port)
  --host HOST           interface (default 127.0.0.1)
  --token TOKEN         bot token to accept (default: generated)
  --application-id ID   application / bot user id (default: generated)
  --global-limit N      global requests per second (default 50)
  --shards N            recommended shard count of GET /gateway/bot (default 1)
  --max-concurrency N   identify concurrency (default 1)
  --max-guilds-per-shard N  guilds one shard may hold before 4011 Sharding required (default 2500, as Discord)
  --deadline-ms N       interaction acknowledgement deadline (default 3000)
  --error-rate R        share of REST answers replaced by 500/502 (0..1)
  --error-mode MODE     reject | apply-then-fail (default reject)
  --latency-ms N        added latency per REST answer
  --jitter-ms N         extra random latency up to N ms
  --seed N              seed for fault randomness
  --spec-checks MODE    enforce (default): check every request and answer against Discord's API spec | off`;

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${flag} needs a number, got "${value}"`);
  return parsed;
}

export function parseStandaloneArgs(argv: string[]): LocalDiscordOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'application-id': { type: 'string' },
      'global-limit': { type: 'string' },
      shards: { type: 'string' },
      'max-concurrency': { type: 'string' },
      'max-guilds-per-shard': { type: 'string' },
      'deadline-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'error-mode': { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      seed: { type: 'string' },
      'spec-checks': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return null;
  const mode = values['error-mode'] ?? 'reject';
  if (mode !== 'reject' && mode !== 'apply-then-fail') throw new Error('--error-mode is reject or apply-then-fail');
  const errorRate = number(values['error-rate'], 'error-rate');
  const globalLimit = number(values['global-limit'], 'global-limit');
  const options: LocalDiscordOptions = {
    port: number(values.port, 'port') ?? 0,
    faults: {
      ...(errorRate ? { serverErrors: { rate: errorRate, mode } } : {}),
      latencyMs: number(values['latency-ms'], 'latency-ms') ?? 0,
      jitterMs: number(values['jitter-ms'], 'jitter-ms') ?? 0,
    },
  };
  if (values.host) options.host = values.host;
  if (values.token) options.token = values.token;
  if (values['application-id']) options.applicationId = values['application-id'];
  if (globalLimit !== undefined) options.rateLimits = { globalPerSecond: globalLimit };
  const shards = number(values.shards, 'shards');
  if (shards !== undefined) options.recommendedShards = shards;
  const concurrency = number(values['max-concurrency'], 'max-concurrency');
  if (concurrency !== undefined) options.maxConcurrency = concurrency;
  const guildsPerShard = number(values['max-guilds-per-shard'], 'max-guilds-per-shard');
  if (guildsPerShard !== undefined) options.maxGuildsPerShard = guildsPerShard;
  const deadline = number(values['deadline-ms'], 'deadline-ms');
  if (deadline !== undefined) options.interactionDeadlineMs = deadline;
  const seed = number(values.seed, 'seed');
  if (seed !== undefined) options.seed = seed;
  const specChecks = values['spec-checks'];
  if (specChecks !== undefined) {
    if (specChecks !== 'enforce' && specChecks !== 'off') throw new Error('--spec-checks is enforce or off');
    options.specChecks = specChecks;
  }
  return options;
}

/**
 * Run the emulator as its own process (benchmarks, the sandbox): prints one JSON line
 * `{ apiUrl, gatewayUrl, controlUrl, token, applicationId, botUserId }` on stdout and stops on SIGINT/SIGTERM.
 * Returns the running emulator, or null after printing the usage for --help.
 */
export async function runStandalone(argv: string[], io: { out?: (line: string) => void; handleSignals?: boolean } = {}): Promise<LocalDiscord | null> {
  const out = io.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const options = parseStandaloneArgs(argv);
  if (!options) {
    out(USAGE);
    return null;
  }
  const discord = await startLocalDiscord(options);
  const { apiUrl, gatewayUrl, controlUrl, token, applicationId, botUserId } = discord;
  out(JSON.stringify({ apiUrl, gatewayUrl, controlUrl, token, applicationId, botUserId }));
  if (io.handleSignals !== false) {
    const stop = (): void => {
      void discord.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return discord;
}
