import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { LocalDiscord } from '../../src/local-discord/index.js';
import { createSandboxWorld, type SandboxWorld } from '../../src/sandbox/world.js';
import { seedDueAnnouncements } from '../support/due-announcements.js';
import { postedAnnouncements } from '../support/announcements-e2e.js';
import { botEnvironment, scratchDir, spawnBot, type BotProcess } from './support/harness.js';

const MESSAGES = 'POST /channels/:channelId/messages';

function storedRow(databasePath: string, id: number) {
  const db = openDatabase(databasePath);
  try {
    return db.prepare<[number], { status: string; message_id: string | null; attempts: number }>('SELECT status, message_id, attempts FROM announcements WHERE id = ?').get(id);
  } finally {
    db.close();
  }
}

async function kill(bot: BotProcess): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}

/** Longer than the emulator's 2-minute nonce window. */
const RESTART_AFTER_MS = 5 * 60_000;

describe('a scheduled announcement across a SIGKILL and a restart after Discord\'s nonce window', () => {
  let discord: LocalDiscord;
  let world: SandboxWorld;

  beforeAll(async () => {
    discord = await LocalDiscord.start({ port: 0 });
    world = await createSandboxWorld(discord);
  });
  afterAll(async () => {
    await discord.close();
  });

  it.each([
    ['after Discord created the message but before the bot recorded it', 'apply-then-fail', 1],
    ['after the claim, before Discord created anything', 'reject', 0],
  ] as const)('GIVEN the bot is SIGKILLed %s WHEN it starts again THEN exactly one message is posted', async (_when, mode, messagesAtKill) => {
    const scratch = scratchDir();
    const channel = world.channelIds.get('announcements') ?? '';
    const body = `Posted exactly once (${mode}).`;
    const mine = async () => (await postedAnnouncements(discord, channel)).filter((message) => message.embeds[0]?.description === body);
    try {
      const [id = 0] = await seedDueAnnouncements(scratch.databasePath, world.people.moderator, [{ guildId: world.guild.id, channelId: world.channelIds.get('announcements') ?? '', title: 'Exactly once', body }]);
      // Every send fails with a 5xx: 'apply-then-fail' creates the message first, 'reject' does not.
      await discord.setFaults({ serverErrors: { rate: 1, mode, routes: [MESSAGES] } });
      const first = spawnBot(botEnvironment(discord, world, scratch.databasePath));
      await first.waitForLog('announcement claimed');
      await first.waitForLog('announcement post failed for now; retrying next tick');
      await kill(first);
      expect(await mine()).toHaveLength(messagesAtKill);
      expect(storedRow(scratch.databasePath, id)).toMatchObject({ status: 'posting', message_id: null });

      await discord.setFaults({});
      // Restarted only after Discord's nonce window: a resend with the same nonce would post again.
      await discord.advanceClock(RESTART_AFTER_MS);
      const second = spawnBot(botEnvironment(discord, world, scratch.databasePath));
      const posted = await second.waitForLog('announcement posted');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);

      const messages = await mine();
      expect(messages).toHaveLength(1);
      expect(posted.messageId).toBe(messages[0]?.id);
      expect(storedRow(scratch.databasePath, id)).toMatchObject({ status: 'posted', message_id: messages[0]?.id, attempts: 2 });
    } finally {
      await discord.setFaults({});
      scratch.cleanup();
    }
    // Two bot processes start, and the first waits out the REST client's own retries.
  }, 90_000);
});
