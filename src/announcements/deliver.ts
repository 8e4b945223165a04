import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, type Poster } from '../core/poster.js';
import type { ClaimLease } from '../scheduling/claim-lease.js';
import { deliveryNonce } from '../scheduling/nonce.js';
import { sendClaimed } from '../scheduling/send-claimed.js';
import { tellPrivately } from '../scheduling/tell-privately.js';
import { SYSTEM_ACTOR, messageLink, type Announcement } from './announcement.js';
import type { AnnouncementsStore } from './announcements-store.js';
import { isPostOf, renderAnnouncement } from './render/announcement.js';
import { deliveryFailureReason, failedNotice, publishFailedNotice } from './render/notices.js';

interface DelivererDependencies {
  readonly store: AnnouncementsStore;
  readonly poster: Poster;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This host's hold on the announcements it claims. */
  readonly lease: ClaimLease;
}

/** What one attempt did. `skipped`: not ours to post now (cancelled meanwhile, or already being posted). */
type DeliveryResult =
  | { readonly kind: 'posted' | 'retrying' | 'failed'; readonly announcement: Announcement }
  | { readonly kind: 'skipped' };

/** Discord's answer to publishing a message that is already published. */
const ALREADY_CROSSPOSTED = 40033;

/** Its creation time is part of it: ids restart in a fresh (or restored) database, and a reused id must not match an old message. */
export function announcementNonce(announcement: Pick<Announcement, 'guildId' | 'id' | 'createdAt'>): string {
  return deliveryNonce('announcement', announcement.guildId, String(announcement.id), announcement.createdAt.toISOString());
}

/**
 * Posts one announcement exactly once, through the shared claim + nonce protocol
 * (src/scheduling/send-claimed.ts), then publishes it when asked. Used by "Post", "Approve" and the
 * scheduler alike, so there is one way a message gets out.
 */
export function createDeliverer({ store, poster, clock, logger, lease }: DelivererDependencies) {
  // The same process must not send one announcement twice at once (a click racing the minute tick).
  const inFlight = new Set<number>();

  /** `seen`: the row as the caller found it due; a claim made since then (by another host) is left to that claim. */
  async function deliver(id: number, actorId: string, seen?: Announcement): Promise<DeliveryResult> {
    if (inFlight.has(id)) return { kind: 'skipped' };
    inFlight.add(id);
    try {
      return await claimAndSend(id, actorId, seen);
    } finally {
      inFlight.delete(id);
    }
  }

  async function claimAndSend(id: number, actorId: string, seen: Announcement | undefined): Promise<DeliveryResult> {
    const due = seen ?? (await store.get(id));
    if (!due) return { kind: 'skipped' };
    const claim = await store.claim(due, announcementNonce(due), clock.now(), lease);
    const claimed = claim?.announcement;
    if (!claim || !claimed?.nonce) return { kind: 'skipped' };
    const context = { announcementId: id, guildId: claimed.guildId, channelId: claimed.channelId, attempt: claimed.attempts };
    logger.info(context, 'announcement claimed');
    const outcome = await sendClaimed(poster, {
      channelId: claimed.channelId,
      message: renderAnnouncement(claimed),
      nonce: claimed.nonce,
      claimedAt: claimed.claimedAt ?? clock.now(),
      resumed: claim.resumed,
      // An announcement's post has no marker but its text: one another announcement recorded is not this one's.
      isOwnPost: async (message) => isPostOf(claimed, message) && !(await store.isRecordedPost(claimed.guildId, message.id)),
    });
    switch (outcome.kind) {
      case 'sent': {
        const { id: messageId } = outcome.message;
        if (outcome.adopted) logger.info({ ...context, messageId }, 'announcement already posted by an earlier attempt: recorded it');
        await store.complete(id, messageId, { actorId, action: 'posted', details: { messageId, attempts: claimed.attempts }, at: clock.now() });
        logger.info({ ...context, messageId }, 'announcement posted');
        const posted = await store.require(id);
        if (posted.publish) await publish(posted);
        return { kind: 'posted', announcement: await store.require(id) };
      }
      case 'retry':
        // @discordjs/rest already retried 429 and 5xx; the claim stays and the next tick resends with the same nonce.
        logger.warn({ ...context, err: outcome.error }, 'announcement post failed for now; retrying next tick');
        return { kind: 'retrying', announcement: claimed };
      case 'unreachable':
      case 'refused': {
        const reason = deliveryFailureReason(claimed.channelId, outcome.error);
        const failed = await store.transition(
          id,
          { from: ['posting'], to: 'failed', outcomeNote: reason },
          { actorId: SYSTEM_ACTOR, action: 'failed', details: { failure: outcome.error.failure, code: outcome.error.discordCode ?? null }, at: clock.now() },
        );
        logger.warn({ ...context, err: outcome.error }, 'announcement could not be posted');
        if (failed) await tellAuthor(failed, failedNotice(failed, reason));
        return { kind: 'failed', announcement: failed ?? claimed };
      }
    }
  }

  /**
   * Crossposts a posted announcement to following servers. A transient failure is left for the next
   * tick (see unpublished in the store); anything else is recorded and the author told, once.
   */
  async function publish(announcement: Announcement): Promise<void> {
    const link = messageLink(announcement);
    if (!announcement.messageId || !link) return;
    try {
      await poster.crosspost(announcement.channelId, announcement.messageId);
      await store.markPublished(announcement.id, clock.now());
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      if (error.discordCode === ALREADY_CROSSPOSTED) {
        await store.markPublished(announcement.id, clock.now());
        return;
      }
      logger.warn({ announcementId: announcement.id, err: error }, 'announcement posted but not published');
      if (error.failure === 'transient') return;
      const reason = deliveryFailureReason(announcement.channelId, error);
      await store.recordPublishFailure(announcement.id, reason, { actorId: SYSTEM_ACTOR, action: 'failed', details: { step: 'publish', code: error.discordCode ?? null }, at: clock.now() });
      await tellAuthor(announcement, publishFailedNotice(announcement, link, reason));
    }
  }

  function tellAuthor(announcement: Announcement, content: string): Promise<boolean> {
    return tellPrivately(poster, logger, announcement.authorId, content, { announcementId: announcement.id, guildId: announcement.guildId }, 'could not tell the author about their announcement');
  }

  return { deliver, publish, tellAuthor, isInFlight: (id: number) => inFlight.has(id) };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
