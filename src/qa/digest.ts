import { DAY_MS, HOUR_MS, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Poster } from '../core/poster.js';
import { tally, workThroughDue } from '../scheduling/due-work.js';
import { deliveryNonce } from '../scheduling/nonce.js';
import { sendClaimed } from '../scheduling/send-claimed.js';
import { tellPrivately } from '../scheduling/tell-privately.js';
import type { DigestStore } from './digest-store.js';
import { DIGEST_DEFAULTS, nextDigestSlot, type DigestSlot } from './digest-schedule.js';
import { digestMessage, isDigestPost, type DigestContent } from './render/digest.js';
import type { ReportStore } from './report-store.js';
import type { SettingsStore } from './settings-store.js';
import type { Run, Transaction } from './transaction.js';
import type { QaSettings } from './types.js';

/** A server's tip schedule, whose zone (and time) the weekly digest follows. */
export type TipsScheduleOf = (guildId: string) => Promise<{ readonly zone: string; readonly time: string } | null>;

interface DigestDeps {
  readonly settings: SettingsStore;
  readonly digests: DigestStore;
  readonly reports: ReportStore;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly transaction: Transaction;
  readonly run: Run;
  readonly tipsScheduleOf: TipsScheduleOf;
  /** Whether this process serves a guild (its shard): it posts only its own servers' digests. */
  readonly ownsGuild: (guildId: string) => boolean;
  /** Servers worked on at once. */
  readonly concurrency: number;
}

const OUTCOMES = ['posted', 'alreadyPosted', 'skipped', 'missed', 'paused', 'retrying', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];
export type DigestTickReport = Readonly<Record<Outcome, number>> & { readonly due: number };

/** A digest more than this late (the bot was down) is not posted: the next week's will be. */
const LATE_LIMIT_MS = 12 * HOUR_MS;

/** A week with nothing unanswered, no upvoted answer and no helper is skipped, not posted empty. */
function digestIsEmpty(content: DigestContent): boolean {
  return content.unanswered.length === 0 && content.bestAnswers.length === 0 && content.helpers.length === 0;
}

/**
 * The weekly digest, posted exactly once per server and week through the same protocol as the daily
 * tips (src/scheduling): claim (guild, week) → send with the claim's nonce → complete and move on.
 */
