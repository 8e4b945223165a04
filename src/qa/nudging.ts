import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError, type Poster } from '../core/poster.js';
import { tally, workThroughDue } from '../scheduling/due-work.js';
import { deliveryNonce } from '../scheduling/nonce.js';
import { sendClaimed, type FailedSend } from '../scheduling/send-claimed.js';
import type { AnswerStore } from './answer-store.js';
import type { Accepted, Answering } from './answering.js';
import type { EngagementStore } from './engagement-store.js';
import type { DueNudge, NudgeClaim, NudgeStore } from './nudge-store.js';
import type { QuestionStore } from './question-store.js';
import { questionLink } from './render/links.js';
import { isNudgeButton, NUDGE_CHOICES, nudgeMessage } from './render/nudge.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import type { Run, Transaction } from './transaction.js';
import { DEFAULT_NUDGE_AFTER_DAYS, type Answer, type Question } from './types.js';

interface NudgingDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly nudges: NudgeStore;
  readonly settings: SettingsStore;
  readonly engagement: EngagementStore;
  readonly answering: Pick<Answering, 'accept'>;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly timing: QaTiming;
  readonly transaction: Transaction;
  readonly run: Run;
  /** Whether this process serves a guild (its shard): it nudges only its own servers' askers. */
  readonly ownsGuild: (guildId: string) => boolean;
  /** Askers nudged at once. */
  readonly concurrency: number;
  /** Whether a member is still in a server: a DM outlives leaving it. */
  readonly isMember: (guildId: string, userId: string) => Promise<boolean>;
}

const OUTCOMES = ['sent', 'undeliverable', 'skipped', 'retrying', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];
export type NudgeTickReport = Readonly<Record<Outcome, number>> & { readonly due: number };

/** Nudges per tick: each may wait out Discord's retries, and ticks of the job never overlap. */
const BATCH = 25;

/** What the Accept button of a nudge carries: question #number of a server, one of its answers, the asker it was sent to. */
interface NudgeChoice {
  readonly guildId: string;
  readonly number: number;
  readonly answerId: number;
  readonly askerId: string;
}

/** A question the asker can still be asked to pick an answer for: public, open, unlocked, none accepted. */
function awaitsAccept(question: Question): boolean {
  return question.publication === 'posted' && question.status === 'open' && !question.deletedAt && !question.locked && question.mergedInto === null && question.acceptedAnswerId === null;
}

/**
 * Nudging askers (issue 15): a question with answers but none accepted N days (a server setting)
 * after its first answer gets one DM to its asker listing the answers, each with an Accept button.
 * Exactly once through the scheduled posts' protocol (src/scheduling): claim the question's row →
 * send in the asker's DM channel with the claim's nonce (a resumed claim first looks for its DM) →
 * complete. Closed DMs are recorded and never retried.
 */
