import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { pino } from 'pino';
import type { JobRunner } from '../app/jobs.js';
import { startBot } from '../app/start-bot.js';
import type { Config } from '../config/index.js';
import { OffsetClock } from '../core/clock.js';
import { createLogger } from '../core/logger.js';
import { LocalDiscord } from '../local-discord/index.js';
import { SandboxSession, type LineSource } from './session.js';
import { createSandboxWorld } from './world.js';

/** A line whose interaction the bot is still handling after this long is shown as it stands. */
const BOT_IDLE_TIMEOUT_MS = 30_000;

interface SandboxOptions {
  readonly config: Config;
  /** DATABASE_PATH as the user set it, or undefined for a throw-away file in the OS temp folder. */
  readonly databasePath: string | undefined;
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * `npm start` without a token: the local Discord with a ready-made server, the real bot connected to
 * it, and a terminal to type slash commands into. Scriptable when stdin is not a terminal.
 */
export async function runSandbox({ config, databasePath, input = process.stdin, output = process.stdout }: SandboxOptions): Promise<number> {
  const interactive = Boolean(input.isTTY && output.isTTY);
  const write = (text: string) => output.write(`${text}\n`);
  write('No DISCORD_TOKEN set: running the local sandbox, an offline Discord with the real bot. To use real Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see README).');

  const scratch = mkdtempSync(join(tmpdir(), 'cto-mentor-sandbox-'));
  const logFile = join(scratch, 'bot.log');
  // One clock for the bot and its Discord: `clock +1d` moves message times, nonce windows and threads too.
  const clock = new OffsetClock();
  const discord = await LocalDiscord.start({ port: 0, clock });
  const world = await createSandboxWorld(discord);
  const bot = await startBot({
    config: {
      ...config,
      token: discord.token,
      applicationId: discord.applicationId,
      // Global, as a deployed bot's: guild commands would not reach a DM with the bot.
      devGuildId: undefined,
      discordApiUrl: discord.apiUrl,
      databasePath: databasePath ?? join(scratch, 'sandbox.db'),
      healthPort: undefined,
      // The community site is on in the sandbox (any free port unless WEB_PORT says), so a newcomer can open it.
      webPort: config.webPort ?? 0,
    },
    logger: createLogger(config.logLevel, pino.destination({ dest: logFile, sync: true })),
    clock,
    // The sandbox user waits for every answer: shutdown need not linger.
    drainTimeoutMs: 2_000,
  });

  const session = new SandboxSession(
    discord,
    world,
    () => discord.commands(),
    {
      now: () => clock.now(),
      advanceClock: (ms) => advanceClockThroughDueWork(clock, bot.jobs, ms),
      botIdle: async () => {
        await bot.router.drain(BOT_IDLE_TIMEOUT_MS);
      },
    },
    write,
    interactive,
  );
  await session.markAllSeen();
  write(`Connected as CTO Mentor to "CTO Community". Type /help for the bot's commands, help for the sandbox's. Bot log: ${logFile}`);
  if (bot.webUrl) write(`Community site: ${bot.webUrl} (nothing is public until a moderator runs /qa web enable)`);

  const lines = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, completer: interactive ? completer(discord) : undefined });
  const source = interactive ? promptSource(lines) : pipedSource(lines);
  try {
    for (;;) {
      const line = await source.next(session.prompt);
      if (line === undefined) break;
      if (!interactive && line.trim()) write(`> ${line.trim()}`);
      if (!(await session.handle(line, source))) break;
    }
  } finally {
    lines.close();
    await bot.stop();
    await discord.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}

/**
 * Moves the clock in steps, stopping at each moment a job has work (a tip due at 09:00 inside a
 * one-day jump), so the sandbox sees what the bot would have done minute by minute.
 */
async function advanceClockThroughDueWork(clock: OffsetClock, jobs: JobRunner, ms: number): Promise<void> {
  const target = clock.now().getTime() + ms;
  let previous = Number.NEGATIVE_INFINITY;
  for (;;) {
    const due = (await jobs.nextDueAt())?.getTime();
    // Stop when nothing is due before the target, or a job did not move past its due time (it is retrying).
    if (due === undefined || due > target || due <= previous) break;
    previous = due;
    if (due > clock.now().getTime()) clock.advance(due - clock.now().getTime());
    await jobs.runAll();
  }
  clock.advance(Math.max(0, target - clock.now().getTime()));
  await jobs.runAll();
}

function promptSource(lines: Interface): LineSource {
  let closed = false;
  lines.once('close', () => (closed = true));
  return {
    echo: false,
    next: (prompt) =>
      closed
        ? Promise.resolve(undefined)
        : new Promise((resolve) => {
            const onClose = () => resolve(undefined);
            lines.once('close', onClose);
            lines.question(prompt, (answer) => {
              lines.off('close', onClose);
              resolve(answer);
            });
          }),
  };
}

/** Piped input: each call takes the next line, so modal fields read the lines after the command. */
function pipedSource(lines: Interface): LineSource {
  const iterator = lines[Symbol.asyncIterator]();
  return {
    echo: true,
    next: async () => {
      const { value, done } = await iterator.next();
      return done ? undefined : String(value);
    },
  };
}

function completer(discord: LocalDiscord) {
  let names: string[] = [];
  void discord.commands().then((commands) => (names = commands.map((command) => `/${command.name}`)));
  const words = ['help', 'exit', 'as moderator', 'as member', 'as ', 'give ', 'take ', 'channel #', 'channel dm', 'log #', 'clock +1d', 'click ', 'select ', 'pick ', 'file ', 'save ', 'say ', 'reply ', 'delete ', 'apps ', 'apps "'];
  return (line: string): [string[], string] => {
    const candidates = [...names, ...words].filter((candidate) => candidate.startsWith(line));
    return [candidates.length > 0 ? candidates : names, line];
  };
}
