import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { visibleLength } from '../core/visible-text.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, type Poster } from '../core/poster.js';
import type { SqlDatabase } from '../db/sql/dialect.js';
import {
  CLOSED_STATUSES,
  LATE_GRACE_MS,
  STATUS_WORDS,
  type Announcement,
  type AnnouncementStatus,
  type AuditRecord,
  type Ping,
} from './announcement.js';
import { createAnnouncementsStore, type AuditInput } from './announcements-store.js';
import { createDeliverer } from './deliver.js';
import { createAnnouncementScheduler, type AnnouncementTickReport } from './post-due-announcements.js';
import { renderAnnouncementEdit } from './render/announcement.js';
import { reviewedNotice } from './render/notices.js';
import { parseScheduleTime } from './schedule-time.js';
import { claimLease } from '../scheduling/claim-lease.js';

export interface AnnouncementServiceDependencies {
  readonly database: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly poster: Poster;
  /** The zone `at:` is read in when none is given: the server's tips zone; UTC when this says null. */
  readonly defaultTimeZone?: (guildId: string) => Promise<string | null>;
  /** Whether this process serves a guild (its shard); the scheduler posts only to its own. */
  readonly ownsGuild?: (guildId: string) => boolean;
  readonly concurrency?: number;
  /** This host, as the owner of its posting claims (HOST_ID; by default the machine's host name). */
  readonly claimOwner?: string;
  /** How long an unfinished claim stays its owner's before another host may resend it (default 2 minutes). */
  readonly claimLeaseMs?: number;
}

export interface ComposeInput {
  readonly guildId: string;
  readonly authorId: string;
  readonly channelId: string;
  readonly title: string | null;
  readonly ping: Ping;
  readonly publish: boolean;
  /** Whether the author has Mention Everyone: only they may ping @everyone. */
  readonly canMentionEveryone: boolean;
  /** `/announce schedule`: the local time as typed, and the zone if one was given. */
  readonly at?: { readonly text: string; readonly timeZone: string | null } | null;
}

/** Where a submitted (or approved) announcement stands; `due`: to be sent now with postNow. */
export interface SubmitOutcome {
  readonly kind: 'awaiting-approval' | 'scheduled' | 'due' | 'posted' | 'retrying' | 'failed';
  readonly announcement: Announcement;
}

export type EditOutcome =
  | { readonly kind: 'saved'; readonly announcement: Announcement; readonly requeued: boolean }
  | { readonly kind: 'message-edited'; readonly announcement: Announcement }
  | { readonly kind: 'message-not-edited'; readonly announcement: Announcement; readonly reason: string };

export interface AnnouncementList {
  readonly open: readonly Announcement[];
  readonly recent: readonly Announcement[];
}

const RECENT_SHOWN = 10;
const HISTORY_SHOWN = 25;
const EDITABLE_TEXT: readonly AnnouncementStatus[] = ['pending', 'scheduled', 'posted', ...CLOSED_STATUSES];
const RESCHEDULABLE: readonly AnnouncementStatus[] = ['pending', 'scheduled', ...CLOSED_STATUSES];

/**
 * Moderator announcements: drafts, the two-person rule, the schedule, edits and the audit trail.
 * Usable without discord.js: permission checks on the member and the channel happen in the command.
 */
/** One waiting announcement in the queue, where it stands, and the one a moderator sees next. */
interface QueuePosition {
  readonly item: Announcement;
  readonly index: number;
  readonly total: number;
  readonly nextId: number | null;
}

