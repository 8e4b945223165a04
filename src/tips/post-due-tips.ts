import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { NO_MENTIONS, type DeliveryError, type Poster } from '../core/poster.js';
import { tally, workThroughDue } from '../scheduling/due-work.js';
import { sendClaimed, type FailedSend } from '../scheduling/send-claimed.js';
import { tellPrivately } from '../scheduling/tell-privately.js';
import type { TipCatalogue } from './catalogue.js';
import { tipNonce } from './nonce.js';
import { isScheduledTip, renderScheduledTip } from './render/tip.js';
import { nextTipInRotation, tipOfTheDay } from './rotation.js';
import { addDays, firstPostOnOrAfter, localDateOf, type PlannedPost, type ScheduleRule } from '../scheduling/time/schedule.js';
import type { TipPost, TipSchedule, TipsStore } from './tips-store.js';

interface TipSchedulerDependencies {
  readonly store: TipsStore;
  readonly catalogue: TipCatalogue;
  readonly poster: Poster;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ownsGuild: (guildId: string) => boolean;
  readonly concurrency: number;
  /** The server's system channel, if it has one: where a pause is announced when the DM cannot be. */
  readonly systemChannelOf: (guildId: string) => string | null;
  /** This host, as the owner of its claims. */
  readonly claimOwner: string;
  /** How long a claim stays this host's own (renewed at each resend); then another host may take it over. */
  readonly claimLeaseMs: number;
}

/** What one tick did, per server outcome. */
export interface TipTickReport {
  readonly due: number;
  readonly posted: number;
  /** Already posted for that local date (a second tick, or a schedule changed after posting). */
  readonly alreadyPosted: number;
  /** Older local dates given up (the bot was down over them), nothing posted for them. */
  readonly missed: number;
  /** Channel gone or access lost: the schedule is paused and whoever set it up was told. */
  readonly paused: number;
  /** Left claimed; the next tick resends with the same nonce. */
  readonly retrying: number;
  /** Discord refused the message itself: that date is given up (a bug to fix, not to retry). */
  readonly failed: number;
}

type Outcome = keyof Omit<TipTickReport, 'due'> | 'not-yet';
const OUTCOMES: readonly Outcome[] = ['posted', 'alreadyPosted', 'missed', 'paused', 'retrying', 'failed', 'not-yet'];

export const SYSTEM_ACTOR = 'system';

export function ruleOf(schedule: Pick<TipSchedule, 'time' | 'zone' | 'days'>): ScheduleRule {
  return { time: schedule.time, zone: schedule.zone, days: schedule.days };
}

/** The tip a claim gets: the server's next in rotation, unless the claim already has one still in the data. */
export function tipChooser(catalogue: TipCatalogue, guildId: string, localDate: string) {
  return (postedCounts: ReadonlyMap<string, number>, previousTipId: string | null): string => {
    if (previousTipId && catalogue.get(previousTipId)) return previousTipId;
    // Before the first post, the tip members already saw as today's with /tip today.
    return postedCounts.size === 0 ? tipOfTheDay(guildId, catalogue.ids(), localDate) : nextTipInRotation(guildId, catalogue.ids(), postedCounts);
  };
}

/**
 * The scheduler's tick: posts every due server's tip for its local date, exactly once.
 * Order per server: claim (unit of work) → send with nonce → complete + advance (unit of work);
 * nothing is awaited inside a unit of work, Discord only between them.
 */
