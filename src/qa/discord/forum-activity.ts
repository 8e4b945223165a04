import { Events, type Client } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import type { QaService } from '../service.js';

const messageCreate = z.object({
  t: z.literal('MESSAGE_CREATE'),
  d: z.object({ channel_id: z.string(), guild_id: z.string(), timestamp: z.iso.datetime({ offset: true }), author: z.object({ bot: z.boolean().optional() }) }),
});

/**
 * A member writing in a Q&A forum post is activity: a solved post is archived only after a quiet
 * period, and one a member reopened by writing in it is not archived again until quiet again. The raw
 * event is read because the client caches no threads; a message's content is not needed (nor sent).
 */
export function watchQaForumActivity(client: Client, qa: QaService, logger: Logger): void {
  client.on(Events.Raw, (packet: unknown) => {
    if (typeof packet !== 'object' || packet === null || (packet as { t?: unknown }).t !== 'MESSAGE_CREATE') return;
    const parsed = messageCreate.safeParse(packet);
    if (!parsed.success || parsed.data.d.author.bot) return;
    const { guild_id: guildId, channel_id: channelId, timestamp } = parsed.data.d;
    // When it was written, not when the event arrived: a busy gateway does not stretch the quiet.
    qa.forum.activity(guildId, channelId, new Date(timestamp)).catch((error: unknown) => logger.error({ err: error, guildId }, 'could not record activity in a Q&A forum post'));
  });
}
