import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { claimLease } from '../scheduling/claim-lease.js';
import type { Logger } from '../core/logger.js';
import type { OutgoingMessage, Poster } from '../core/poster.js';
import type { SqlDatabase } from '../db/sql/dialect.js';
import type { NumberedTip, TipCatalogue } from './catalogue.js';
import type { TipCategoryId } from './categories.js';
import { loadTipCatalogue } from './load-tips.js';
import { createTipScheduler, ruleOf, tipChooser, type TipTickReport } from './post-due-tips.js';
import { renderScheduledTip } from './render/tip.js';
import { tipOfTheDay } from './rotation.js';
import { addDays, localDateOf, nextPostAfter, normaliseLocalTime, parseLocalTime, upcomingPosts, type PlannedPost, type PostDays } from '../scheduling/time/schedule.js';
import { resolveTimeZone } from '../scheduling/time/time-zones.js';
import { createTipsStore, type AuditEntry, type ScheduleStatus, type TipPost, type TipSchedule } from './tips-store.js';

export interface TipServiceDependencies {
  /** Where tips live: the shared SQLite connection, or PostgreSQL (docs/postgres.md). */
  readonly database: SqlDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly poster: Poster;
  /** The tips; by default data/tips, validated (the bot refuses to start on a broken file). */
  readonly catalogue?: TipCatalogue;
  /** Whether this process serves a guild (its shard); the scheduler posts only to its own. */
  readonly ownsGuild?: (guildId: string) => boolean;
  /** Servers posted to at once; the REST client queues them within Discord's rate limits. */
  readonly concurrency?: number;
  /** A server's system channel (from the gateway's guild cache); where a pause is announced if the DM fails. */
  readonly systemChannelOf?: (guildId: string) => string | null;
  /** For random tips; injectable so tests are deterministic. */
  readonly random?: () => number;
  /** This host, as the owner of its tip claims (HOST_ID; by default the machine's host name). */
  readonly claimOwner?: string;
  /** How long an unfinished claim stays its owner's before another host may resend it (default 2 minutes). */
  readonly claimLeaseMs?: number;
}

interface TipSetupInput {
  readonly guildId: string;
  readonly guildName?: string | null;
  readonly channelId: string;
  /** `HH:MM` as typed. */
  readonly time: string;
  /** An IANA zone as typed (case-insensitive). */
  readonly timeZone: string;
  readonly days: PostDays;
  readonly roleId?: string | null;
  readonly actorId: string;
}

export interface TipStatus {
  readonly schedule: TipSchedule | null;
  /** The next three posts while active, else none. */
  readonly upcoming: readonly PlannedPost[];
  readonly lastPost: TipPost | null;
  readonly recentChanges: readonly AuditEntry[];
}

interface TipPreview {
  readonly schedule: TipSchedule | null;
  readonly next: PlannedPost | null;
  readonly tip: NumberedTip;
  /** Exactly what the schedule would post (no nonce; nothing is sent). */
  readonly message: OutgoingMessage;
}

const UPCOMING_COUNT = 3;

