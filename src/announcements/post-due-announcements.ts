import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { tally, workThroughDue } from '../scheduling/due-work.js';
import { DRAFT_TTL_MS, LATE_GRACE_MS, SYSTEM_ACTOR, type Announcement } from './announcement.js';
import type { AnnouncementsStore } from './announcements-store.js';
import type { Deliverer } from './deliver.js';
import { missedNotice, missedReason } from './render/notices.js';

interface AnnouncementSchedulerDependencies {
  readonly store: AnnouncementsStore;
  readonly deliverer: Deliverer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ownsGuild: (guildId: string) => boolean;
  readonly concurrency: number;
}

export interface AnnouncementTickReport {
  readonly due: number;
  readonly posted: number;
  /** More than an hour late (the bot was down, or nobody approved it): not posted, author told. */
  readonly missed: number;
  /** Left claimed; the next tick resends with the same nonce. */
  readonly retrying: number;
  /** Channel gone, access lost, or Discord refused it: author told. */
  readonly failed: number;
}

type Outcome = keyof Omit<AnnouncementTickReport, 'due'> | 'skipped';
const OUTCOMES: readonly Outcome[] = ['posted', 'missed', 'retrying', 'failed', 'skipped'];

/**
 * The scheduler's tick (a background job, also run at start-up): posts every due announcement once,
 * marks those more than an hour late as missed and tells their authors, finishes publishing that a
 * crash interrupted, and forgets abandoned drafts.
 */
export function createAnnouncementScheduler({ store, deliverer, clock, logger, ownsGuild, concurrency }: AnnouncementSchedulerDependencies) {
  async function postDueAnnouncements(): Promise<AnnouncementTickReport> {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - LATE_GRACE_MS);
    await store.discardStaleDrafts(new Date(now.getTime() - DRAFT_TTL_MS));
    const ours = (announcement: Announcement) => ownsGuild(announcement.guildId);
    const due = [...(await store.expiredPending(cutoff)), ...(await store.dueToPost(now))].filter(ours);

    const outcomes = await workThroughDue(
      due,
      concurrency,
      async (announcement): Promise<Outcome> => {
        if ((announcement.postAt?.getTime() ?? now.getTime()) < cutoff.getTime() && !deliverer.isInFlight(announcement.id)) return markMissed(announcement);
        if (announcement.status === 'pending') return 'skipped';
        const result = await deliverer.deliver(announcement.id, SYSTEM_ACTOR, announcement);
        return result.kind;
      },
      (announcement, error): Outcome => {
        // Unexpected (a bug, a closed database): the claim stays, the next tick tries again.
        logger.error({ err: error, announcementId: announcement.id }, 'announcement post failed unexpectedly');
        return 'retrying';
      },
    );
    for (const announcement of (await store.unpublished(cutoff)).filter(ours)) await deliverer.publish(announcement);

    const { skipped: _skipped, ...report } = tally(outcomes, OUTCOMES);
    if (due.length > 0) logger.info({ announcements: { due: due.length, ...report } }, 'announcement tick');
    return { due: due.length, ...report };
  }

  async function markMissed(announcement: Announcement): Promise<Outcome> {
    const reason = missedReason(announcement);
    const missed = await store.transition(
      announcement.id,
      { from: [announcement.status], to: 'missed', outcomeNote: reason },
      { actorId: SYSTEM_ACTOR, action: 'missed', details: { dueAt: announcement.postAt?.toISOString() ?? null, was: announcement.status }, at: clock.now() },
    );
    if (!missed) return 'skipped';
    logger.info({ announcementId: announcement.id, guildId: announcement.guildId, dueAt: announcement.postAt, was: announcement.status }, 'announcement missed');
    await deliverer.tellAuthor(missed, missedNotice(missed, reason));
    return 'missed';
  }

  return { postDueAnnouncements, nextDueAt: () => store.nextDueAt() };
}