export function createNudging({ questions, answers, nudges, settings, engagement, answering, poster, logger, timing, transaction, run, ownsGuild, concurrency, isMember }: NudgingDeps) {

  /** The answers the asker can pick from, most upvoted first (their own do not count). */
  const choicesFor = (question: Question): (Answer & { votes: number })[] =>
    answers
      .forQuestion(question.id)
      .filter((answer) => answer.authorId !== question.askerId)
      .sort((a, b) => b.votes - a.votes || a.number - b.number);

  /** In one transaction: the question's claim, or why there is nothing to send (recorded, so it is never due again). */
  const claimOrSkip = (due: DueNudge): Promise<{ claim: NudgeClaim; question: Question } | 'skipped' | 'done'> =>
    transaction(function* () {
      const question = questions.byId(due.guildId, due.questionId);
      if (!question) return 'done';
      const nonce = deliveryNonce('qa-nudge', question.guildId, String(question.id));
      const existing = yield* nudges.get(question.id);
      if (existing && existing.state !== 'claimed') return 'done';
      if (!awaitsAccept(question) || choicesFor(question).length === 0 || engagement.optedOut(question.guildId, question.askerId)) {
        yield* nudges.close(question, 'skipped', nonce, timing.now());
        return 'skipped';
      }
      // Null: another host holds or took the claim.
      const claim = yield* nudges.claim(question, nonce, timing.now());
      return claim ? { claim, question } : 'done';
    });

  async function nudge(due: DueNudge): Promise<Outcome> {
    const claimed = await claimOrSkip(due);
    if (claimed === 'done') return 'skipped';
    if (claimed === 'skipped') return 'skipped';
    const { claim, question } = claimed;
    const choices = choicesFor(question);
    let channelId: string;
    try {
      channelId = await poster.openDirect(question.askerId);
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      return failed(question, { kind: error.failure === 'transient' ? 'retry' : 'unreachable', error });
    }
    const sent = await sendClaimed(poster, {
      channelId,
      message: nudgeMessage({
        question,
        answers: choices.slice(0, NUDGE_CHOICES),
        total: choices.length,
        guildName: (await run(() => settings.get(question.guildId))).guildName,
        link: questionLink(question),
      }),
      nonce: claim.nonce,
      claimedAt: new Date(claim.claimedAt),
      resumed: claim.attempts > 1,
      isOwnPost: (message) => message.customIds.some((customId) => isNudgeButton(customId, question)),
    });
    if (sent.kind !== 'sent') return failed(question, sent);
    await transaction(() => nudges.complete(question.id, sent.message.channelId, sent.message.id, timing.now()));
    return 'sent';
  }

  async function failed(question: Question, sent: FailedSend): Promise<Outcome> {
    const context = { guildId: question.guildId, questionId: question.id, failure: sent.error.failure };
    if (sent.kind === 'retry') {
      logger.warn(context, 'Q&A nudge failed for now; retrying next tick');
      return 'retrying';
    }
    // Closed DMs (or a payload Discord refuses) would be refused again: recorded, never retried.
    await transaction(() => nudges.close(question, 'undeliverable', '', timing.now()));
    if (sent.kind === 'refused') logger.error({ ...context, err: sent.error }, 'Discord refused the Q&A nudge');
    else logger.info(context, 'Q&A nudge not delivered: the asker does not take DMs from the bot');
    return 'undeliverable';
  }

  return {
    /** The background job's part: every question due a nudge in this shard's servers, once each. */
    async nudgeDue(): Promise<NudgeTickReport> {
      const due = await run(() => nudges.due(timing.now(), DEFAULT_NUDGE_AFTER_DAYS, BATCH, ownsGuild));
      const outcomes = await workThroughDue(due, concurrency, nudge, (item, error): Outcome => {
        logger.error({ err: error, guildId: item.guildId, questionId: item.questionId }, 'Q&A nudge failed unexpectedly');
        return 'failed';
      });
      const report = { due: due.length, ...tally(outcomes, OUTCOMES) };
      if (due.length > 0) logger.info({ nudges: report }, 'Q&A nudge tick');
      return report;
    },

    /**
     * Accept from the nudge's DM: only the asker it was sent to, and only while they may still accept
     * (the question open, not locked or merged) and the answer is still one of its answers.
     */
    async accept(choice: NudgeChoice, userId: string): Promise<Accepted> {
      if (userId !== choice.askerId) throw new UserError('qa.not-your-nudge', 'This reminder was sent to someone else: only they can accept an answer from it.');
      const question = questions.byNumber(choice.guildId, choice.number);
      if (!question || question.deletedAt || question.publication !== 'posted') throw new UserError('qa.unknown-question', `Question #${choice.number} is no longer in the server.`);
      if (question.askerId !== userId) throw new UserError('qa.not-your-question', `Only the member who asked #${choice.number} can accept an answer.`);
      if (question.status === 'closed') throw new UserError('qa.closed', `#${choice.number} was closed by a moderator: it takes no accepted answer now.`);
      if (!(await isMember(choice.guildId, userId))) throw new UserError('qa.left-server', `You are no longer in the server #${choice.number} was asked in, so you cannot accept an answer to it.`);
      const answer = answers.byId(choice.guildId, choice.answerId);
      if (!answer || answer.deletedAt || answer.questionId !== question.id) throw new UserError('qa.unknown-answer', `That answer to #${choice.number} was deleted. Open the question to pick another.`);
      // The accept's own transaction checks again what may have changed since: the lock, a merge, the answer.
      return answering.accept(choice.guildId, answer.id, { userId, moderator: false });
    },
  };
}

export type Nudging = ReturnType<typeof createNudging>;
