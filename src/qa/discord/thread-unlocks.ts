import { Events, type Client } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import type { QaService } from '../service.js';

const threadUpdate = z.object({
  t: z.literal('THREAD_UPDATE'),
  d: z.object({ id: z.string(), guild_id: z.string(), thread_metadata: z.object({ locked: z.boolean() }) }),
});

/**
 * Updates refused because a moderator locked a question's thread are not retried (only a moderator
 * can lift a lock); when a THREAD_UPDATE shows the thread unlocked they are due again. The raw event
 * is read because the client caches no threads.
 */
export function watchQaThreadUnlocks(client: Client, qa: QaService, logger: Logger): void {
  client.on(Events.Raw, (packet: unknown) => {
    if (typeof packet !== 'object' || packet === null || (packet as { t?: unknown }).t !== 'THREAD_UPDATE') return;
    const parsed = threadUpdate.safeParse(packet);
    if (!parsed.success || parsed.data.d.thread_metadata.locked) return;
    const { id, guild_id: guildId } = parsed.data.d;
    void (async () => {
      const due = await qa.moderation.threadUnlocked(guildId, id);
      if (due > 0) logger.info({ guildId, threadId: id, due }, 'Q&A thread unlocked: its refused updates are due again');
    })().catch((error: unknown) => logger.error({ err: error, guildId }, 'could not re-arm a Q&A thread after it was unlocked'));
  });
}
