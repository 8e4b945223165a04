import { Events, type Client } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import type { QaService } from '../service.js';

const deletion = z.discriminatedUnion('t', [
  z.object({ t: z.literal('MESSAGE_DELETE'), d: z.object({ id: z.string(), guild_id: z.string().optional() }) }),
  z.object({ t: z.literal('MESSAGE_DELETE_BULK'), d: z.object({ ids: z.array(z.string()), guild_id: z.string().optional() }) }),
  // A forum post (or a question's thread) deleted as a whole.
  z.object({ t: z.literal('THREAD_DELETE'), d: z.object({ id: z.string(), guild_id: z.string().optional() }) }),
]);
const WATCHED = new Set(['MESSAGE_DELETE', 'MESSAGE_DELETE_BULK', 'THREAD_DELETE']);

/**
 * A moderator deleting a question's or an answer's message on Discord marks it deleted in the
 * database at once. The raw gateway events are read because the client caches no messages or
 * threads, so discord.js would drop deletions in threads; the delivery also reconciles on the next
 * touch (an edit that finds the message gone) for deletions made while the bot was offline.
 */
export function watchQaDeletions(client: Client, qa: QaService, logger: Logger): void {
  client.on(Events.Raw, (packet: unknown) => {
    if (typeof packet !== 'object' || packet === null || !WATCHED.has(String((packet as { t?: unknown }).t))) return;
    const parsed = deletion.safeParse(packet);
    if (!parsed.success || !parsed.data.d.guild_id) return;
    const guildId = parsed.data.d.guild_id;
    const event = parsed.data;
    void (async () => {
      if (event.t === 'THREAD_DELETE') await qa.moderation.threadDeleted(guildId, event.d.id);
      else for (const id of event.t === 'MESSAGE_DELETE_BULK' ? event.d.ids : [event.d.id]) await qa.moderation.messageDeleted(guildId, id);
    })().catch((error: unknown) => logger.error({ err: error, guildId }, 'could not record a deleted Q&A message'));
  });
}
