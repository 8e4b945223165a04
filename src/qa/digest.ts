import { DAY_MS, HOUR_MS } from '../core/clock.js';
import { tally, workThroughDue } from '../scheduling/due-work.js';
import { deliveryNonce } from '../scheduling/nonce.js';
import { sendClaimed } from '../scheduling/send-claimed.js';
import { tellPrivately } from '../scheduling/tell-privately.js';
import type { QaDeps } from './deps.js';
import { DIGEST_DEFAULTS, nextDigestSlot, type DigestSlot } from './digest-schedule.js';
import { digestIsEmpty, digestMessage, isDigestPost, type DigestContent } from './render/digest.js';
import type { QaSettings } from './types.js';

const OUTCOMES = ['posted', 'alreadyPosted', 'skipped', 'missed', 'paused', 'retrying', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];
export type DigestTickReport = Readonly<Record<Outcome, number>> & { readonly due: number };

/** A digest more than this late (the bot was down) is not posted: the next week's will be. */
const LATE_LIMIT_MS = 12 * HOUR_MS;

/**
 * The weekly digest, posted exactly once per server and week through the same protocol as the daily
 * tips (src/scheduling): claim (guild, week) → send with the claim's nonce → complete and move on.
 */
export function createDigest(deps: QaDeps) {
  const { settings, digests, reports, poster, logger, clock } = deps;

  const slotAfter = (guildId: string, after: Date): DigestSlot => {
    const tips = deps.tipsScheduleOf(guildId);
    return nextDigestSlot(after, tips?.zone ?? DIGEST_DEFAULTS.zone, tips?.time ?? DIGEST_DEFAULTS.time);
  };

  const content = (guildId: string, postAt: Date): DigestContent => {
    const since = new Date(postAt.getTime() - 7 * DAY_MS).toISOString();
    return {
      guildId,
      unanswered: reports.unansweredOldest(guildId, since, 10),
      bestAnswers: reports.bestAnswers(guildId, since, 3),
      helpers: reports.helpers(guildId, since, 3).filter((helper) => helper.reputation > 0),
    };
  };

  const advance = (server: QaSettings): void => {
    const at = new Date(server.digestNextAt as string);
    settings.advanceDigest(server.guildId, server.digestWeek as string, slotAfter(server.guildId, at));
  };

  async function post(server: QaSettings, now: Date): Promise<Outcome> {
    const { guildId } = server;
    const week = server.digestWeek as string;
    const postAt = new Date(server.digestNextAt as string);
    const channelId = server.digestChannelId;
    if (!channelId) return 'failed';
    const claim = digests.claim(guildId, week, deliveryNonce('qa-digest', guildId, week), now.toISOString());
    if (claim.state !== 'claimed') {
      advance(server);
      return 'alreadyPosted';
    }
    if (now.getTime() - postAt.getTime() > LATE_LIMIT_MS) {
      digests.close(guildId, week, 'abandoned');
      advance(server);
      return 'missed';
    }
    const summary = content(guildId, postAt);
    if (digestIsEmpty(summary)) {
      digests.close(guildId, week, 'skipped');
      advance(server);
      return 'skipped';
    }
    const sent = await sendClaimed(poster, {
      channelId,
      message: digestMessage(summary),
      nonce: claim.nonce,
      claimedAt: new Date(claim.claimedAt),
      resumed: claim.attempts > 1,
      // Weeks are claimed one after another: a digest since this claim that no week recorded is this week's.
      isOwnPost: (message) => isDigestPost(message) && !digests.isRecordedPost(guildId, message.id),
    });
    switch (sent.kind) {
      case 'sent':
        deps.db.transaction(() => {
          digests.complete(guildId, week, sent.message.channelId, sent.message.id, clock.now().toISOString());
          advance(server);
        })();
        return 'posted';
      case 'retry':
        logger.warn({ guildId, week, err: sent.error }, 'Q&A digest failed for now; retrying next tick');
        return 'retrying';
      case 'refused':
        logger.error({ guildId, week, err: sent.error }, 'Discord refused the Q&A digest; skipping the week');
        digests.close(guildId, week, 'abandoned');
        advance(server);
        return 'failed';
      case 'unreachable': {
        const reason = sent.error.failure === 'gone' ? `the channel <#${channelId}> no longer exists or I can no longer see it.` : `I can no longer post in <#${channelId}>.`;
        if (settings.pauseDigest(guildId, reason) && server.digestSetUpBy) {
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
      const due = settings.dueDigests(now.toISOString()).filter((server) => deps.ownsGuild(server.guildId));
      const outcomes = await workThroughDue(due, deps.options.concurrency, (server) => post(server, now), (server, error): Outcome => {
        logger.error({ err: error, guildId: server.guildId }, 'Q&A digest failed unexpectedly');
        return 'retrying';
      });
      const report = { due: due.length, ...tally(outcomes, OUTCOMES) };
      if (due.length > 0) logger.info({ digest: report }, 'Q&A digest tick');
      return report;
    },

    nextDueAt: (): Date | null => {
      const at = settings.nextDigestAt();
      return at ? new Date(at) : null;
    },
  };
}

export type Digest = ReturnType<typeof createDigest>;