export function createAnnouncementService(dependencies: AnnouncementServiceDependencies) {
  const { database, clock, logger, poster, defaultTimeZone = () => Promise.resolve(null), ownsGuild = () => true, concurrency = 10 } = dependencies;
  const store = createAnnouncementsStore(database);
  const deliverer = createDeliverer({ store, poster, clock, logger, lease: claimLease(dependencies.claimOwner, dependencies.claimLeaseMs) });
  const scheduler = createAnnouncementScheduler({ store, deliverer, clock, logger, ownsGuild, concurrency });

  const audit = (actorId: string, action: AuditInput['action'], details: Record<string, unknown> = {}): AuditInput => ({ actorId, action, details, at: clock.now() });

  /** The zone `at:` is read in when none was typed: the server's default, not looked up when a zone was typed (it goes unused). */
  const fallbackZone = async (guildId: string, typed: string | null): Promise<string> => (typed === null ? ((await defaultTimeZone(guildId)) ?? 'UTC') : 'UTC');

  const requireAnnouncement = async (guildId: string, id: number): Promise<Announcement> => {
    const announcement = await store.get(id);
    if (!announcement || announcement.guildId !== guildId || announcement.status === 'draft') {
      throw new UserError('announce.not-found', `There is no announcement #${id} on this server. \`/announce list\` shows them with their ids.`);
    }
    return announcement;
  };

  /** A draft is private to its author: custom_ids can be crafted, so the scope is checked here. */
  const requireDraft = async (guildId: string, authorId: string, id: number): Promise<Announcement> => {
    const draft = await store.get(id);
    if (!draft || draft.guildId !== guildId || draft.authorId !== authorId) {
      throw new UserError('announce.draft-gone', 'This preview is no longer there: it was discarded, or it is not yours. Run `/announce post` again.');
    }
    if (draft.status !== 'draft') {
      throw new UserError('announce.already-submitted', `Already done: this is announcement #${draft.id}, now ${STATUS_WORDS[draft.status]}. \`/announce list\` shows it.`);
    }
    return draft;
  };

  const refuseStatus = async (announcement: Announcement, doing: string): Promise<never> => {
    const hint =
      announcement.status === 'posting'
        ? ' Try again in a minute.'
        : announcement.status === 'posted' && doing !== 'edit' && !(await store.requiresApproval(announcement.guildId))
          ? ` \`/announce edit id:${announcement.id}\` changes the posted message; delete it in Discord if it should go.`
          : '';
    throw new UserError(`announce.cannot-${doing}`, `I can't ${doing} #${announcement.id} now: it is ${STATUS_WORDS[announcement.status]}.${hint}`);
  };

  /**
   * Under the two-person rule nobody changes what members already read alone: an edit of a posted
   * message would go out with no second moderator (an edit before posting goes back to the queue).
   */
  const refuseUnreviewedPostEdit = async (announcement: Announcement): Promise<void> => {
    if (announcement.status !== 'posted' || !(await store.requiresApproval(announcement.guildId))) return;
    throw new UserError(
      'announce.posted-two-person',
      `#${announcement.id} is posted, and this server needs a second moderator to approve announcements: an edit would change it without one. Delete the message in Discord and post the corrected text with \`/announce post\`, which goes through the queue.`,
    );
  };

  return {
    requiresApproval: (guildId: string): Promise<boolean> => store.requiresApproval(guildId),

    /** Turns the two-person rule on or off; returns how many announcements wait in the queue. */
    async setApproval(guildId: string, required: boolean, actorId: string): Promise<number> {
      await store.setApproval(guildId, required, actorId, clock.now());
      return (await store.pending(guildId)).length;
    },

    /** Checks the choices made on the command and keeps them as a private draft; the body comes from the modal. */
    async compose(input: ComposeInput): Promise<Announcement> {
      requireMayPing(input.ping, input.canMentionEveryone);
      const when = input.at ? parseScheduleTime(input.at.text, input.at.timeZone, await fallbackZone(input.guildId, input.at.timeZone), clock.now()) : null;
      return store.createDraft(
        {
          guildId: input.guildId,
          authorId: input.authorId,
          channelId: input.channelId,
          title: input.title,
          ping: input.ping,
          publish: input.publish,
          postAt: when?.at ?? null,
          timeZone: when?.zone ?? null,
        },
        clock.now(),
      );
    },

    draft: requireDraft,

    /** The text of a draft: the body from the compose form, or title and body from the preview's Edit form. */
    async writeText(guildId: string, authorId: string, id: number, text: { title?: string | null; body: string }): Promise<Announcement> {
      const draft = await requireDraft(guildId, authorId, id);
      const content = { title: text.title === undefined ? draft.title : text.title, body: text.body };
      if (!(await store.writeDraft(id, content, clock.now()))) await requireDraft(guildId, authorId, id);
      return store.require(id);
    },

    async discard(guildId: string, authorId: string, id: number): Promise<void> {
      await requireDraft(guildId, authorId, id);
      await store.discardDraft(id);
    },

    /**
     * The author's **Post** (or **Schedule**) on the preview of `revision`: into the approval queue
     * under the two-person rule, onto the schedule, or `due` (then postNow sends it). Creation is
     * audited here, not at the draft, which is private.
     */
    async submit(guildId: string, authorId: string, id: number, seen: { revision: number; canMentionEveryone: boolean }): Promise<SubmitOutcome> {
      const draft = await requireDraft(guildId, authorId, id);
      requireRevision(draft, seen.revision);
      // Checked again: the author's permissions may have changed while the preview was open.
      requireMayPing(draft.ping, seen.canMentionEveryone);
      if (visibleLength(draft.body) === 0) throw new UserError('announce.empty', 'The announcement has no text yet. Press **Edit** to write it.');
      const now = clock.now();
      if (draft.postAt && draft.postAt.getTime() < now.getTime() - LATE_GRACE_MS) {
        throw new UserError('announce.time-passed', 'The time you picked passed more than an hour ago. Run `/announce schedule` again with a later time (copy the text from this preview).');
      }
      const approval = await store.requiresApproval(guildId);
      const created = audit(authorId, 'created', {
        channelId: draft.channelId,
        ping: draft.ping.kind === 'role' ? draft.ping.roleId : draft.ping.kind,
        publish: draft.publish,
        postAt: draft.postAt?.toISOString() ?? null,
        approvalRequired: approval,
      });
      if (approval) {
        const pending = await store.transition(id, { from: ['draft'], to: 'pending' }, created);
        return { kind: 'awaiting-approval', announcement: pending ?? (await requireDraft(guildId, authorId, id)) };
      }
      const scheduled = (await store.transition(id, { from: ['draft'], to: 'scheduled', postAt: draft.postAt ?? now }, created)) ?? (await requireDraft(guildId, authorId, id));
      return { kind: isLater(draft.postAt, now) ? 'scheduled' : 'due', announcement: scheduled };
    },

    /** Sends a `due` announcement now (Post, or an approval of one whose time has come). */
    async postNow(id: number, actorId: string): Promise<SubmitOutcome> {
      const result = await deliverer.deliver(id, actorId);
      // Skipped: the minute tick got to it first and is sending it; report what the row says.
      if (result.kind === 'skipped') return { kind: 'retrying', announcement: await store.require(id) };
      return result;
    },

    get: requireAnnouncement,

    list: async (guildId: string): Promise<AnnouncementList> => ({ open: await store.open(guildId), recent: await store.recent(guildId, RECENT_SHOWN) }),

    /**
     * The queue of announcements waiting for a second moderator (oldest first), seen from the first with
     * an id ≥ `fromId`, wrapping round to the oldest; with the one after it, so a moderator moves on
     * through the queue after each decision. Null when nothing waits.
     */
    async queueAt(guildId: string, fromId: number | null): Promise<QueuePosition | null> {
      const pending = await store.pending(guildId);
      const found = fromId === null ? 0 : pending.findIndex((announcement) => announcement.id >= fromId);
      const index = found < 0 ? 0 : found;
      const item = pending[index];
      if (!item) return null;
      const following = pending[index + 1] ?? (index > 0 ? pending[0] : undefined);
      return { item, index, total: pending.length, nextId: following?.id ?? null };
    },

    /** A second moderator's approval of `revision` (what they were shown); `due` when its time has come. */
    async approve(guildId: string, id: number, approverId: string, revision: number): Promise<SubmitOutcome> {
      const announcement = await requireAnnouncement(guildId, id);
      if (announcement.status !== 'pending') await refuseStatus(announcement, 'approve');
      // With the rule turned off, what waited in the queue is anyone's to release, its author's too.
      if ((await store.requiresApproval(guildId)) && announcement.textAuthorId === approverId) {
        const whose = announcement.authorId === approverId ? 'this announcement' : 'its current text';
        throw new UserError('announce.own-approval', `You wrote ${whose}: another moderator has to approve it (two-person rule).`);
      }
      requireRevision(announcement, revision);
      const now = clock.now();
      const approved = await store.transition(
        id,
        { from: ['pending'], to: 'scheduled', approvedBy: approverId, postAt: announcement.postAt ?? now },
        audit(approverId, 'approved', { revision }),
      );
      if (!approved) return refuseStatus(await requireAnnouncement(guildId, id), 'approve');
      return { kind: isLater(announcement.postAt, now) ? 'scheduled' : 'due', announcement: approved };
    },

    async reject(guildId: string, id: number, reviewerId: string): Promise<Announcement> {
      const announcement = await requireAnnouncement(guildId, id);
      return (await store.transition(id, { from: ['pending'], to: 'rejected' }, audit(reviewerId, 'rejected'))) ?? refuseStatus(announcement, 'reject');
    },

    /** DMs the author that a second moderator approved or rejected their announcement. */
    async tellAuthorReviewed(announcement: Announcement, verdict: 'approved' | 'rejected', reviewerId: string): Promise<void> {
      if (announcement.authorId !== reviewerId) await deliverer.tellAuthor(announcement, reviewedNotice(announcement, verdict, reviewerId));
    },

    async cancel(guildId: string, id: number, actorId: string): Promise<Announcement> {
      const announcement = await requireAnnouncement(guildId, id);
      const cancelled = await store.transition(id, { from: ['pending', 'scheduled'], to: 'cancelled' }, audit(actorId, 'cancelled', { was: announcement.status }));
      return cancelled ?? refuseStatus(await requireAnnouncement(guildId, id), 'cancel');
    },

    /** Refuses before the modal opens when the text cannot be edited now. */
    async editableText(guildId: string, id: number): Promise<Announcement> {
      const announcement = await requireAnnouncement(guildId, id);
      if (!EDITABLE_TEXT.includes(announcement.status)) await refuseStatus(announcement, 'edit');
      await refuseUnreviewedPostEdit(announcement);
      return announcement;
    },

    /**
     * New title and body, recorded as written by `actorId`. Before posting the row changes (under the
     * two-person rule an approved announcement goes back to the queue, and only a moderator other than
     * the one who wrote the text may approve it, so approval always covers the text that is posted);
     * after posting, the posted message is edited to match.
     */
    async editText(guildId: string, id: number, actorId: string, content: { title: string | null; body: string }): Promise<EditOutcome> {
      const before = await requireAnnouncement(guildId, id);
      if (!EDITABLE_TEXT.includes(before.status)) await refuseStatus(before, 'edit');
      await refuseUnreviewedPostEdit(before);
      const requeue = before.status === 'scheduled' && (await store.requiresApproval(guildId));
      const details = {
        ...(before.title !== content.title ? { previousTitle: before.title } : {}),
        ...(before.body !== content.body ? { previousBody: before.body } : {}),
        ...(requeue ? { backToQueue: true } : {}),
      };
      const then = requeue ? { from: ['scheduled'] as const, to: 'pending' as const, approvedBy: null } : null;
      const edited = await store.changeContent(id, [before.status], { ...content, writtenBy: actorId }, then, audit(actorId, 'edited', details));
      if (!edited) return refuseStatus(await requireAnnouncement(guildId, id), 'edit');
      if (edited.status !== 'posted' || !edited.messageId) return { kind: 'saved', announcement: edited, requeued: requeue };
      // The database is the truth; the posted message is brought in line after the commit.
      try {
        await poster.edit(edited.channelId, edited.messageId, renderAnnouncementEdit(edited));
        return { kind: 'message-edited', announcement: edited };
      } catch (error) {
        logger.warn({ err: error, announcementId: id }, 'could not edit the posted announcement');
        const reason = error instanceof DeliveryError && error.failure === 'gone' ? 'the message or its channel was deleted' : 'Discord refused the edit';
        return { kind: 'message-not-edited', announcement: edited, reason };
      }
    },

    /** A new time; for one that was missed, cancelled, rejected or failed, it is scheduled again. */
    async reschedule(guildId: string, id: number, actorId: string, at: { text: string; timeZone: string | null }): Promise<{ announcement: Announcement; note: string | null }> {
      const before = await requireAnnouncement(guildId, id);
      if (!RESCHEDULABLE.includes(before.status)) await refuseStatus(before, 'reschedule');
      const zone = at.timeZone ?? before.timeZone;
      const when = parseScheduleTime(at.text, zone, await fallbackZone(guildId, zone), clock.now());
      const reopened = (CLOSED_STATUSES as readonly AnnouncementStatus[]).includes(before.status);
      const to = before.status === 'pending' || (reopened && (await store.requiresApproval(guildId))) ? 'pending' : 'scheduled';
      const moved = await store.transition(
        id,
        { from: [before.status], to, postAt: when.at, timeZone: when.zone, ...(reopened ? { approvedBy: null } : {}) },
        audit(actorId, 'edited', { postAt: when.at.toISOString(), previousPostAt: before.postAt?.toISOString() ?? null, was: before.status }),
      );
      if (!moved) return refuseStatus(await requireAnnouncement(guildId, id), 'reschedule');
      return { announcement: moved, note: when.note };
    },

    history: (guildId: string, channelId: string | null): Promise<AuditRecord[]> => store.history(guildId, channelId, HISTORY_SHOWN),

    /** The scheduler's tick (the background job). */
    postDue: (): Promise<AnnouncementTickReport> => scheduler.postDueAnnouncements(),

    /** The earliest scheduled post (lets the sandbox's clock jumps stop there). */
    nextDueAt: (): Promise<Date | null> => scheduler.nextDueAt(),
  };
}

export type AnnouncementService = ReturnType<typeof createAnnouncementService>;

const isLater = (postAt: Date | null, now: Date): boolean => postAt !== null && postAt.getTime() > now.getTime();

/** A click carries the revision its message showed: text changed since then must be seen first. */
function requireRevision(announcement: Announcement, revision: number): void {
  if (announcement.revision !== revision) {
    throw new UserError('announce.stale-preview', `The text of #${announcement.id} changed after this was shown. Use the newest preview (or \`/announce queue\` again) to see what would be posted.`);
  }
}

function requireMayPing(ping: Ping, canMentionEveryone: boolean): void {
  if (ping.kind === 'everyone' && !canMentionEveryone) {
    throw new UserError(
      'announce.everyone-not-allowed',
      'Only moderators with **Mention @everyone, @here and All Roles** may ping everyone. Pick a role, or leave `ping` empty.',
    );
  }
}
