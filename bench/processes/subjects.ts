import { z } from 'zod';
import { spawnNode, type NodeChild } from './child.js';
import type { EmulatorInfo } from './emulator.js';
import { BUILT_SCRIPTS } from './build.js';
import { BOT_NODE_FLAGS } from '../../src/ops/build.js';

/** What is measured: CTO Mentor (src/main.ts), the bare discord.js baseline (bench/baseline-bot.ts) or the fuse.js tag bot (bench/fuse-tag-bot.ts). */
export type SubjectName = 'bot' | 'baseline' | 'fuse';

export const logLineSchema = z.object({ msg: z.string() }).loose();
export type LogLine = z.infer<typeof logLineSchema>;

export interface SubjectOptions {
  readonly emulator: EmulatorInfo;
  /** REST_GLOBAL_REQUESTS_PER_SECOND: the emulator's global limit. */
  readonly globalLimit: number;
  /** The bot's SQLite file (the baseline has none). */
  readonly databasePath: string;
  /** Register the commands on this guild (development mode) instead of globally. */
  readonly guildId?: string;
  readonly nodeFlags?: readonly string[];
  /** How long login may take (10,000 servers take a while). */
  readonly readyTimeoutMs?: number;
}

export interface RunningSubject {
  readonly name: SubjectName;
  readonly child: NodeChild;
  /** The bot's health and metrics port (the baseline has none). */
  readonly healthPort: number | null;
  /** Spawn → the `ready` line, ms. */
  readonly readyMs: number;
  /** Spawn → each phase of start-up the bot logs (`connected to Discord`, `ready`). */
  readonly milestones: Readonly<Record<string, number>>;
}

const SCRIPTS: Record<SubjectName, string> = BUILT_SCRIPTS;

export function subjectEnvironment(name: SubjectName, options: SubjectOptions): Record<string, string> {
  const common = {
    DISCORD_TOKEN: options.emulator.token,
    DISCORD_API_URL: options.emulator.apiUrl,
    REST_GLOBAL_REQUESTS_PER_SECOND: String(options.globalLimit),
  };
  if (name !== 'bot') return common;
  return {
    ...common,
    DISCORD_APPLICATION_ID: options.emulator.applicationId,
    DATABASE_PATH: options.databasePath,
    LOG_LEVEL: 'info',
    // Health and metrics on a free port, as production runs it; the memory scenario reads /metrics.
    HEALTH_PORT: '0',
    ...(options.guildId ? { DISCORD_GUILD_ID: options.guildId } : {}),
  };
}

/** Spawns the bot or the baseline against the emulator and waits until it is ready. */
export async function startSubject(name: SubjectName, options: SubjectOptions): Promise<RunningSubject> {
  const child = spawnNode({
    name: name === 'bot' ? 'bot (dist/src/main.js)' : name === 'fuse' ? 'fuse.js tag bot' : 'baseline bot',
    script: SCRIPTS[name],
    env: subjectEnvironment(name, options),
    // The bot as `npm start` runs it; the baselines on plain Node.js defaults.
    nodeFlags: [...(name === 'bot' ? BOT_NODE_FLAGS : []), ...(options.nodeFlags ?? [])],
  });
  try {
    const ready = await child.waitForJson(logLineSchema, (line) => line.msg === 'ready', options.readyTimeoutMs ?? 60_000);
    const milestones: Record<string, number> = { ready: Math.round(ready.at - child.spawnedAt) };
    const healthPort = typeof ready.value.healthPort === 'number' ? ready.value.healthPort : null;
    if (name === 'bot') {
      const connected = await child.waitForJson(logLineSchema, (line) => line.msg === 'connected to Discord', 1);
      milestones.connected = Math.round(connected.at - child.spawnedAt);
    }
    return { name, child, healthPort, readyMs: milestones.ready ?? 0, milestones };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
