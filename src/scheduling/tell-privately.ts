import type { Logger } from '../core/logger.js';
import { NO_MENTIONS, type Poster } from '../core/poster.js';

/**
 * Tells one person, by DM, that something they scheduled did not go as planned. If their DMs are
 * closed there is no one else to tell: the log keeps it. Resolves to whether the DM arrived.
 */
export async function tellPrivately(
  poster: Poster,
  logger: Logger,
  userId: string,
  content: string,
  context: Readonly<Record<string, unknown>>,
  logMessage: string,
): Promise<boolean> {
  try {
    await poster.sendDirect(userId, { content, allowed_mentions: NO_MENTIONS });
    return true;
  } catch (error) {
    logger.info({ err: error, ...context, userId }, logMessage);
    return false;
  }
}
