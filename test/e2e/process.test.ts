import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../src/sandbox/world.js';
import { botEnvironment, runCommand, runMain, scratchDir, spawnBot } from './support/harness.js';

describe('npm start', () => {
  it('GIVEN no token and piped input THEN runs the sandbox, prints the help embed and exits 0', async () => {
    const { code, stdout } = await runMain({}, '/help\n');
    expect(code).toBe(0);
    expect(stdout).toContain('running the local sandbox');
    expect(stdout).toContain('CTO Mentor: commands');
    expect(stdout).toContain('/ask question:');
  });

  it('GIVEN npm start as a user runs it THEN it builds, runs the production build and answers /help', async () => {
    const { code, stdout } = await runCommand('npm', ['start', '--silent'], {}, '/help\n');
    expect(code).toBe(0);
    expect(stdout).toContain('running the local sandbox');
    expect(stdout).toContain('CTO Mentor: commands');
  });

  it('GIVEN a scripted sandbox session THEN a modal-free flow of commands, clicks and channel switches works', async () => {
    const { code, stdout } = await runMain({}, '/ask question: what does a CTO do?\nclick Helpful\nchannel #questions\nhelp\n');
    expect(code).toBe(0);
    expect(stdout).toContain('What does a CTO actually do?');
    expect(stdout).toContain('Thanks, glad it helped.');
    expect(stdout).toContain('You are now in #questions.');
  });

  it('GIVEN invalid settings THEN names every bad variable, exits 2 and prints no stack trace', async () => {
    const { code, stderr } = await runMain({ HEALTH_PORT: 'eighty', LOG_LEVEL: 'chatty', DISCORD_TOKEN: 'x.y.z' }, '');
    expect(code).toBe(2);
    expect(stderr).toContain('HEALTH_PORT');
    expect(stderr).toContain('LOG_LEVEL');
    expect(stderr).toContain('DISCORD_TOKEN');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain('x.y.z');
  });
});

describe('the bot as a process', () => {
  let discord: LocalDiscord;
  let world: SandboxWorld;
  const scratch = scratchDir();

  beforeAll(async () => {
    discord = await LocalDiscord.start({ port: 0 });
    world = await createSandboxWorld(discord);
  });
  afterAll(async () => {
    await discord.close();
    scratch.cleanup();
  });

  it('GIVEN HEALTH_PORT THEN /healthz answers 200 with the status; SIGTERM stops it cleanly with exit 0', async () => {
    const bot = spawnBot(botEnvironment(discord, world, scratch.databasePath, { HEALTH_PORT: '0' }));
    const port = (await bot.waitForLog('ready')).healthPort;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, gateway: 'connected', database: 'ok', version: expect.any(String) });
    expect(bot.logs.some((line) => JSON.stringify(line).includes(discord.token))).toBe(false);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.logs.map((line) => line.msg)).toContain('stopped');
  });
});
