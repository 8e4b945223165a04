import type { Selectable } from 'kysely';
import { all, changed, first, type SqlDatabase } from '../db/sql/dialect.js';
import type { TipPostsTable, TipSchedulesTable } from '../db/sql/schema.js';
import type { PlannedPost, PostDays } from '../scheduling/time/schedule.js';
import { found } from '../core/errors.js';
import { mayResumeClaim } from '../scheduling/claim-lease.js';

export type ScheduleStatus = 'active' | 'paused' | 'disabled';
type PostState = 'claimed' | 'posted' | 'abandoned';

export interface TipSchedule {
  readonly guildId: string;
  readonly guildName: string | null;
  readonly channelId: string;
  readonly time: string;
  readonly zone: string;
  readonly days: PostDays;
  readonly roleId: string | null;
  readonly status: ScheduleStatus;
  readonly pauseReason: string | null;
  /** The next post while active: its instant and the local date it belongs to. */
  readonly next: PlannedPost | null;
  readonly setUpBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

interface ScheduleSettings {
  readonly guildId: string;
  readonly guildName: string | null;
  readonly channelId: string;
  readonly time: string;
  readonly zone: string;
  readonly days: PostDays;
  readonly roleId: string | null;
  readonly setUpBy: string;
}

/** One server's post for one local date. */
export interface TipPost {
  readonly guildId: string;
  readonly localDate: string;
  readonly tipId: string;
  readonly nonce: string;
  readonly state: PostState;
  readonly attempts: number;
  readonly channelId: string | null;
  readonly messageId: string | null;
  readonly claimedAt: Date;
  readonly postedAt: Date | null;
  /** The process holding the claim while unfinished (null on claims made before leases). */
  readonly owner: string | null;
  /** Until when only `owner` may resend it. */
  readonly leaseUntil: Date | null;
}

export interface AuditEntry {
  /** A user id, or `system` for changes the bot made itself. */
  readonly actorId: string;
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

interface SavedTip {
  readonly tipId: string;
  readonly savedAt: Date;
}

type ScheduleRow = Selectable<TipSchedulesTable>;
type PostRow = Selectable<TipPostsTable>;

interface ClaimRequest {
  readonly guildId: string;
  readonly localDate: string;
  readonly nonce: string;
  readonly at: Date;
  /** This process (a host's shard process): the claim is its own until `leaseUntil`. */
  readonly owner: string;
  readonly leaseUntil: Date;
  /** Picks the tip for a new claim (or replaces one no longer in the catalogue) from the posted counts. */
  readonly chooseTip: (postedCounts: ReadonlyMap<string, number>, previousTipId: string | null) => string;
}

/**
 * The only module that speaks SQL for tips, on SQLite and PostgreSQL alike. Every change of state
 * is one unit of work (src/db/sql/dialect.ts): atomic, and never interleaved with other stores.
 */
export function createTipsStore(database: SqlDatabase) {
  const { kysely: db, transaction } = database;
  const postgres = database.dialect === 'postgres';

  const scheduleQuery = (guildId: string) => db.selectFrom('tip_schedules').selectAll().where('guild_id', '=', guildId);
  const postQuery = (guildId: string, localDate: string) =>
    db.selectFrom('tip_posts').selectAll().where('guild_id', '=', guildId).where('local_date', '=', localDate);
  const postedCountsQuery = (guildId: string) =>
    db
      .selectFrom('tip_posts')
      .select(['tip_id', (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('guild_id', '=', guildId)
      .where('state', '=', 'posted')
      .groupBy('tip_id');

  const auditInsert = (guildId: string, entry: AuditEntry) =>
    db.insertInto('tip_settings_audit').values({
      guild_id: guildId,
      actor_id: entry.actorId,
      action: entry.action,
      details: JSON.stringify(entry.details),
      created_at: entry.at.toISOString(),
    });

  const advanceUpdate = (guildId: string, fromDate: string, next: PlannedPost, at: Date) =>
    db
      .updateTable('tip_schedules')
      .set({ next_post_at: next.at.toISOString(), next_local_date: next.localDate, updated_at: at.toISOString() })
      .where('guild_id', '=', guildId)
      .where('status', '=', 'active')
      .where('next_local_date', '=', fromDate);

  // pg returns count(*) (a bigint) as a string.
  const countsOf = (rows: { tip_id: string; count: number | string }[]) => new Map(rows.map((row) => [row.tip_id, Number(row.count)]));

  return {
    getSchedule: async (guildId: string): Promise<TipSchedule | undefined> => {
      const row = await scheduleQuery(guildId).executeTakeFirst();
      return row && toSchedule(row);
    },

    getPost: async (guildId: string, localDate: string): Promise<TipPost | undefined> => {
      const row = await postQuery(guildId, localDate).executeTakeFirst();
      return row && toPost(row);
    },

    postedCounts: async (guildId: string): Promise<Map<string, number>> => countsOf(await postedCountsQuery(guildId).execute()),

    /** Creates or replaces a server's schedule as active, with its first post, and records who did it. */
    saveSchedule: (settings: ScheduleSettings, next: PlannedPost, audit: AuditEntry): Promise<TipSchedule> =>
      transaction(function* () {
        const at = audit.at.toISOString();
        const values = {
          guild_id: settings.guildId,
          guild_name: settings.guildName,
          channel_id: settings.channelId,
          local_time: settings.time,
          time_zone: settings.zone,
          days: settings.days,
          role_id: settings.roleId,
          status: 'active' as const,
          pause_reason: null,
          next_post_at: next.at.toISOString(),
          next_local_date: next.localDate,
          set_up_by: settings.setUpBy,
          created_at: at,
          updated_at: at,
        };
        const { guild_id: _key, created_at: _created, ...changes } = values;
        yield* changed(db.insertInto('tip_schedules').values(values).onConflict((conflict) => conflict.column('guild_id').doUpdateSet(changes)));
        yield* changed(auditInsert(settings.guildId, audit));
        return toSchedule(found(yield* first(scheduleQuery(settings.guildId)), 'tip schedule', settings.guildId));
      }),

    /**
     * Moves a schedule to `status` if it is currently in one of `from`; false (and no audit entry)
     * when it was not, so two concurrent pauses cannot both report a change.
     */
    changeStatus: (
      guildId: string,
      change: { status: ScheduleStatus; reason: string | null; next: PlannedPost | null; from: readonly ScheduleStatus[] },
      audit: AuditEntry,
    ): Promise<boolean> =>
      transaction(function* () {
        const changes = yield* changed(
          db
            .updateTable('tip_schedules')
            .set({
              status: change.status,
              pause_reason: change.reason,
              next_post_at: change.next?.at.toISOString() ?? null,
              next_local_date: change.next?.localDate ?? null,
              updated_at: audit.at.toISOString(),
            })
            .where('guild_id', '=', guildId)
            .where('status', 'in', [...change.from]),
        );
        if (changes === 1) yield* changed(auditInsert(guildId, audit));
        return changes === 1;
      }),

    /** Active schedules whose next post is due, oldest first (the partial index keeps this cheap). */
    dueSchedules: async (now: Date): Promise<TipSchedule[]> =>
      (
        await db
          .selectFrom('tip_schedules')
          .selectAll()
          .where('status', '=', 'active')
          .where('next_post_at', '<=', now.toISOString())
          .orderBy('next_post_at')
          .orderBy('guild_id')
          .execute()
      ).map(toSchedule),

    /** The earliest next post of any active schedule (lets the sandbox and tests jump from one post to the next). */
    nextDueAt: async (): Promise<Date | null> => {
      const row = await db
        .selectFrom('tip_schedules')
        .select((eb) => eb.fn.min('next_post_at').as('at'))
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row?.at ? new Date(row.at) : null;
    },

    /** Moves the next post on from `fromDate`; false when the schedule changed meanwhile. */
    advance: async (guildId: string, fromDate: string, next: PlannedPost, at: Date): Promise<boolean> =>
      Number((await advanceUpdate(guildId, fromDate, next, at).executeTakeFirst()).numUpdatedRows) === 1,

    /**
     * Claims (guild, local date) before anything is sent. A posted claim is returned as it is; an
     * unfinished one is claimed again with the same nonce, so a resend cannot make a second message,
     * but only by its owner or once its lease ran out (its owner died): two hosts owning the server at
     * once never both resend it. Null when another host holds the schedule right now (PostgreSQL: its
     * row is locked, skipped rather than waited for) or the claim, or it is no longer due for that
     * date: nothing to do here.
     */
    claimDay: (request: ClaimRequest): Promise<TipPost | null> =>
      transaction(function* () {
        const { guildId, localDate, nonce, at, owner } = request;
        const lease = { owner, lease_until: request.leaseUntil.toISOString() };
        const schedule = yield* first(
          db
            .selectFrom('tip_schedules')
            .select('guild_id')
            .where('guild_id', '=', guildId)
            .where('status', '=', 'active')
            .$if(postgres, (query) => query.forUpdate().skipLocked()),
        );
        if (!schedule) return null;
        const existing = yield* first(postQuery(guildId, localDate));
        if (existing?.state === 'posted') return toPost(existing);
        const counts = countsOf(yield* all(postedCountsQuery(guildId)));
        if (existing) {
          if (!mayResumeClaim(existing, owner, at)) return null;
          // Compare-and-set on attempts and the lease: of two hosts resuming the same claim, one takes it.
          const taken = yield* changed(
            db
              .updateTable('tip_posts')
              .set((eb) => ({ state: 'claimed', tip_id: request.chooseTip(counts, existing.tip_id), attempts: eb('attempts', '+', 1), ...lease }))
              .where('guild_id', '=', guildId)
              .where('local_date', '=', localDate)
              .where('nonce', '=', existing.nonce)
              .where('attempts', '=', existing.attempts)
              .where('state', '!=', 'posted')
              .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '=', owner), eb('lease_until', 'is', null), eb('lease_until', '<=', at.toISOString())])),
          );
          if (taken === 0) return null;
        } else {
          const inserted = yield* changed(
            db
              .insertInto('tip_posts')
              .values({ guild_id: guildId, local_date: localDate, tip_id: request.chooseTip(counts, null), nonce, state: 'claimed', claimed_at: at.toISOString(), ...lease })
              .onConflict((conflict) => conflict.columns(['guild_id', 'local_date']).doNothing()),
          );
          if (inserted === 0) return null;
        }
        return toPost(found(yield* first(postQuery(guildId, localDate)), 'tip post', guildId, localDate));
      }),

    /** Records the sent message on the claim and moves the schedule to its next post. */
    completePost: (post: { guildId: string; localDate: string; channelId: string; messageId: string; at: Date }, next: PlannedPost): Promise<void> =>
      transaction(function* () {
        // The schedule's row first, as a claim locks it: on PostgreSQL the opposite order could deadlock with a claim.
        yield* changed(advanceUpdate(post.guildId, post.localDate, next, post.at));
        yield* changed(
          db
            .updateTable('tip_posts')
            .set({ state: 'posted', channel_id: post.channelId, message_id: post.messageId, posted_at: post.at.toISOString() })
            .where('guild_id', '=', post.guildId)
            .where('local_date', '=', post.localDate),
        );
      }),

    /** Gives up on a local date (missed while the bot was down, or refused by Discord) and moves on. */
    abandonDay: (guildId: string, localDate: string, next: PlannedPost, at: Date): Promise<void> =>
      transaction(function* () {
        yield* changed(advanceUpdate(guildId, localDate, next, at));
        yield* changed(
          db
            .updateTable('tip_posts')
            .set({ state: 'abandoned' })
            .where('guild_id', '=', guildId)
            .where('local_date', '=', localDate)
            .where('state', '=', 'claimed'),
        );
      }),

    /** Whether a message is already some day's recorded post in this server. */
    isRecordedPost: async (guildId: string, messageId: string): Promise<boolean> =>
      (await db.selectFrom('tip_posts').select('guild_id').where('guild_id', '=', guildId).where('message_id', '=', messageId).executeTakeFirst()) !== undefined,

    lastPosted: async (guildId: string): Promise<TipPost | undefined> => {
      const row = await db
        .selectFrom('tip_posts')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('state', '=', 'posted')
        .orderBy('local_date', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toPost(row);
    },

    auditLog: async (guildId: string, limit: number): Promise<AuditEntry[]> =>
      (
        await db
          .selectFrom('tip_settings_audit')
          .select(['actor_id', 'action', 'details', 'created_at'])
          .where('guild_id', '=', guildId)
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      ).map((row) => ({
        actorId: row.actor_id,
        action: row.action,
        details: JSON.parse(row.details) as Record<string, unknown>,
        at: new Date(row.created_at),
      })),

    /** True when newly saved, false when the member had already saved it. */
    saveTip: async (userId: string, tipId: string, at: Date): Promise<boolean> =>
      Number(
        (await db.insertInto('tip_saved').values({ user_id: userId, tip_id: tipId, saved_at: at.toISOString() }).onConflict((conflict) => conflict.doNothing()).executeTakeFirst())
          .numInsertedOrUpdatedRows ?? 0n,
      ) === 1,

    /** Newest first; two saved in the same millisecond come in tip order (PostgreSQL has no rowid to break the tie). */
    savedTips: async (userId: string): Promise<SavedTip[]> =>
      (
        await db.selectFrom('tip_saved').select(['tip_id', 'saved_at']).where('user_id', '=', userId).orderBy('saved_at', 'desc').orderBy('tip_id').execute()
      ).map((row) => ({ tipId: row.tip_id, savedAt: new Date(row.saved_at) })),
  };
}

export type TipsStore = ReturnType<typeof createTipsStore>;

function toSchedule(row: ScheduleRow): TipSchedule {
  return {
    guildId: row.guild_id,
    guildName: row.guild_name,
    channelId: row.channel_id,
    time: row.local_time,
    zone: row.time_zone,
    days: row.days,
    roleId: row.role_id,
    status: row.status,
    pauseReason: row.pause_reason,
    next: row.next_post_at && row.next_local_date ? { at: new Date(row.next_post_at), localDate: row.next_local_date } : null,
    setUpBy: row.set_up_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toPost(row: PostRow): TipPost {
  return {
    guildId: row.guild_id,
    localDate: row.local_date,
    tipId: row.tip_id,
    nonce: row.nonce,
    state: row.state,
    attempts: row.attempts,
    channelId: row.channel_id,
    messageId: row.message_id,
    claimedAt: new Date(row.claimed_at),
    postedAt: row.posted_at ? new Date(row.posted_at) : null,
    owner: row.owner,
    leaseUntil: row.lease_until ? new Date(row.lease_until) : null,
  };
}

