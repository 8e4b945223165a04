import type { Selectable } from 'kysely';
import { changed, first, type SqlDatabase, type Work } from '../db/sql/dialect.js';
import type { AnnouncementsTable } from '../db/sql/schema.js';
import { CLOSED_STATUSES, type Announcement, type AnnouncementStatus, type AuditAction, type AuditRecord, type Ping } from './announcement.js';
import { found } from '../core/errors.js';
import { mayResumeClaim, type ClaimLease } from '../scheduling/claim-lease.js';

type AnnouncementRow = Selectable<AnnouncementsTable>;

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

/**
 * The only module that speaks SQL for announcements, on SQLite and PostgreSQL alike. Every change of
 * state with its audit entry is one unit of work (src/db/sql/dialect.ts): atomic, and never
 * interleaved with other stores.
 */
export function createAnnouncementsStore(database: SqlDatabase) {
  const { kysely: db, transaction } = database;
  const postgres = database.dialect === 'postgres';

  const byId = (id: number) => db.selectFrom('announcements').selectAll().where('id', '=', id);
  const inGuild = (guildId: string, statuses: readonly AnnouncementStatus[]) =>
    db.selectFrom('announcements').selectAll().where('guild_id', '=', guildId).where('status', 'in', [...statuses]);
  const list = async (query: ReturnType<typeof byId>): Promise<Announcement[]> => (await query.execute()).map(toAnnouncement);

  /** An announcement the unit of work knows exists (it just wrote it). */
  function* requireIn(id: number): Work<Announcement> {
    return toAnnouncement(found(yield* first(byId(id)), 'announcement', id));
  }

  function* writeAudit(announcement: Pick<Announcement, 'id' | 'guildId'>, entry: AuditInput): Work<void> {
    yield* changed(
      db.insertInto('announcement_audit').values({
        guild_id: announcement.guildId,
        announcement_id: announcement.id,
        actor_id: entry.actorId,
        action: entry.action,
        details: JSON.stringify(entry.details ?? {}),
        created_at: entry.at.toISOString(),
      }),
    );
  }

  /** Applies `change` if the row is still in one of its `from` states; the updated row, or undefined when it was not. */
  function* transitionIn(id: number, change: Transition, audit: AuditInput): Work<Announcement | undefined> {
    const changes = yield* changed(
      db
        .updateTable('announcements')
        .set({
          status: change.to,
          ...(change.postAt === undefined ? {} : { post_at: change.postAt?.toISOString() ?? null }),
          ...(change.approvedBy === undefined ? {} : { approved_by: change.approvedBy }),
          ...(change.timeZone === undefined ? {} : { time_zone: change.timeZone }),
          outcome_note: change.outcomeNote ?? null,
          updated_at: audit.at.toISOString(),
        })
        .where('id', '=', id)
        .where('status', 'in', [...change.from]),
    );
    if (changes !== 1) return undefined;
    const updated = yield* requireIn(id);
    yield* writeAudit(updated, audit);
    return updated;
  }

  const get = async (id: number): Promise<Announcement | undefined> => {
    const row = await byId(id).executeTakeFirst();
    return row && toAnnouncement(row);
  };

  return {
    requiresApproval: async (guildId: string): Promise<boolean> =>
      (await db.selectFrom('announcement_settings').select('require_approval').where('guild_id', '=', guildId).executeTakeFirst())?.require_approval === 1,

    async setApproval(guildId: string, required: boolean, actorId: string, at: Date): Promise<void> {
      const values = { require_approval: required ? 1 : 0, updated_by: actorId, updated_at: at.toISOString() };
      await db
        .insertInto('announcement_settings')
        .values({ guild_id: guildId, ...values })
        .onConflict((conflict) => conflict.column('guild_id').doUpdateSet(values))
        .execute();
    },

    get,

    /** An announcement the caller knows exists (it just wrote it). */
    require: async (id: number): Promise<Announcement> => found(await get(id), 'announcement', id),

    async createDraft(draft: NewDraft, at: Date): Promise<Announcement> {
      const row = await db
        .insertInto('announcements')
        .values({
          guild_id: draft.guildId,
          author_id: draft.authorId,
          text_author_id: draft.authorId,
          channel_id: draft.channelId,
          title: draft.title,
          ping: draft.ping.kind,
          role_id: draft.ping.kind === 'role' ? draft.ping.roleId : null,
          publish: draft.publish ? 1 : 0,
          post_at: draft.postAt?.toISOString() ?? null,
          time_zone: draft.timeZone,
          status: 'draft',
          created_at: at.toISOString(),
          updated_at: at.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAnnouncement(row);
    },

    /** False when the row is no longer a draft. */
    writeDraft: async (id: number, content: ContentChange, at: Date): Promise<boolean> =>
      Number(
        (
          await db
            .updateTable('announcements')
            .set((eb) => ({ title: content.title, body: content.body, revision: eb('revision', '+', 1), updated_at: at.toISOString() }))
            .where('id', '=', id)
            .where('status', '=', 'draft')
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1,

    discardDraft: async (id: number): Promise<boolean> =>
      Number((await db.deleteFrom('announcements').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst()).numDeletedRows) === 1,

    /** Removes drafts untouched since `before` (composed, never posted nor discarded). */
    discardStaleDrafts: async (before: Date): Promise<number> =>
      Number((await db.deleteFrom('announcements').where('status', '=', 'draft').where('updated_at', '<', before.toISOString()).executeTakeFirst()).numDeletedRows),

    transition: (id: number, change: Transition, audit: AuditInput): Promise<Announcement | undefined> => transaction(() => transitionIn(id, change, audit)),

    /** New title and body (and optionally a new state) in one audited step; undefined when the state moved on meanwhile. */
    changeContent: (id: number, from: readonly AnnouncementStatus[], content: TextChange, then: Transition | null, audit: AuditInput): Promise<Announcement | undefined> =>
      transaction(function* () {
        const changes = yield* changed(
          db
            .updateTable('announcements')
            .set((eb) => ({ title: content.title, body: content.body, text_author_id: content.writtenBy, revision: eb('revision', '+', 1), updated_at: audit.at.toISOString() }))
            .where('id', '=', id)
            .where('status', 'in', [...from]),
        );
        if (changes !== 1) return undefined;
        if (then) return yield* transitionIn(id, then, audit);
        const updated = yield* requireIn(id);
        yield* writeAudit(updated, audit);
        return updated;
      }),

    /**
     * Claims a due announcement before anything is sent: status `posting` with its nonce (kept from an
     * earlier unfinished claim, so a resend reuses it). `resumed`: an earlier attempt was left
     * unfinished and may have reached Discord. Undefined when it is no longer due to post, when it was
     * claimed since the caller saw it (`seen.attempts` moved on), or when another host is claiming it
     * right now (PostgreSQL: its row is locked, skipped rather than waited for): of two hosts that saw
     * the same due row, one takes it. An unfinished claim is resumed only by the host that holds it, or
     * by another once its lease ran out (src/scheduling/claim-lease.ts).
     */
    claim: (seen: Pick<Announcement, 'id' | 'attempts'>, nonce: string, at: Date, lease: ClaimLease): Promise<{ announcement: Announcement; resumed: boolean } | undefined> =>
      transaction(function* () {
        const { id } = seen;
        const due = yield* first(
          byId(id)
            .where('status', 'in', ['scheduled', 'posting'])
            .where('attempts', '=', seen.attempts)
            .$if(postgres, (query) => query.forUpdate().skipLocked()),
        );
        if (!due) return undefined;
        const resumed = due.status === 'posting';
        if (resumed && !mayResumeClaim({ owner: due.claim_owner, lease_until: due.lease_until }, lease.owner, at)) return undefined;
        const taken = yield* changed(
          db
            .updateTable('announcements')
            .set((eb) => ({
              status: 'posting',
              nonce: due.nonce ?? nonce,
              attempts: eb('attempts', '+', 1),
              claimed_at: resumed ? due.claimed_at : at.toISOString(),
              claim_owner: lease.owner,
              lease_until: new Date(at.getTime() + lease.ms).toISOString(),
              updated_at: at.toISOString(),
            }))
            .where('id', '=', id)
            .where('status', '=', due.status)
            .where('attempts', '=', due.attempts),
        );
        if (taken !== 1) return undefined;
        return { announcement: yield* requireIn(id), resumed };
      }),

    /** Whether a message is already another announcement's post in this server. */
    isRecordedPost: async (guildId: string, messageId: string): Promise<boolean> =>
      (await db.selectFrom('announcements').select('id').where('guild_id', '=', guildId).where('status', '=', 'posted').where('message_id', '=', messageId).executeTakeFirst()) !==
      undefined,

    /** Records the sent message; false when another path completed it first. */
    complete: (id: number, messageId: string, audit: AuditInput): Promise<boolean> =>
      transaction(function* () {
        const at = audit.at.toISOString();
        const changes = yield* changed(
          db
            .updateTable('announcements')
            .set({ status: 'posted', message_id: messageId, posted_at: at, outcome_note: null, updated_at: at })
            .where('id', '=', id)
            .where('status', '=', 'posting'),
        );
        if (changes !== 1) return false;
        yield* writeAudit(yield* requireIn(id), audit);
        return true;
      }),

    async markPublished(id: number, at: Date): Promise<void> {
      await db.updateTable('announcements').set({ published: 1, updated_at: at.toISOString() }).where('id', '=', id).execute();
    },

    /** Publishing failed for good: kept on the row (so no tick retries it) and audited. */
    recordPublishFailure: (id: number, reason: string, audit: AuditInput): Promise<void> =>
      transaction(function* () {
        const changes = yield* changed(
          db.updateTable('announcements').set({ outcome_note: reason, updated_at: audit.at.toISOString() }).where('id', '=', id).where('published', '=', 0),
        );
        if (changes === 1) yield* writeAudit(yield* requireIn(id), audit);
      }),

    /** Posted since `since`, to be published, and not yet: a crash or a 5xx came between posting and publishing. */
    unpublished: (since: Date): Promise<Announcement[]> =>
      list(
        db
          .selectFrom('announcements')
          .selectAll()
          .where('status', '=', 'posted')
          .where('publish', '=', 1)
          .where('published', '=', 0)
          .where('outcome_note', 'is', null)
          .where('posted_at', '>=', since.toISOString())
          .orderBy('id'),
      ),

    /** Scheduled (or claimed and unfinished) announcements whose time has come, oldest first. */
    dueToPost: (now: Date): Promise<Announcement[]> =>
      list(db.selectFrom('announcements').selectAll().where('status', 'in', ['scheduled', 'posting']).where('post_at', '<=', now.toISOString()).orderBy('post_at').orderBy('id')),

    /** Announcements still awaiting approval whose time passed before `cutoff`. */
    expiredPending: (cutoff: Date): Promise<Announcement[]> =>
      list(db.selectFrom('announcements').selectAll().where('status', '=', 'pending').where('post_at', '<=', cutoff.toISOString()).orderBy('post_at').orderBy('id')),

    nextDueAt: async (): Promise<Date | null> => {
      const row = await db
        .selectFrom('announcements')
        .select((eb) => eb.fn.min('post_at').as('at'))
        .where('status', 'in', ['scheduled', 'posting'])
        .executeTakeFirst();
      return row?.at ? new Date(row.at) : null;
    },

    open: (guildId: string): Promise<Announcement[]> =>
      list(inGuild(guildId, ['pending', 'scheduled', 'posting']).orderBy((eb) => eb.fn.coalesce('post_at', 'created_at')).orderBy('id')),

    recent: (guildId: string, limit: number): Promise<Announcement[]> =>
      list(inGuild(guildId, ['posted', ...CLOSED_STATUSES]).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit)),

    pending: (guildId: string): Promise<Announcement[]> => list(inGuild(guildId, ['pending']).orderBy('id')),

    history: async (guildId: string, channelId: string | null, limit: number): Promise<AuditRecord[]> =>
      (
        await db
          .selectFrom('announcement_audit as audit')
          .innerJoin('announcements as announcement', 'announcement.id', 'audit.announcement_id')
          .select(['audit.announcement_id', 'announcement.channel_id', 'audit.actor_id', 'audit.action', 'audit.details', 'audit.created_at'])
          .where('audit.guild_id', '=', guildId)
          .$if(channelId !== null, (query) => query.where('announcement.channel_id', '=', channelId ?? ''))
          .orderBy('audit.id', 'desc')
          .limit(limit)
          .execute()
      ).map((row) => ({
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
