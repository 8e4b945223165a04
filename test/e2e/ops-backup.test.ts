import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../src/sandbox/world.js';
import { answerText } from './support/tips.js';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { at, botEnvironment, scratchDir, spawnBot, type BotProcess } from './support/harness.js';

/** `npm run <backup|restore> -- FILE`, as an operator runs it beside the bot. */
function runCli(args: string[], databasePath: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_PATH: databasePath },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run backup / restore beside a running bot', () => {
  const scratch = scratchDir();
  const backupFile = join(scratch.dir, 'backups', 'cto-mentor-daily.db');
  let discord: LocalDiscord;
  let world: SandboxWorld;
  let bot: BotProcess;

  const setUpTipsAt = (time: string) =>
    discord.invoke('/tips setup', { channel: world.channelIds.get('leadership-tips') ?? '', time, timezone: 'Europe/London' }, at(world, 'general', 'moderator'));
  const tipsStatus = async () => answerText(await discord.invoke('/tips status', {}, at(world, 'general', 'moderator')));

  beforeAll(async () => {
    discord = await LocalDiscord.start({ port: 0 });
    world = await createSandboxWorld(discord);
    bot = spawnBot(botEnvironment(discord, world, scratch.databasePath));
    await bot.waitForLog('ready', 60_000);
  }, 90_000);
  afterAll(async () => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) {
      bot.child.kill('SIGKILL');
      await bot.exited;
    }
    await discord.close();
    scratch.cleanup();
  });

  it('GIVEN the bot running THEN backup copies its database online, and restore refuses to replace it', async () => {
    await setUpTipsAt('09:00');
    expect(await tipsStatus()).toContain('09:00');

    const backup = await runCli(['backup', backupFile], scratch.databasePath);
    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/^Backed up .+ to .+cto-mentor-daily\.db: .+, schema version \d+, integrity ok, \d+ ms\.\n$/);
    expect(existsSync(backupFile)).toBe(true);

    // The bot never noticed: it keeps answering and writing.
    await setUpTipsAt('18:30');
    expect(await tipsStatus()).toContain('18:30');

    const refused = await runCli(['restore', backupFile], scratch.databasePath);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('a running bot is using this database; stop the bot (every shard) first.');
    expect(await tipsStatus()).toContain('18:30');
  }, 60_000);

  it('GIVEN the bot stopped THEN restore brings the backup back, and the restarted bot serves it', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);

    const restored = await runCli(['restore', backupFile], scratch.databasePath);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored ${backupFile} into ${scratch.databasePath}`);
    expect(restored.stdout).toMatch(/The database it replaced was kept as .+\.before-restore-/);

    bot = spawnBot(botEnvironment(discord, world, scratch.databasePath));
    await bot.waitForLog('ready', 60_000);
    const status = await tipsStatus();
    expect(status).toContain('09:00');
    expect(status).not.toContain('18:30');
  }, 90_000);
});
