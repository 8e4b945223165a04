import { writeTransaction, type Db } from '../db/index.js';
import type { Announcement, AnnouncementStatus, AuditAction, AuditRecord, Ping } from './announcement.js';
import { found } from '../core/errors.js';

interface AnnouncementRow {
  id: number;
  guild_id: string;
  author_id: string;
  text_author_id: string;
  channel_id: string;
  title: string | null;
  body: string;
  revision: number;
  ping: Ping['kind'];
  role_id: string | null;
  publish: number;
  post_at: string | null;
  time_zone: string | null;
  status: AnnouncementStatus;
  nonce: string | null;
  attempts: number;
  claimed_at: string | null;
  message_id: string | null;
  posted_at: string | null;
  published: number;
  approved_by: string | null;
  outcome_note: string | null;
  created_at: string;
  updated_at: string;
}

interface AuditRow {
  announcement_id: number;
  channel_id: string;
  actor_id: string;
  action: AuditAction;
  details: string;
  created_at: string;
}

interface NewDraft {
  readonly guildId: string;
  readonly authorId: string;
  readonly channelId: string;
  readonly title: string | null;
  readonly ping: Ping;
  readonly publish: boolean;
  readonly postAt: Date | null;
  readonly timeZone: string | null;
}

/** One audited change: who, what, and anything worth keeping about it. */
export interface AuditInput {
  readonly actorId: string;
  readonly action: AuditAction;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** A change of state, applied only while the announcement is in one of `from`. */
interface Transition {
  readonly from: readonly AnnouncementStatus[];
  readonly to: AnnouncementStatus;
  readonly postAt?: Date | null;
  readonly approvedBy?: string | null;
  readonly timeZone?: string | null;
  readonly outcomeNote?: string | null;
}

interface ContentChange {
  readonly title: string | null;
  readonly body: string;
}

/** A change of the text of an existing announcement, and who wrote it (the two-person rule checks them). */
interface TextChange extends ContentChange {
  readonly writtenBy: string;
}

/** The only module that speaks SQL for announcements. Every change of state is one transaction with its audit entry. */
export function createAnnouncementsStore(db: Db) {
  const statements = {
    approval: db.prepare<[string], { require_approval: number }>('SELECT require_approval FROM announcement_settings WHERE guild_id = ?'),
    setApproval: db.prepare<[string, number, string, string]>(
      `INSERT INTO announcement_settings (guild_id, require_approval, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (guild_id) DO UPDATE SET require_approval = excluded.require_approval, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
    insertDraft: db.prepare<{ guild_id: string; author_id: string; channel_id: string; title: string | null; ping: string; role_id: string | null; publish: number; post_at: string | null; time_zone: string | null; at: string }>(
      `INSERT INTO announcements (guild_id, author_id, text_author_id, channel_id, title, ping, role_id, publish, post_at, time_zone, status, created_at, updated_at)
       VALUES (@guild_id, @author_id, @author_id, @channel_id, @title, @ping, @role_id, @publish, @post_at, @time_zone, 'draft', @at, @at)`,
    ),
    byId: db.prepare<[number], AnnouncementRow>('SELECT * FROM announcements WHERE id = ?'),
    writeDraft: db.prepare<[string | null, string, string, number]>(
      "UPDATE announcements SET title = ?, body = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND status = 'draft'",
    ),
    deleteDraft: db.prepare<[number]>("DELETE FROM announcements WHERE id = ? AND status = 'draft'"),
    deleteStaleDrafts: db.prepare<[string]>("DELETE FROM announcements WHERE status = 'draft' AND updated_at < ?"),
    transition: db.prepare<{ id: number; from: string; to: string; set_post_at: number; post_at: string | null; set_approved_by: number; approved_by: string | null; set_time_zone: number; time_zone: string | null; outcome_note: string | null; at: string }>(
      `UPDATE announcements
       SET status = @to,
           post_at = CASE WHEN @set_post_at = 1 THEN @post_at ELSE post_at END,
           approved_by = CASE WHEN @set_approved_by = 1 THEN @approved_by ELSE approved_by END,
           time_zone = CASE WHEN @set_time_zone = 1 THEN @time_zone ELSE time_zone END,
           outcome_note = @outcome_note,
           updated_at = @at
       WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`,
    ),
    changeContent: db.prepare<{ id: number; from: string; title: string | null; body: string; text_author_id: string; at: string }>(
      `UPDATE announcements SET title = @title, body = @body, text_author_id = @text_author_id, revision = revision + 1, updated_at = @at
       WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`,
    ),
    claim: db.prepare<{ id: number; nonce: string; at: string }>(
      `UPDATE announcements
       SET status = 'posting', nonce = coalesce(nonce, @nonce), attempts = attempts + 1, updated_at = @at,
           claimed_at = CASE WHEN status = 'posting' THEN claimed_at ELSE @at END
       WHERE id = @id AND status IN ('scheduled', 'posting')`,
    ),
    recordedPost: db.prepare<[string, string], { found: number }>("SELECT 1 AS found FROM announcements WHERE guild_id = ? AND status = 'posted' AND message_id = ?"),
    complete: db.prepare<{ id: number; message_id: string; at: string }>(
      `UPDATE announcements SET status = 'posted', message_id = @message_id, posted_at = @at, outcome_note = NULL, updated_at = @at
       WHERE id = @id AND status = 'posting'`,
    ),
    markPublished: db.prepare<[string, number]>('UPDATE announcements SET published = 1, updated_at = ? WHERE id = ?'),
    publishFailed: db.prepare<[string, string, number]>('UPDATE announcements SET outcome_note = ?, updated_at = ? WHERE id = ? AND published = 0'),
    unpublished: db.prepare<[string], AnnouncementRow>(
      "SELECT * FROM announcements WHERE status = 'posted' AND publish = 1 AND published = 0 AND outcome_note IS NULL AND posted_at >= ? ORDER BY id",
    ),
    dueToPost: db.prepare<[string], AnnouncementRow>(
      "SELECT * FROM announcements WHERE status IN ('scheduled', 'posting') AND post_at <= ? ORDER BY post_at, id",
    ),
    expiredPending: db.prepare<[string], AnnouncementRow>("SELECT * FROM announcements WHERE status = 'pending' AND post_at <= ? ORDER BY post_at, id"),
    nextDue: db.prepare<[], { at: string | null }>("SELECT min(post_at) AS at FROM announcements WHERE status IN ('scheduled', 'posting')"),
    open: db.prepare<[string], AnnouncementRow>(
      "SELECT * FROM announcements WHERE guild_id = ? AND status IN ('pending', 'scheduled', 'posting') ORDER BY coalesce(post_at, created_at), id",
    ),
    recent: db.prepare<[string, number], AnnouncementRow>(
      "SELECT * FROM announcements WHERE guild_id = ? AND status IN ('posted', 'cancelled', 'rejected', 'missed', 'failed') ORDER BY updated_at DESC, id DESC LIMIT ?",
    ),
    pending: db.prepare<[string], AnnouncementRow>("SELECT * FROM announcements WHERE guild_id = ? AND status = 'pending' ORDER BY id"),
    audit: db.prepare<[string, number, string, string, string, string]>(
      'INSERT INTO announcement_audit (guild_id, announcement_id, actor_id, action, details, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    history: db.prepare<{ guild_id: string; channel_id: string | null; limit: number }, AuditRow>(
      `SELECT audit.announcement_id, announcement.channel_id, audit.actor_id, audit.action, audit.details, audit.created_at
       FROM announcement_audit AS audit JOIN announcements AS announcement ON announcement.id = audit.announcement_id
       WHERE audit.guild_id = @guild_id AND (@channel_id IS NULL OR announcement.channel_id = @channel_id)
       ORDER BY audit.id DESC LIMIT @limit`,
    ),
  };

  const get = (id: number): Announcement | undefined => {
    const row = statements.byId.get(id);
    return row && toAnnouncement(row);
  };

  /** An announcement the caller knows exists (just written, in the same transaction). */
  const requireAnnouncement = (id: number): Announcement => found(get(id), 'announcement', id);

  const writeAudit = (announcement: Pick<Announcement, 'id' | 'guildId'>, entry: AuditInput): void => {
    statements.audit.run(announcement.guildId, announcement.id, entry.actorId, entry.action, JSON.stringify(entry.details ?? {}), entry.at.toISOString());
  };

  /** Applies `change` if the row is still in one of its `from` states; the updated row, or undefined when it was not. */
  const transition = (id: number, change: Transition, audit: AuditInput): Announcement | undefined => {
    const { changes } = statements.transition.run({
      id,
      from: JSON.stringify(change.from),
      to: change.to,
      set_post_at: change.postAt === undefined ? 0 : 1,
      post_at: change.postAt?.toISOString() ?? null,
      set_approved_by: change.approvedBy === undefined ? 0 : 1,
      approved_by: change.approvedBy ?? null,
      set_time_zone: change.timeZone === undefined ? 0 : 1,
      time_zone: change.timeZone ?? null,
      outcome_note: change.outcomeNote ?? null,
      at: audit.at.toISOString(),
    });
    if (changes !== 1) return undefined;
    const updated = requireAnnouncement(id);
    writeAudit(updated, audit);
    return updated;
  };

  return {
    requiresApproval: (guildId: string): boolean => statements.approval.get(guildId)?.require_approval === 1,

    setApproval(guildId: string, required: boolean, actorId: string, at: Date): void {
      statements.setApproval.run(guildId, required ? 1 : 0, actorId, at.toISOString());
    },

    get,
    require: requireAnnouncement,

    createDraft(draft: NewDraft, at: Date): Announcement {
      const { lastInsertRowid } = statements.insertDraft.run({
        guild_id: draft.guildId,
        author_id: draft.authorId,
        channel_id: draft.channelId,
        title: draft.title,
        ping: draft.ping.kind,
        role_id: draft.ping.kind === 'role' ? draft.ping.roleId : null,
        publish: draft.publish ? 1 : 0,
        post_at: draft.postAt?.toISOString() ?? null,
        time_zone: draft.timeZone,
        at: at.toISOString(),
      });
      return requireAnnouncement(Number(lastInsertRowid));
    },

    /** False when the row is no longer a draft. */
    writeDraft: (id: number, content: ContentChange, at: Date): boolean => statements.writeDraft.run(content.title, content.body, at.toISOString(), id).changes === 1,

    discardDraft: (id: number): boolean => statements.deleteDraft.run(id).changes === 1,

    /** Removes drafts untouched since `before` (composed, never posted nor discarded). */
    discardStaleDrafts: (before: Date): number => statements.deleteStaleDrafts.run(before.toISOString()).changes,

    transition: writeTransaction(db, transition),

    /** New title and body (and optionally a new state) in one audited step; undefined when the state moved on meanwhile. */
    changeContent: writeTransaction(db, (id: number, from: readonly string[], content: TextChange, then: Transition | null, audit: AuditInput): Announcement | undefined => {
      const at = audit.at.toISOString();
      const change = { id, from: JSON.stringify(from), title: content.title, body: content.body, text_author_id: content.writtenBy, at };
      if (statements.changeContent.run(change).changes !== 1) return undefined;
      if (!then) {
        const updated = requireAnnouncement(id);
        writeAudit(updated, audit);
        return updated;
      }
      return transition(id, then, audit);
    }),

    /**
     * Claims a due announcement before anything is sent: status `posting` with its nonce (kept from an
     * earlier unfinished claim, so a resend reuses it). `resumed`: an earlier attempt was left
     * unfinished and may have reached Discord. Undefined when it is no longer due to post.
     */
    claim: writeTransaction(db, (id: number, nonce: string, at: Date): { announcement: Announcement; resumed: boolean } | undefined => {
      const resumed = get(id)?.status === 'posting';
      if (statements.claim.run({ id, nonce, at: at.toISOString() }).changes !== 1) return undefined;
      const announcement = get(id);
      return announcement && { announcement, resumed };
    }),

    /** Whether a message is already another announcement's post in this server. */
    isRecordedPost: (guildId: string, messageId: string): boolean => statements.recordedPost.get(guildId, messageId) !== undefined,

    /** Records the sent message; false when another path completed it first. */
    complete: writeTransaction(db, (id: number, messageId: string, audit: AuditInput): boolean => {
      if (statements.complete.run({ id, message_id: messageId, at: audit.at.toISOString() }).changes !== 1) return false;
      writeAudit(requireAnnouncement(id), audit);
      return true;
    }),

    markPublished: (id: number, at: Date): void => {
      statements.markPublished.run(at.toISOString(), id);
    },

    /** Publishing failed for good: kept on the row (so no tick retries it) and audited. */
    recordPublishFailure: writeTransaction(db, (id: number, reason: string, audit: AuditInput): void => {
      if (statements.publishFailed.run(reason, audit.at.toISOString(), id).changes === 1) writeAudit(requireAnnouncement(id), audit);
    }),

    /** Posted since `since`, to be published, and not yet: a crash or a 5xx came between posting and publishing. */
    unpublished: (since: Date): Announcement[] => statements.unpublished.all(since.toISOString()).map(toAnnouncement),

    /** Scheduled (or claimed and unfinished) announcements whose time has come, oldest first. */
    dueToPost: (now: Date): Announcement[] => statements.dueToPost.all(now.toISOString()).map(toAnnouncement),

    /** Announcements still awaiting approval whose time passed before `cutoff`. */
    expiredPending: (cutoff: Date): Announcement[] => statements.expiredPending.all(cutoff.toISOString()).map(toAnnouncement),

    nextDueAt: (): Date | null => {
      const at = statements.nextDue.get()?.at;
      return at ? new Date(at) : null;
    },

    open: (guildId: string): Announcement[] => statements.open.all(guildId).map(toAnnouncement),

    recent: (guildId: string, limit: number): Announcement[] => statements.recent.all(guildId, limit).map(toAnnouncement),

    pending: (guildId: string): Announcement[] => statements.pending.all(guildId).map(toAnnouncement),

    history: (guildId: string, channelId: string | null, limit: number): AuditRecord[] =>
      statements.history.all({ guild_id: guildId, channel_id: channelId, limit }).map((row) => ({
        announcementId: row.announcement_id,
        channelId: row.channel_id,
        actorId: row.actor_id,
        action: row.action,
        details: JSON.parse(row.details) as Record<string, unknown>,
        at: new Date(row.created_at),
      })),

  };
}

export type AnnouncementsStore = ReturnType<typeof createAnnouncementsStore>;

function toAnnouncement(row: AnnouncementRow): Announcement {
  const ping: Ping = row.ping === 'role' && row.role_id ? { kind: 'role', roleId: row.role_id } : row.ping === 'everyone' ? { kind: 'everyone' } : { kind: 'none' };
  return {
    id: row.id,
    guildId: row.guild_id,
    authorId: row.author_id,
    textAuthorId: row.text_author_id,
    channelId: row.channel_id,
    title: row.title,
    body: row.body,
    revision: row.revision,
    ping,
    publish: row.publish === 1,
    postAt: row.post_at ? new Date(row.post_at) : null,
    timeZone: row.time_zone,
    status: row.status,
    nonce: row.nonce,
    attempts: row.attempts,
    claimedAt: row.claimed_at ? new Date(row.claimed_at) : null,
    messageId: row.message_id,
    postedAt: row.posted_at ? new Date(row.posted_at) : null,
    published: row.published === 1,
    approvedBy: row.approved_by,
    outcomeNote: row.outcome_note,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
