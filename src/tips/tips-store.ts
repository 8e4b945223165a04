import type { Db } from '../db/index.js';
import type { PlannedPost, PostDays } from '../scheduling/time/schedule.js';
import { found } from '../core/errors.js';

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

interface ScheduleRow {
  guild_id: string;
  guild_name: string | null;
  channel_id: string;
  local_time: string;
  time_zone: string;
  days: PostDays;
  role_id: string | null;
  status: ScheduleStatus;
  pause_reason: string | null;
  next_post_at: string | null;
  next_local_date: string | null;
  set_up_by: string;
  created_at: string;
  updated_at: string;
}

interface PostRow {
  guild_id: string;
  local_date: string;
  tip_id: string;
  nonce: string;
  state: PostState;
  attempts: number;
  channel_id: string | null;
  message_id: string | null;
  claimed_at: string;
  posted_at: string | null;
}

interface AuditRow {
  actor_id: string;
  action: string;
  details: string;
  created_at: string;
}

interface ClaimRequest {
  readonly guildId: string;
  readonly localDate: string;
  readonly nonce: string;
  readonly at: Date;
  /** Picks the tip for a new claim (or replaces one no longer in the catalogue) from the posted counts. */
  readonly chooseTip: (postedCounts: ReadonlyMap<string, number>, previousTipId: string | null) => string;
}

