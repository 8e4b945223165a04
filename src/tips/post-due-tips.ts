import type { Clock } from '../core/clock.js';
import { forEachConcurrently } from '../core/concurrency.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, NO_MENTIONS, type Poster } from '../core/poster.js';
import type { TipCatalogue } from './catalogue.js';
import { tipNonce } from './nonce.js';
import { renderScheduledTip } from './render-tip.js';
import { nextTipInRotation } from './rotation.js';
import { addDays, firstPostOnOrAfter, localDateOf, type PlannedPost, type ScheduleRule } from './schedule.js';
import type { TipPost, TipSchedule, TipsStore } from './tips-store.js';

export interface TipSchedulerDependencies {
  readonly store: TipsStore;
  readonly catalogue: TipCatalogue;
  readonly poster: Poster;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ownsGuild: (guildId: string) => boolean;
  readonly concurrency: number;
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

export const SYSTEM_ACTOR = 'system';

export function ruleOf(schedule: Pick<TipSchedule, 'time' | 'zone' | 'days'>): ScheduleRule {
  return { time: schedule.time, zone: schedule.zone, days: schedule.days };
}

/** The tip a claim gets: the server's next in rotation, unless the claim already has one still in the data. */
export function tipChooser(catalogue: TipCatalogue, guildId: string) {
  return (postedCounts: ReadonlyMap<string, number>, previousTipId: string | null): string =>
    previousTipId && catalogue.get(previousTipId) ? previousTipId : nextTipInRotation(guildId, catalogue.ids(), postedCounts);
}

/**
 * The scheduler's tick: posts every due server's tip for its local date, exactly once.
 * Order per server: claim (transaction) → send with nonce → complete + advance (transaction).
 */
export function createTipScheduler(dependencies: TipSchedulerDependencies) {
  const { store, catalogue, poster, clock, logger, ownsGuild, concurrency } = dependencies;

  async function postDueTips(): Promise<TipTickReport> {
    const now = clock.now();
    const due = store.dueSchedules(now).filter((schedule) => ownsGuild(schedule.guildId));
    const counts: Record<Outcome, number> = { posted: 0, alreadyPosted: 0, missed: 0, paused: 0, retrying: 0, failed: 0, 'not-yet': 0 };
    await forEachConcurrently(due, concurrency, async (schedule) => {
      counts[await postForGuild(schedule, now)] += 1;
    });
    const { 'not-yet': _notYet, ...report } = counts;
    if (due.length > 0) logger.info({ tips: { due: due.length, ...report } }, 'tip tick');
    return { due: due.length, ...report };
  }

  async function postForGuild(schedule: TipSchedule, now: Date): Promise<Outcome> {
    try {
      return await tryPost(schedule, now);
    } catch (error) {
      // Unexpected (a bug, a closed database): leave the claim, the next tick tries again.
      logger.error({ err: error, guildId: schedule.guildId }, 'tip post failed unexpectedly');
      return 'retrying';
    }
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
      store.abandonDay(schedule.guildId, next.localDate, todays, now);
      logger.info({ guildId: schedule.guildId, localDate: next.localDate }, 'tip day missed while the bot was down');
      if (todays.at.getTime() > now.getTime()) return 'missed';
      next = todays;
    }
    return postDay(schedule, rule, next, now);
  }

  async function postDay(schedule: TipSchedule, rule: ScheduleRule, day: PlannedPost, now: Date): Promise<Outcome> {
    const { guildId } = schedule;
    const claim = store.claimDay({
      guildId,
      localDate: day.localDate,
      nonce: tipNonce(guildId, day.localDate),
      at: now,
      chooseTip: tipChooser(catalogue, guildId),
    });
    const following = firstPostOnOrAfter(rule, addDays(day.localDate, 1));
    if (claim.state === 'posted') {
      store.advance(guildId, day.localDate, following, now);
      return 'alreadyPosted';
    }
    const tip = catalogue.get(claim.tipId);
    if (!tip) throw new Error(`Claimed tip ${claim.tipId} is not in the catalogue`);
    try {
      const sent = await poster.send(schedule.channelId, renderScheduledTip(tip, { roleId: schedule.roleId, nonce: claim.nonce }));
      store.completePost({ guildId, localDate: day.localDate, channelId: sent.channelId, messageId: sent.id, at: clock.now() }, following);
      return 'posted';
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      return handleDeliveryFailure(schedule, claim, following, error);
    }
  }

  async function handleDeliveryFailure(schedule: TipSchedule, claim: TipPost, following: PlannedPost, error: DeliveryError): Promise<Outcome> {
    const context = { guildId: schedule.guildId, channelId: schedule.channelId, localDate: claim.localDate, failure: error.failure, code: error.discordCode };
    switch (error.failure) {
      case 'gone':
      case 'forbidden': {
        const reason = pauseReason(schedule.channelId, error);
        const paused = store.changeStatus(
          schedule.guildId,
          { status: 'paused', reason, next: null, from: ['active'] },
          { actorId: SYSTEM_ACTOR, action: 'auto-pause', details: { channelId: schedule.channelId, failure: error.failure, code: error.discordCode ?? null }, at: clock.now() },
        );
        logger.warn({ ...context, err: error }, 'tip channel unavailable: schedule paused');
        if (paused) await notifyPaused(schedule, reason);
        return 'paused';
      }
      case 'transient':
        // @discordjs/rest already retried 429 and 5xx; the claim stays, and the next tick resends it.
        logger.warn({ ...context, attempts: claim.attempts, err: error }, 'tip post failed for now; retrying next tick');
        return 'retrying';
      case 'invalid':
        // Discord refused the payload: resending it would fail the same way every minute.
        logger.error({ ...context, err: error }, 'Discord refused the tip message; skipping the day');
        store.abandonDay(schedule.guildId, claim.localDate, following, clock.now());
        return 'failed';
    }
  }

  /** Tells whoever set the schedule up, once per pause; if their DMs are closed there is no one else to tell. */
  async function notifyPaused(schedule: TipSchedule, reason: string): Promise<void> {
    const where = schedule.guildName ? `**${schedule.guildName}**` : 'your server';
    const content = [
      `I paused the daily leadership tips in ${where}: ${reason}`,
      `Give me **View Channel**, **Send Messages** and **Embed Links** there (or pick another channel with \`/tips setup\`), then run \`/tips resume\`.`,
    ].join('\n');
    try {
      await poster.sendDirect(schedule.setUpBy, { content, allowed_mentions: NO_MENTIONS });
    } catch (error) {
      logger.info({ err: error, guildId: schedule.guildId, userId: schedule.setUpBy }, 'could not tell the moderator that tips were paused');
    }
  }

  return { postDueTips };
}

function pauseReason(channelId: string, error: DeliveryError): string {
  return error.failure === 'gone'
    ? `the channel <#${channelId}> no longer exists or I can no longer see it.`
    : `I no longer have permission to post in <#${channelId}>.`;
}
