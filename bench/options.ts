import { parseArgs } from 'node:util';
import { z } from 'zod';

export const SCENARIOS = ['interactions', 'ask', 'fanout', 'search', 'memory', 'web', 'hosts'] as const;
/** What runs without --only or --hosts: the hosts scenario is asked for by name. */
const DEFAULT_SCENARIOS: readonly ScenarioName[] = SCENARIOS.filter((name) => name !== 'hosts');
export type ScenarioName = (typeof SCENARIOS)[number];

export const PROFILED_PROCESSES = ['bot', 'baseline', 'fuse', 'emulator', 'driver'] as const;
export type ProfiledProcess = (typeof PROFILED_PROCESSES)[number];

export const USAGE = `npm run bench -- [options]
  --quick               short runs: 5 s of load, 1,000 servers for fan-out, memory at 10,000 servers only
  --soak                instead of the scenarios, run the reliability tests (load, faults, SIGKILL, fuzz)
                        scaled up, for tens of minutes, fuzzing from a fresh seed (FUZZ_SEED=N to replay)
  --json                print only the JSON result (it is always written to bench/results/latest.json)
  --only LIST           scenarios to run, comma-separated: ${SCENARIOS.join(', ')}
  --rate N              interactions per second of the fixed-rate run (default 200)
  --duration S          seconds of the fixed-rate run (default 20; --quick 5)
  --servers N           servers due at once in the fan-out (default 5000; --quick 1000; --hosts 2000)
  --hosts N             only the several-hosts scenario (unless --only adds others): N bot hosts with their own
                        shard ranges behind one REST proxy on one database, Discord's 50/s global limit; the
                        tip fan-out and interactions on every host, throughput against the limit, RSS per host
  --bot-node-flags=F    more Node.js flags for the bot, after npm start's (--bot-node-flags=--max-semi-space-size=16: V8's
                        default young generation, to measure what the 1 MB one costs)
  --profile LIST        write --cpu-prof profiles of: ${PROFILED_PROCESSES.join(', ')} (driver: the load driver and the
                        search process), to bench/results/profiles/<scenario>-<process>/`;

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((text) => text.split(',').map((item) => item.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

const flagsSchema = z.object({
  quick: z.boolean().default(false),
  soak: z.boolean().default(false),
  json: z.boolean().default(false),
  only: list(SCENARIOS).optional(),
  rate: z.coerce.number().positive().optional(),
  duration: z.coerce.number().positive().optional(),
  servers: z.coerce.number().int().min(1).optional(),
  hosts: z.coerce.number().int().min(1).max(16).optional(),
  profile: list(PROFILED_PROCESSES).optional(),
  'bot-node-flags': z.string().regex(/^(--[\w-]+(=\S+)?\s*)+$/, 'Node.js flags, each --name or --name=value').optional(),
});

export interface BenchOptions {
  readonly quick: boolean;
  readonly soak: boolean;
  readonly json: boolean;
  readonly scenarios: readonly ScenarioName[];
  readonly rate: number;
  readonly durationMs: number;
  readonly fanoutServers: number;
  /** The hosts scenario: how many hosts, and servers due at once over all of them. */
  readonly hosts: number;
  readonly hostServers: number;
  readonly profile: ReadonlySet<ProfiledProcess>;
  /** Node.js flags the bot runs with after BOT_NODE_FLAGS (the last of a flag wins). */
  readonly botNodeFlags: readonly string[];
}

/** Parses the bench flags; null after --help. Throws with the flag named when a value is wrong. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      soak: { type: 'boolean' },
      json: { type: 'boolean' },
      only: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      servers: { type: 'string' },
      hosts: { type: 'string' },
      profile: { type: 'string' },
      'bot-node-flags': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return null;
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--${String(issue?.path[0] ?? '?')}: ${issue?.message ?? 'invalid value'}\n\n${USAGE}`);
  }
  const flags = parsed.data;
  return {
    quick: flags.quick,
    soak: flags.soak,
    json: flags.json,
    scenarios: flags.only ?? (flags.hosts === undefined ? DEFAULT_SCENARIOS : ['hosts']),
    rate: flags.rate ?? 200,
    durationMs: Math.round((flags.duration ?? (flags.quick ? 5 : 20)) * 1000),
    fanoutServers: flags.servers ?? (flags.quick ? 1_000 : 5_000),
    hosts: flags.hosts ?? 2,
    hostServers: flags.servers ?? 2_000,
    profile: new Set(flags.profile ?? []),
    botNodeFlags: flags['bot-node-flags']?.split(/\s+/).filter(Boolean) ?? [],
  };
}
