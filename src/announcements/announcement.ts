import { HOUR_MS } from '../core/clock.js';

/** What an announcement is, and the limits every layer checks the same way. */

export type AnnouncementStatus = 'draft' | 'pending' | 'scheduled' | 'posting' | 'posted' | 'cancelled' | 'rejected' | 'missed' | 'failed';

/** Over without a message: an edit with a new `at:` brings them back. */
export const CLOSED_STATUSES = ['cancelled', 'rejected', 'missed', 'failed'] as const satisfies readonly AnnouncementStatus[];

/** How replies name each status: `#12 is waiting for approval`. */
export const STATUS_WORDS: Record<AnnouncementStatus, string> = {
  draft: 'a draft',
  pending: 'waiting for approval',
  scheduled: 'scheduled',
  posting: 'being posted',
  posted: 'posted',
  cancelled: 'cancelled',
  rejected: 'rejected',
  missed: 'missed',
  failed: 'failed',
};

/** Who a post notifies: nobody, exactly one role, or everyone (only for moderators allowed to). */
export type Ping = { readonly kind: 'none' } | { readonly kind: 'role'; readonly roleId: string } | { readonly kind: 'everyone' };

export const BODY_MAX = 4_000;
export const TITLE_MAX = 256;
/** A scheduled post later than this (the bot was down) is not posted but marked missed. */
export const LATE_GRACE_MS = HOUR_MS;
/** Drafts nobody posted or discarded are removed after this. */
export const DRAFT_TTL_MS = 24 * HOUR_MS;

export interface Announcement {
  readonly id: number;
  readonly guildId: string;
  readonly authorId: string;
  /** Who wrote the current title and body: the author, or the moderator who last rewrote them. */
  readonly textAuthorId: string;
  readonly channelId: string;
  readonly title: string | null;
  readonly body: string;
  /** Counts text changes, so a preview or queue entry shown before one cannot post or approve after it. */
  readonly revision: number;
  readonly ping: Ping;
  /** Crosspost to following servers (announcement channels only). */
  readonly publish: boolean;
  /** When to post; null: as soon as it is confirmed (or approved). */
  readonly postAt: Date | null;
  /** The zone `at:` was given in, to show times as the moderator typed them. */
  readonly timeZone: string | null;
  readonly status: AnnouncementStatus;
  readonly nonce: string | null;
  readonly attempts: number;
  /** When the current posting attempt began (the first claim since it was last scheduled). */
  readonly claimedAt: Date | null;
  readonly messageId: string | null;
  readonly postedAt: Date | null;
  readonly published: boolean;
  readonly approvedBy: string | null;
  /** Why it was missed or failed. */
  readonly outcomeNote: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type AuditAction = 'created' | 'edited' | 'approved' | 'rejected' | 'posted' | 'cancelled' | 'missed' | 'failed';

/** `system` when the scheduler acted on its own. */
export const SYSTEM_ACTOR = 'system';

export interface AuditRecord {
  readonly announcementId: number;
  readonly channelId: string;
  readonly actorId: string;
  readonly action: AuditAction;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

export function messageLink(announcement: Pick<Announcement, 'guildId' | 'channelId' | 'messageId'>): string | null {
  return announcement.messageId ? `https://discord.com/channels/${announcement.guildId}/${announcement.channelId}/${announcement.messageId}` : null;
}
