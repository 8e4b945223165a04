import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandType, GatewayIntentBits, MessageFlags } from 'discord.js';
import type { Client, Interaction } from 'discord.js';
import { ManualClock } from '../../src/core/clock.js';
import { startLocalDiscord } from '../../src/local-discord/index.js';
import type { LocalDiscord } from '../../src/local-discord/index.js';
import { parseAppsLine } from '../../src/sandbox/command-line.js';
import { SandboxSession } from '../../src/sandbox/session.js';
import { createSandboxWorld } from '../../src/sandbox/world.js';
import { login, makeClient } from './helpers.js';

/** A stand-in for the bot's Apps commands: what the sandbox must be able to drive, before the real ones exist. */
async function bot(interaction: Interaction): Promise<void> {
  if (interaction.isMessageContextMenuCommand()) {
    const target = interaction.targetMessage;
    if (interaction.commandName === 'Track as a question') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const thread = await target.startThread({ name: target.content.slice(0, 40) });
      await thread.send(`Tracking <@${target.author.id}>'s question here.`);
      await interaction.editReply('Tracked.');
      return;
    }
    await interaction.reply(`Accepted ${target.author.username}'s answer: "${target.content}"`);
    return;
  }
  if (interaction.isUserContextMenuCommand()) await interaction.reply({ content: `${interaction.targetUser.username} knows hiring.`, flags: MessageFlags.Ephemeral });
}

let discord: LocalDiscord;
let client: Client;
let session: SandboxSession;
const printed: string[] = [];

beforeAll(async () => {
  const clock = new ManualClock('2026-03-02T10:00:00Z');
  discord = await startLocalDiscord({ port: 0, clock });
  const world = await createSandboxWorld(discord);
  client = makeClient(discord, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
  client.on('interactionCreate', (interaction) => void bot(interaction).catch((error: unknown) => client.emit('error', error as Error)));
  const ready = await login(client, discord);
  await ready.application.commands.set([
    { name: 'ask', description: 'Ask the mentor' },
    { type: ApplicationCommandType.Message, name: 'Mark as answer' },
    { type: ApplicationCommandType.Message, name: 'Track as a question' },
    { type: ApplicationCommandType.User, name: 'Show expertise' },
  ]);
  session = new SandboxSession(discord, world, () => discord.commands(), { now: () => clock.now(), advanceClock: async (ms) => clock.advance(ms), botIdle: async () => {} }, (text) => printed.push(text), false);
  await session.markAllSeen();
});

afterAll(async () => {
  await client.destroy();
  await discord.close();
});

const noInput = { echo: false, next: async () => undefined };

/** What the sandbox printed for one line. */
async function run(line: string): Promise<string> {
  printed.length = 0;
  await session.handle(line, noInput);
  return printed.join('\n');
}

const numberOf = (text: string, author: string): string => /── (\S+) · message (\d+) ──/.exec(text.split('\n').find((l) => l.startsWith(`── ${author} · message`)) ?? '')?.[2] ?? '';

describe('the sandbox lets members talk and use Apps commands', () => {
  it('GIVEN a member says something, another tracks it, a third answers in the thread, the asker marks it THEN each step shows as Discord would, with message numbers', async () => {
    const said = await run('say How do I hire my first engineer?');
    expect(said).toContain('── sam · message 1 ──\nHow do I hire my first engineer?');
    expect(await run('as alex')).toContain('You are now alex');
    const listed = await run('apps');
    expect(listed).toContain('"Mark as answer"  on a message: apps "Mark as answer" on N');
    expect(listed).toContain('"Show expertise"  on a member');
    expect(listed).not.toContain('"ask"');

    const tracked = await run('apps "Track as a question" on 1');
    expect(tracked).toContain('Tracked.');
    expect(tracked).toContain('📨 new in the thread "How do I hire my first engineer?":');
    expect(tracked).toMatch(/── CTO Mentor · message 2 ──\nTracking @sam's question here\./);

    expect(await run('channel "how do i hire"')).toContain('You are now in the thread "How do I hire my first engineer?".');
    expect(session.prompt).toBe('alex (member) in the thread "How do I hire my first engineer?"> ');
    await run('as morgan');
    const answer = numberOf(await run('say Hire a senior generalist first.'), 'morgan');
    expect(answer).toBe('3');

    await run('as sam');
    expect(await run(`apps "mark as answer" on ${answer}`)).toContain('Accepted morgan\'s answer: "Hire a senior generalist first."');
    expect(await run('apps "Show expertise" on @alex')).toContain('alex knows hiring.');

    const replied = await run('reply 1 Thanks everyone!');
    expect(replied).toContain('── sam · message 5 ──\n↪ replying to sam: How do I hire my first engineer?\nThanks everyone!');
    const log = await run('log #general');
    expect(log).toContain('── sam · message 1 ──');
    expect(log).toContain('── sam · message 5 ──');
    expect(await run('log')).toContain('── morgan · message 3 ──');
  });

  it('GIVEN mistakes THEN one clear line each, and deletion follows Discord\'s rights', async () => {
    expect(await run('apps "Mark as answer" on 99')).toMatch(/^! No message 99: messages are numbered 1 to \d+/);
    expect(await run('apps "Nope" on 1')).toBe('! The bot has no Apps command "Nope" for messages: "Mark as answer", "Track as a question".');
    expect(await run('apps Mark as answer')).toMatch(/^! Use apps "Command name" on N/);
    expect(await run('say')).toBe('! Use say <text>.');
    expect(await run('channel "no such thread"')).toMatch(/^! No channel or thread "no such thread"\. Channels and threads: #general.*"How do I hire my first engineer\?"/);
    await run('as alex');
    expect(await run('delete 1')).toBe('! Missing Permissions');
    await run('as sam');
    expect(await run('delete 1')).toBe('Message 1 deleted.');
    expect(await run('log #general')).not.toContain('── sam · message 1 ──');
  });

  it('GIVEN apps lines THEN the parser reads quoted and plain names, message numbers and members', () => {
    expect(parseAppsLine('"Mark as answer" on 12')).toEqual({ name: 'Mark as answer', target: { kind: 'message', number: 12 } });
    expect(parseAppsLine('“Track as a question” on #3')).toEqual({ name: 'Track as a question', target: { kind: 'message', number: 3 } });
    expect(parseAppsLine('Show expertise on @alex')).toEqual({ name: 'Show expertise', target: { kind: 'user', name: 'alex' } });
    expect(() => parseAppsLine('"Mark as answer"')).toThrow(/Use apps/);
  });
});