export function createTipScheduler(dependencies: TipSchedulerDependencies) {
  const { store, catalogue, poster, clock, logger, ownsGuild, concurrency, systemChannelOf, claimOwner, claimLeaseMs } = dependencies;

  async function postDueTips(): Promise<TipTickReport> {
    const now = clock.now();
    const due = (await store.dueSchedules(now)).filter((schedule) => ownsGuild(schedule.guildId));
    const outcomes = await workThroughDue(due, concurrency, (schedule) => tryPost(schedule, now), (schedule, error): Outcome => {
      // Unexpected (a bug, a closed database): leave the claim, the next tick tries again.
      logger.error({ err: error, guildId: schedule.guildId }, 'tip post failed unexpectedly');
      return 'retrying';
    });
    const { 'not-yet': _notYet, ...report } = tally(outcomes, OUTCOMES);
    if (due.length > 0) logger.info({ tips: { due: due.length, ...report } }, 'tip tick');
    return { due: due.length, ...report };
  }

  async function tryPost(schedule: TipSchedule, now: Date): Promise<Outcome> {
    const rule = ruleOf(schedule);
    const today = localDateOf(now, rule.zone);
    let next = schedule.next as PlannedPost; // due schedules are active, so they have a next post
    // Only around a fall-back at midnight can a due post's date be ahead of the local date.
    if (next.localDate > today) return 'not-yet';
    if (next.localDate < today) {
      // Down over the whole day: nothing for older days; today's post still goes out if its time has come.
      const todays = firstPostOnOrAfter(rule, today);
      await store.abandonDay(schedule.guildId, next.localDate, todays, now);
      logger.info({ guildId: schedule.guildId, localDate: next.localDate }, 'tip day missed while the bot was down');
      if (todays.at.getTime() > now.getTime()) return 'missed';
      next = todays;
    }
    return postDay(schedule, rule, next, now);
  }

  async function postDay(schedule: TipSchedule, rule: ScheduleRule, day: PlannedPost, now: Date): Promise<Outcome> {
    const { guildId } = schedule;
    const claim = await store.claimDay({
      guildId,
      localDate: day.localDate,
      nonce: tipNonce(guildId, day.localDate),
      at: now,
      owner: claimOwner,
      leaseUntil: new Date(now.getTime() + claimLeaseMs),
      chooseTip: tipChooser(catalogue, guildId, day.localDate),
    });
    // Another host holds this server or its claim right now, or its schedule changed since it was listed.
    if (!claim) return 'not-yet';
    const following = firstPostOnOrAfter(rule, addDays(day.localDate, 1));
    if (claim.state === 'posted') {
      await store.advance(guildId, day.localDate, following, now);
      return 'alreadyPosted';
    }
    const tip = catalogue.get(claim.tipId);
    if (!tip) throw new Error(`Claimed tip ${claim.tipId} is not in the catalogue`);
    const outcome = await sendClaimed(poster, {
      channelId: schedule.channelId,
      message: renderScheduledTip(tip, { roleId: schedule.roleId }),
      nonce: claim.nonce,
      claimedAt: claim.claimedAt,
      resumed: claim.attempts > 1,
      // Days are claimed one after another, so a tip post since this claim that no day recorded is this day's.
      isOwnPost: async (message) => isScheduledTip(message) && !(await store.isRecordedPost(guildId, message.id)),
    });
    if (outcome.kind === 'sent') {
      if (outcome.adopted) logger.info({ guildId, localDate: day.localDate, messageId: outcome.message.id }, 'tip already posted by an earlier attempt: recorded it');
      await store.completePost({ guildId, localDate: day.localDate, channelId: outcome.message.channelId, messageId: outcome.message.id, at: clock.now() }, following);
      return 'posted';
    }
    return handleDeliveryFailure(schedule, claim, following, outcome);
  }

  async function handleDeliveryFailure(schedule: TipSchedule, claim: TipPost, following: PlannedPost, { kind, error }: FailedSend): Promise<Outcome> {
    const context = { guildId: schedule.guildId, channelId: schedule.channelId, localDate: claim.localDate, failure: error.failure, code: error.discordCode };
    switch (kind) {
      case 'unreachable': {
        const reason = pauseReason(schedule.channelId, error);
        const paused = await store.changeStatus(
          schedule.guildId,
          { status: 'paused', reason, next: null, from: ['active'] },
          { actorId: SYSTEM_ACTOR, action: 'auto-pause', details: { channelId: schedule.channelId, failure: error.failure, code: error.discordCode ?? null }, at: clock.now() },
        );
        logger.warn({ ...context, err: error }, 'tip channel unavailable: schedule paused');
        if (paused) await notifyPaused(schedule, reason);
        return 'paused';
      }
      case 'retry':
        // @discordjs/rest already retried 429 and 5xx; the claim stays, and the next tick resends it.
        logger.warn({ ...context, attempts: claim.attempts, err: error }, 'tip post failed for now; retrying next tick');
        return 'retrying';
      case 'refused':
        // Discord refused the payload: resending it would fail the same way every minute.
        logger.error({ ...context, err: error }, 'Discord refused the tip message; skipping the day');
        await store.abandonDay(schedule.guildId, claim.localDate, following, clock.now());
        return 'failed';
    }
  }

  /**
   * Tells the server once per pause: a DM to whoever set the schedule up, or, when their DMs are
   * closed, a message in the server's system channel (unless that is the channel that failed).
   */
  async function notifyPaused(schedule: TipSchedule, reason: string): Promise<void> {
    const where = schedule.guildName ? `**${schedule.guildName}**` : 'your server';
    const fix = `Give me **View Channel**, **Send Messages** and **Embed Links** there (or pick another channel with \`/tips setup\`), then run \`/tips resume\`.`;
    const context = { guildId: schedule.guildId };
    const direct = [`I paused the daily leadership tips in ${where}: ${reason}`, fix].join('\n');
    if (await tellPrivately(poster, logger, schedule.setUpBy, direct, context, 'could not tell the moderator that tips were paused')) return;

    const systemChannelId = systemChannelOf(schedule.guildId);
    if (!systemChannelId || systemChannelId === schedule.channelId) {
      logger.warn({ ...context, systemChannelId }, 'no system channel to say that tips were paused');
      return;
    }
    const publicly = [`I paused the daily leadership tips: ${reason}`, `A moderator can fix it: ${fix}`, `(I could not DM <@${schedule.setUpBy}>, who set them up.)`].join('\n');
    try {
      await poster.send(systemChannelId, { content: publicly, allowed_mentions: NO_MENTIONS });
    } catch (error) {
      logger.warn({ err: error, ...context, systemChannelId }, 'could not say in the system channel that tips were paused');
    }
  }

  return { postDueTips };
}

function pauseReason(channelId: string, error: DeliveryError): string {
  return error.failure === 'gone'
    ? `the channel <#${channelId}> no longer exists or I can no longer see it.`
    : `I no longer have permission to post in <#${channelId}>.`;
}
