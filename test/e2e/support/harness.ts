import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { startBot, type RunningBot, type StartBotOptions } from '../../../src/app/start-bot.js';
import { parseConfig, type Config } from '../../../src/config/index.js';
import { ManualClock, type Clock } from '../../../src/core/clock.js';
import { createLogger, type Logger } from '../../../src/core/logger.js';
import { roleIn } from '../../../src/discord/role-directory.js';
import { LocalDiscord, type LocalDiscordOptions } from '../../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../../src/sandbox/world.js';
import { PROJECT_ROOT } from '../../../src/core/paths.js';
import { BOT_NODE_FLAGS } from '../../../src/ops/build.js';
import { expectNothingOffSpec } from '../../support/spec-checks.js';
import { scenarioDir } from '../../support/temp-dir.js';


/** A scratch folder for one test's database, removed by cleanup(). */
export function scratchDir(): { dir: string; databasePath: string; cleanup(): void } {
  const { dir, cleanup } = scenarioDir('cto-mentor-e2e-');
  return { dir, databasePath: join(dir, 'bot.db'), cleanup };
}

/** The environment production reads, pointed at the emulator. */
export function botEnvironment(discord: LocalDiscord, world: SandboxWorld, databasePath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: world.guild.id,
    DISCORD_API_URL: discord.apiUrl,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** Collects the bot's JSON log lines so tests can assert on them (and stay quiet otherwise). */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: Logger = createLogger(
    'debug',
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );

  find(message: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.msg === message);
  }
}

export interface TestBot {
  readonly discord: LocalDiscord;
  readonly world: SandboxWorld;
  readonly bot: RunningBot;
  readonly config: Config;
  readonly clock: Clock;
  readonly logs: LogCapture;
  /** Starts a fresh bot process-equivalent on the same database and emulator (a restart). */
  restart(): Promise<RunningBot>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  readonly emulator?: LocalDiscordOptions;
  readonly clock?: Clock;
  readonly registry?: StartBotOptions['registry'];
  readonly env?: Record<string, string>;
  /** The test makes the bot send a request Discord's API spec forbids, on purpose (close() checks it sent none otherwise). */
  readonly sendsOffSpecOnPurpose?: boolean;
}

/**
 * The real bot, started by production's startBot, against a fresh emulator on a random port with
 * the sandbox's ready-made server and a temporary database.
 */
export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const clock = options.clock ?? new ManualClock(new Date());
  // One clock for the world: the emulator's nonce window, timestamps and threads move with the bot's.
  const discord = await LocalDiscord.start({ port: 0, clock, ...options.emulator });
  const world = await createSandboxWorld(discord);
  const scratch = scratchDir();
  const config = parseConfig(botEnvironment(discord, world, scratch.databasePath, options.env));
  const logs = new LogCapture();
  const start = () => startBot({ config, logger: logs.logger, clock, drainTimeoutMs: 2_000, ...(options.registry ? { registry: options.registry } : {}) });
  let bot = await start();
  return {
    discord,
    world,
    get bot() {
      return bot;
    },
    config,
    clock,
    logs,
    async restart() {
      await bot.stop();
      bot = await start();
      return bot;
    },
    async close() {
      await bot.stop();
      await discord.close();
      scratch.cleanup();
      await expectNothingOffSpec(discord, options.sendsOffSpecOnPurpose ? 'refused-on-purpose' : 'on-spec');
    },
  };
}

/** Time passes on the world clock (the bot's, which the emulator shares), then the background jobs run once, as the minute tick would. */
export async function tickAfter(t: TestBot, ms: number): Promise<void> {
  if (!(t.clock instanceof ManualClock)) throw new Error('tickAfter needs a test bot on a ManualClock');
  t.clock.advance(ms);
  await t.bot.jobs.runAll();
}

/** The bot has seen a role of the sandbox server (as a discord.js Role when it holds it, else in its role directory). */
export function botKnowsRole(t: TestBot, roleId: string): boolean {
  const guild = t.bot.client.guilds.cache.get(t.world.guild.id);
  return guild !== undefined && roleIn(guild, roleId) !== undefined;
}

/** Where a member acts: the sandbox server, a channel by name, a person. */
export function at(world: SandboxWorld, channel = 'general', who: 'member' | 'moderator' = 'member') {
  return { guildId: world.guild.id, channelId: world.channelIds.get(channel) ?? '', userId: world.people[who] };
}

export interface BotProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly logs: Record<string, unknown>[];
  /** Resolves when a log line with this message appears. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
}

/** Node's arguments for `src/main.ts` as its own process: the flags `npm start` uses, with tsx for the TypeScript. */
export const BOT_PROCESS_ARGS = [...BOT_NODE_FLAGS, '--import', 'tsx', 'src/main.ts'];

/** Calls `onLine` with each JSON log line (pino's) a process writes to `stream`, whole lines only. */
export function onJsonLines(stream: Readable, onLine: (line: LogLine) => void): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const text of lines) if (text.startsWith('{')) onLine(JSON.parse(text) as LogLine);
  });
}

export type LogLine = Record<string, unknown>;

/** A log line of a shard process (`process` is its name, e.g. `shard-0`) with this message. */
export const fromProcess = (name: string, message: string) => (line: LogLine) => line.process === name && line.msg === message;

/** Resolves with the first log line of `bot` (already written or still to come) that matches. */
export function waitForLine(bot: BotProcess, what: string, predicate: (line: LogLine, index: number) => boolean, timeoutMs = 120_000): Promise<LogLine> {
  const find = () => bot.logs.find(predicate);
  const seen = find();
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      bot.child.stdout.off('data', onData);
    };
    // The process's own listener, registered first, has parsed the chunk into bot.logs by now.
    const onData = () => {
      const line = find();
      if (!line) return;
      cleanup();
      resolve(line);
    };
    // A hang guard, not a speed limit.
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no log line "${what}" within ${timeoutMs} ms\n${bot.logs.map((entry) => JSON.stringify(entry)).join('\n')}`));
    }, timeoutMs);
    bot.child.stdout.on('data', onData);
  });
}

/** `src/main.ts` as its own process, as production runs it: for SIGKILL and signal tests. */
export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, BOT_PROCESS_ARGS, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  onJsonLines(child.stdout, (line) => {
    logs.push(line);
    for (const waiter of waiters.filter((candidate) => candidate.message === line.msg)) waiter.resolve(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs,
    exited,
    // A hang guard, not a speed limit: the log line resolves the wait the moment it is written.
    waitForLog(message, timeoutMs = 90_000) {
      const seen = logs.find((line) => line.msg === message);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bot never logged "${message}" within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          message,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => reject(new Error(`bot exited (${code}) before logging "${message}"`)));
      });
    },
  };
}

/** Runs `tsx src/main.ts` with stdin and env, as `npm start` does, and collects its output. */
export function runMain(env: Record<string, string>, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCommand(process.execPath, BOT_PROCESS_ARGS, env, stdin);
}

/** Runs a command in the repository with stdin and env (PATH and HOME kept), collecting its output. */
export function runCommand(command: string, args: readonly string[], env: Record<string, string>, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