/** The only module that speaks SQL for tips. Every change of state runs in one transaction. */
export function createTipsStore(db: Db) {
  const statements = {
    schedule: db.prepare<[string], ScheduleRow>('SELECT * FROM tip_schedules WHERE guild_id = ?'),
    upsertSchedule: db.prepare<[ScheduleRow]>(
      `INSERT INTO tip_schedules (guild_id, guild_name, channel_id, local_time, time_zone, days, role_id, status, pause_reason,
                                  next_post_at, next_local_date, set_up_by, created_at, updated_at)
       VALUES (@guild_id, @guild_name, @channel_id, @local_time, @time_zone, @days, @role_id, @status, @pause_reason,
               @next_post_at, @next_local_date, @set_up_by, @created_at, @updated_at)
       ON CONFLICT (guild_id) DO UPDATE SET
         guild_name = excluded.guild_name, channel_id = excluded.channel_id, local_time = excluded.local_time,
         time_zone = excluded.time_zone, days = excluded.days, role_id = excluded.role_id, status = excluded.status,
         pause_reason = excluded.pause_reason, next_post_at = excluded.next_post_at, next_local_date = excluded.next_local_date,
         set_up_by = excluded.set_up_by, updated_at = excluded.updated_at`,
    ),
    changeStatus: db.prepare<{ guild_id: string; status: ScheduleStatus; pause_reason: string | null; next_post_at: string | null; next_local_date: string | null; updated_at: string; from: string }>(
      `UPDATE tip_schedules
       SET status = @status, pause_reason = @pause_reason, next_post_at = @next_post_at, next_local_date = @next_local_date, updated_at = @updated_at
       WHERE guild_id = @guild_id AND status IN (SELECT value FROM json_each(@from))`,
    ),
    due: db.prepare<[string], ScheduleRow>(
      "SELECT * FROM tip_schedules WHERE status = 'active' AND next_post_at <= ? ORDER BY next_post_at, guild_id",
    ),
    nextDue: db.prepare<[], { at: string | null }>("SELECT min(next_post_at) AS at FROM tip_schedules WHERE status = 'active'"),
    advance: db.prepare<{ guild_id: string; from_date: string; next_post_at: string; next_local_date: string; updated_at: string }>(
      `UPDATE tip_schedules SET next_post_at = @next_post_at, next_local_date = @next_local_date, updated_at = @updated_at
       WHERE guild_id = @guild_id AND status = 'active' AND next_local_date = @from_date`,
    ),
    audit: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO tip_settings_audit (guild_id, actor_id, action, details, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    auditLog: db.prepare<[string, number], AuditRow>(
      'SELECT actor_id, action, details, created_at FROM tip_settings_audit WHERE guild_id = ? ORDER BY id DESC LIMIT ?',
    ),
    post: db.prepare<[string, string], PostRow>('SELECT * FROM tip_posts WHERE guild_id = ? AND local_date = ?'),
    lastPosted: db.prepare<[string], PostRow>(
      "SELECT * FROM tip_posts WHERE guild_id = ? AND state = 'posted' ORDER BY local_date DESC LIMIT 1",
    ),
    postedCounts: db.prepare<[string], { tip_id: string; count: number }>(
      "SELECT tip_id, count(*) AS count FROM tip_posts WHERE guild_id = ? AND state = 'posted' GROUP BY tip_id",
    ),
    insertClaim: db.prepare<[string, string, string, string, string]>(
      "INSERT INTO tip_posts (guild_id, local_date, tip_id, nonce, state, claimed_at) VALUES (?, ?, ?, ?, 'claimed', ?)",
    ),
    reclaim: db.prepare<[string, string, string, string]>(
      "UPDATE tip_posts SET state = 'claimed', tip_id = ?, attempts = attempts + 1 WHERE guild_id = ? AND local_date = ? AND nonce = ?",
    ),
    complete: db.prepare<[string, string, string, string, string]>(
      "UPDATE tip_posts SET state = 'posted', channel_id = ?, message_id = ?, posted_at = ? WHERE guild_id = ? AND local_date = ?",
    ),
    recordedMessage: db.prepare<[string, string], { found: number }>('SELECT 1 AS found FROM tip_posts WHERE guild_id = ? AND message_id = ?'),
    abandon: db.prepare<[string, string]>("UPDATE tip_posts SET state = 'abandoned' WHERE guild_id = ? AND local_date = ? AND state = 'claimed'"),
    saveTip: db.prepare<[string, string, string]>('INSERT INTO tip_saved (user_id, tip_id, saved_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    savedTips: db.prepare<[string], { tip_id: string; saved_at: string }>(
      'SELECT tip_id, saved_at FROM tip_saved WHERE user_id = ? ORDER BY saved_at DESC, rowid DESC',
    ),
  };

  const writeAudit = (guildId: string, entry: AuditEntry) =>
    statements.audit.run(guildId, entry.actorId, entry.action, JSON.stringify(entry.details), entry.at.toISOString());

  const getSchedule = (guildId: string): TipSchedule | undefined => {
    const row = statements.schedule.get(guildId);
    return row && toSchedule(row);
  };

  const getPost = (guildId: string, localDate: string): TipPost | undefined => {
    const row = statements.post.get(guildId, localDate);
    return row && toPost(row);
  };

  const postedCounts = (guildId: string): Map<string, number> =>
    new Map(statements.postedCounts.all(guildId).map((row) => [row.tip_id, row.count]));

  const advance = (guildId: string, fromDate: string, next: PlannedPost, at: Date): boolean =>
    statements.advance.run({
      guild_id: guildId,
      from_date: fromDate,
      next_post_at: next.at.toISOString(),
      next_local_date: next.localDate,
      updated_at: at.toISOString(),
    }).changes === 1;

  return {
    getSchedule,
    getPost,
    postedCounts,

    /** Creates or replaces a server's schedule as active, with its first post, and records who did it. */
    saveSchedule: db.transaction((settings: ScheduleSettings, next: PlannedPost, audit: AuditEntry): TipSchedule => {
      const at = audit.at.toISOString();
      statements.upsertSchedule.run({
        guild_id: settings.guildId,
        guild_name: settings.guildName,
        channel_id: settings.channelId,
        local_time: settings.time,
        time_zone: settings.zone,
        days: settings.days,
        role_id: settings.roleId,
        status: 'active',
        pause_reason: null,
        next_post_at: next.at.toISOString(),
        next_local_date: next.localDate,
        set_up_by: settings.setUpBy,
        created_at: at,
        updated_at: at,
      });
      writeAudit(settings.guildId, audit);
      return found(getSchedule(settings.guildId), 'tip schedule', settings.guildId);
    }),

    /**
     * Moves a schedule to `status` if it is currently in one of `from`; false (and no audit entry)
     * when it was not, so two concurrent pauses cannot both report a change.
     */
    changeStatus: db.transaction(
      (
        guildId: string,
        change: { status: ScheduleStatus; reason: string | null; next: PlannedPost | null; from: readonly ScheduleStatus[] },
        audit: AuditEntry,
      ): boolean => {
        const { changes } = statements.changeStatus.run({
          guild_id: guildId,
          status: change.status,
          pause_reason: change.reason,
          next_post_at: change.next?.at.toISOString() ?? null,
          next_local_date: change.next?.localDate ?? null,
          updated_at: audit.at.toISOString(),
          from: JSON.stringify(change.from),
        });
        if (changes === 1) writeAudit(guildId, audit);
        return changes === 1;
      },
    ),

    /** Active schedules whose next post is due, oldest first (the partial index keeps this cheap). */
    dueSchedules: (now: Date): TipSchedule[] => statements.due.all(now.toISOString()).map(toSchedule),

    /** The earliest next post of any active schedule (lets the sandbox and tests jump from one post to the next). */
    nextDueAt: (): Date | null => {
      const at = statements.nextDue.get()?.at;
      return at ? new Date(at) : null;
    },

    /** Moves the next post on from `fromDate`; false when the schedule changed meanwhile. */
    advance: db.transaction(advance),

    /**
     * Claims (guild, local date) before anything is sent. A posted claim is returned as it is; an
     * unfinished one is claimed again with the same nonce, so a resend cannot make a second message.
     */
    claimDay: db.transaction((request: ClaimRequest): TipPost => {
      const { guildId, localDate, nonce, at } = request;
      const existing = getPost(guildId, localDate);
      if (existing?.state === 'posted') return existing;
      if (existing) {
        const tipId = request.chooseTip(postedCounts(guildId), existing.tipId);
        statements.reclaim.run(tipId, guildId, localDate, existing.nonce);
      } else {
        statements.insertClaim.run(guildId, localDate, request.chooseTip(postedCounts(guildId), null), nonce, at.toISOString());
      }
      return found(getPost(guildId, localDate), 'tip post', guildId, localDate);
    }),

    /** Records the sent message on the claim and moves the schedule to its next post. */
    completePost: db.transaction(
      (post: { guildId: string; localDate: string; channelId: string; messageId: string; at: Date }, next: PlannedPost): void => {
        statements.complete.run(post.channelId, post.messageId, post.at.toISOString(), post.guildId, post.localDate);
        advance(post.guildId, post.localDate, next, post.at);
      },
    ),

    /** Gives up on a local date (missed while the bot was down, or refused by Discord) and moves on. */
    abandonDay: db.transaction((guildId: string, localDate: string, next: PlannedPost, at: Date): void => {
      statements.abandon.run(guildId, localDate);
      advance(guildId, localDate, next, at);
    }),

    /** Whether a message is already some day's recorded post in this server. */
    isRecordedPost: (guildId: string, messageId: string): boolean => statements.recordedMessage.get(guildId, messageId) !== undefined,

    lastPosted: (guildId: string): TipPost | undefined => {
      const row = statements.lastPosted.get(guildId);
      return row && toPost(row);
    },

    auditLog: (guildId: string, limit: number): AuditEntry[] =>
      statements.auditLog.all(guildId, limit).map((row) => ({
        actorId: row.actor_id,
        action: row.action,
        details: JSON.parse(row.details) as Record<string, unknown>,
        at: new Date(row.created_at),
      })),

    /** True when newly saved, false when the member had already saved it. */
    saveTip: (userId: string, tipId: string, at: Date): boolean => statements.saveTip.run(userId, tipId, at.toISOString()).changes === 1,

    savedTips: (userId: string): SavedTip[] =>
      statements.savedTips.all(userId).map((row) => ({ tipId: row.tip_id, savedAt: new Date(row.saved_at) })),
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
  };
}