export function createDigest({ settings, digests, reports, poster, logger, clock, transaction, run, tipsScheduleOf, ownsGuild, concurrency }: DigestDeps) {

  const slotAfter = async (guildId: string, after: Date): Promise<DigestSlot> => {
    const tips = await tipsScheduleOf(guildId);
    return nextDigestSlot(after, tips?.zone ?? DIGEST_DEFAULTS.zone, tips?.time ?? DIGEST_DEFAULTS.time);
  };

  const content = (guildId: string, postAt: Date): Promise<DigestContent> =>
    run(function* () {
      const since = new Date(postAt.getTime() - 7 * DAY_MS).toISOString();
      return {
        guildId,
        unanswered: yield* reports.unansweredOldest(guildId, since, 10),
        bestAnswers: yield* reports.bestAnswers(guildId, since, 3),
        helpers: (yield* reports.helpers(guildId, since, 3)).filter((helper) => helper.reputation > 0),
      };
    });

  /** The week after the server's current one (read before the unit of work that moves it there). */
  const nextSlot = (server: QaSettings): Promise<DigestSlot> => slotAfter(server.guildId, new Date(server.digestNextAt as string));

  /** A week not posted (nothing to say, too late, refused): closed, and the next one planned, together. */
  const closeWeek = async (server: QaSettings, state: 'skipped' | 'abandoned'): Promise<void> => {
    const next = await nextSlot(server);
    const week = server.digestWeek as string;
    await transaction(function* () {
      yield* digests.close(server.guildId, week, state);
      yield* settings.advanceDigest(server.guildId, week, next);
    });
  };

  async function post(server: QaSettings, now: Date): Promise<Outcome> {
    const { guildId } = server;
    const week = server.digestWeek as string;
    const postAt = new Date(server.digestNextAt as string);
    const channelId = server.digestChannelId;
    if (!channelId) return 'failed';
    const claim = await transaction(() => digests.claim(guildId, week, deliveryNonce('qa-digest', guildId, week), now.toISOString()));
    // Another host holds it, or the week moved on meanwhile: nothing to do here.
    if (!claim) return 'alreadyPosted';
    if (claim.state !== 'claimed') {
      const next = await nextSlot(server);
      await run(() => settings.advanceDigest(guildId, week, next));
      return 'alreadyPosted';
    }
    if (now.getTime() - postAt.getTime() > LATE_LIMIT_MS) {
      await closeWeek(server, 'abandoned');
      return 'missed';
    }
    const summary = await content(guildId, postAt);
    if (digestIsEmpty(summary)) {
      await closeWeek(server, 'skipped');
      return 'skipped';
    }
    const sent = await sendClaimed(poster, {
      channelId,
      message: digestMessage(summary),
      nonce: claim.nonce,
      claimedAt: new Date(claim.claimedAt),
      resumed: claim.attempts > 1,
      // Weeks are claimed one after another: a digest since this claim that no week recorded is this week's.
      isOwnPost: async (message) => isDigestPost(message) && !(await run(() => digests.isRecordedPost(guildId, message.id))),
    });
    switch (sent.kind) {
      case 'sent': {
        const next = await nextSlot(server);
        await transaction(function* () {
          yield* digests.complete(guildId, week, sent.message.channelId, sent.message.id, clock.now().toISOString());
          yield* settings.advanceDigest(guildId, week, next);
        });
        return 'posted';
      }
      case 'retry':
        logger.warn({ guildId, week, err: sent.error }, 'Q&A digest failed for now; retrying next tick');
        return 'retrying';
      case 'refused':
        logger.error({ guildId, week, err: sent.error }, 'Discord refused the Q&A digest; skipping the week');
        await closeWeek(server, 'abandoned');
        return 'failed';
      case 'unreachable': {
        const reason = sent.error.failure === 'gone' ? `the channel <#${channelId}> no longer exists or I can no longer see it.` : `I can no longer post in <#${channelId}>.`;
        if ((await run(() => settings.pauseDigest(guildId, reason))) && server.digestSetUpBy) {
          const where = server.guildName ? `**${server.guildName}**` : 'your server';
          const notice = `I paused the weekly Q&A digest in ${where}: ${reason}\nPick a channel I can post in with \`/qa setup digest:\`.`;
          await tellPrivately(poster, logger, server.digestSetUpBy, notice, { guildId }, 'could not tell the moderator that the Q&A digest was paused');
        }
        logger.warn({ guildId, channelId, failure: sent.error.failure }, 'Q&A digest channel unavailable: digest paused');
        return 'paused';
      }
    }
  }

  return {
    /** When a server's digest should next go out, for /qa setup digest:. */
    slotAfter,

    async postDue(): Promise<DigestTickReport> {
      const now = clock.now();
      const due = (await run(() => settings.dueDigests(now.toISOString()))).filter((server) => ownsGuild(server.guildId));
      const outcomes = await workThroughDue(due, concurrency, (server) => post(server, now), (server, error): Outcome => {
        logger.error({ err: error, guildId: server.guildId }, 'Q&A digest failed unexpectedly');
        return 'retrying';
      });
      const report = { due: due.length, ...tally(outcomes, OUTCOMES) };
      if (due.length > 0) logger.info({ digest: report }, 'Q&A digest tick');
      return report;
    },

    nextDueAt: async (): Promise<Date | null> => {
      const at = await run(() => settings.nextDigestAt());
      return at ? new Date(at) : null;
    },
  };
}

export type Digest = ReturnType<typeof createDigest>;