/** Daily tips: schedules, the posting tick, and the tips members ask for and save. */
export function createTipService(dependencies: TipServiceDependencies) {
  const { database, clock, logger, poster, catalogue = loadTipCatalogue(), ownsGuild = () => true, concurrency = 25, random = Math.random, systemChannelOf = () => null } = dependencies;
  const { owner: claimOwner, ms: claimLeaseMs } = claimLease(dependencies.claimOwner, dependencies.claimLeaseMs);
  const store = createTipsStore(database);
  const scheduler = createTipScheduler({ store, catalogue, poster, clock, logger, ownsGuild, concurrency, systemChannelOf, claimOwner, claimLeaseMs });

  const requireSchedule = async (guildId: string): Promise<TipSchedule> => {
    const schedule = await store.getSchedule(guildId);
    if (!schedule) throw new UserError('tips.not-set-up', 'Daily tips are not set up on this server yet. Run `/tips setup` first.');
    return schedule;
  };

  /** The next post from now, skipping today when today's tip is already out. */
  const nextPost = async (guildId: string, rule: Pick<TipSchedule, 'time' | 'zone' | 'days'>, now: Date): Promise<PlannedPost> => {
    const today = localDateOf(now, rule.zone);
    const postedToday = (await store.getPost(guildId, today))?.state === 'posted';
    return nextPostAfter(ruleOf(rule), now, postedToday ? addDays(today, 1) : undefined);
  };

  const upcoming = (schedule: TipSchedule): PlannedPost[] => {
    if (schedule.status !== 'active' || !schedule.next) return [];
    return upcomingPosts(ruleOf(schedule), new Date(schedule.next.at.getTime() - 1), UPCOMING_COUNT);
  };

  const changeStatus = async (
    guildId: string,
    actorId: string,
    action: string,
    status: ScheduleStatus,
    from: readonly ScheduleStatus[],
    next: (schedule: TipSchedule) => Promise<PlannedPost | null>,
  ): Promise<TipSchedule> => {
    const schedule = await requireSchedule(guildId);
    const now = clock.now();
    const reason = status === 'paused' ? `Paused by <@${actorId}>.` : null;
    const changed = await store.changeStatus(guildId, { status, reason, next: await next(schedule), from }, { actorId, action, details: { from: schedule.status }, at: now });
    if (!changed) throw new UserError(`tips.already-${status}`, statusRefusal(schedule.status, status));
    return requireSchedule(guildId);
  };

  /** Today's tip for a server: what the schedule posted (or will post) today; else a tip of the day. */
  const todaysTip = async (guildId: string | null): Promise<NumberedTip> => {
    const now = clock.now();
    const schedule = guildId ? await store.getSchedule(guildId) : undefined;
    if (guildId && schedule && schedule.status !== 'disabled') {
      const today = localDateOf(now, schedule.zone);
      const claimed = await store.getPost(guildId, today);
      const tipId = tipChooser(catalogue, guildId, today)(await store.postedCounts(guildId), claimed && claimed.state !== 'abandoned' ? claimed.tipId : null);
      return catalogue.require(tipId);
    }
    // No schedule: the server's (or DMs') tip of the UTC day, the one its first post would be.
    return catalogue.require(tipOfTheDay(guildId ?? 'direct-messages', catalogue.ids(), localDateOf(now, 'UTC')));
  };

  return {
    catalogue,

    /** Validates and saves a server's schedule (active), recording who set it up. */
    async setup(input: TipSetupInput): Promise<{ schedule: TipSchedule; upcoming: PlannedPost[] }> {
      if (!parseLocalTime(input.time)) {
        throw new UserError('tips.invalid-time', `\`${unquoted(input.time)}\` is not a time of day. Try \`09:00\`, \`9am\`, \`9:30 pm\` or \`21h\`.`);
      }
      const lookup = resolveTimeZone(input.timeZone);
      if (lookup.zone === null) {
        const hint = lookup.suggestions.length > 0 ? ` Did you mean ${lookup.suggestions.map((zone) => `\`${zone}\``).join(', ')}?` : '';
        throw new UserError('tips.unknown-zone', `\`${unquoted(input.timeZone)}\` is not a time zone I know.${hint} Pick one from the list while typing: a city, a country or an abbreviation such as \`PST\` or \`IST\` finds it.`);
      }
      if (input.roleId && input.roleId === input.guildId) {
        throw new UserError('tips.everyone-role', 'Tips never ping @everyone. Pick a role members can join, or leave `role` empty.');
      }
      const settings = {
        guildId: input.guildId,
        guildName: input.guildName ?? null,
        channelId: input.channelId,
        time: normaliseLocalTime(input.time),
        zone: lookup.zone,
        days: input.days,
        roleId: input.roleId ?? null,
        setUpBy: input.actorId,
      };
      const now = clock.now();
      const previous = await store.getSchedule(input.guildId);
      const schedule = await store.saveSchedule(settings, await nextPost(input.guildId, settings, now), {
        actorId: input.actorId,
        action: 'setup',
        details: { ...auditedSettings(settings), ...(previous ? { previous: { ...auditedSettings(previous), status: previous.status } } : {}) },
        at: now,
      });
      return { schedule, upcoming: upcoming(schedule) };
    },

    async status(guildId: string): Promise<TipStatus> {
      const schedule = (await store.getSchedule(guildId)) ?? null;
      return {
        schedule,
        upcoming: schedule ? upcoming(schedule) : [],
        lastPost: (await store.lastPosted(guildId)) ?? null,
        recentChanges: await store.auditLog(guildId, 3),
      };
    },

    pause: (guildId: string, actorId: string): Promise<TipSchedule> => changeStatus(guildId, actorId, 'pause', 'paused', ['active'], () => Promise.resolve(null)),

    /** Resumes a paused schedule from the next post time (today's, if still ahead and not yet posted). */
    resume: (guildId: string, actorId: string): Promise<TipSchedule> =>
      changeStatus(guildId, actorId, 'resume', 'active', ['paused'], (schedule) => nextPost(guildId, schedule, clock.now())),

    disable: (guildId: string, actorId: string): Promise<TipSchedule> =>
      changeStatus(guildId, actorId, 'disable', 'disabled', ['active', 'paused'], () => Promise.resolve(null)),

    /** The next scheduled post as it would look; posts nothing. */
    async preview(guildId: string): Promise<TipPreview> {
      const schedule = (await store.getSchedule(guildId)) ?? null;
      // The next post carries today's pending claim if there is one, else the next tip in rotation.
      const today = schedule ? localDateOf(clock.now(), schedule.zone) : '';
      const pending = schedule ? await store.getPost(guildId, today) : undefined;
      const tip = schedule
        ? catalogue.require(tipChooser(catalogue, guildId, schedule.next?.localDate ?? today)(await store.postedCounts(guildId), pending?.state === 'claimed' ? pending.tipId : null))
        : await todaysTip(guildId);
      return {
        schedule,
        next: schedule?.status === 'active' ? schedule.next : null,
        tip,
        message: renderScheduledTip(tip, { roleId: schedule?.roleId ?? null }),
      };
    },

    todaysTip,

    /** A random tip, from one category or all, never the one the member is looking at. */
    randomTip(category?: TipCategoryId, excludeTipId?: string): NumberedTip {
      const pool = (category ? catalogue.inCategory(category) : catalogue.all()).filter((tip) => tip.id !== excludeTipId);
      const tip = pool[Math.floor(random() * pool.length)] ?? pool[0];
      if (!tip) throw new UserError('tips.none', 'There are no tips in that category yet.');
      return catalogue.require(tip.id);
    },

    async saveTip(userId: string, tipId: string): Promise<{ tip: NumberedTip; saved: boolean }> {
      const tip = catalogue.get(tipId);
      if (!tip) throw new UserError('tips.unknown-tip', 'That tip is no longer available.');
      return { tip, saved: await store.saveTip(userId, tipId, clock.now()) };
    },

    /** The member's saved tips, newest first (tips removed from the data are left out). */
    async savedTips(userId: string): Promise<NumberedTip[]> {
      return (await store.savedTips(userId)).flatMap(({ tipId }) => catalogue.get(tipId) ?? []);
    },

    async nextPostTimes(guildId: string): Promise<PlannedPost[]> {
      return upcoming(await requireSchedule(guildId));
    },

    /**
     * When the next post of any server is due (null when none is active). A clock that jumps ahead
     * (the sandbox's `clock +1d`) should stop at each such instant and tick, as real minutes would.
     */
    nextDueAt: (): Promise<Date | null> => store.nextDueAt(),

    /** The scheduler's tick (the background job): posts every due server's tip for its local date once. */
    postDueTips: (): Promise<TipTickReport> => scheduler.postDueTips(),
  };
}

export type TipService = ReturnType<typeof createTipService>;

/** What the audit log keeps of a setup: the settings moderators chose. */
function auditedSettings({ channelId, time, zone, days, roleId }: Pick<TipSchedule, 'channelId' | 'time' | 'zone' | 'days' | 'roleId'>) {
  return { channelId, time, zone, days, roleId };
}

/** Member-typed text shown in a code span must not close it. */
function unquoted(text: string): string {
  return text.replace(/`/g, "'");
}

function statusRefusal(current: ScheduleStatus, wanted: ScheduleStatus): string {
  if (current === wanted) return `Daily tips are already ${current === 'active' ? 'running' : current} on this server.`;
  if (current === 'disabled') return 'Daily tips are disabled on this server. Run `/tips setup` to start them again.';
  return `Daily tips are ${current} on this server.`;
}
