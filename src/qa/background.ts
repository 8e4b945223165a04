import type { Logger } from '../core/logger.js';
import type { CarriedWork } from '../core/settle.js';
import type { AnswerStore } from './answer-store.js';
import type { Delivery } from './delivery.js';
import type { Digest, DigestTickReport } from './digest.js';
import type { EngagementStore } from './engagement-store.js';
import type { Experts, ExpertsTickReport } from './experts.js';
import type { Forum, ForumTickReport } from './forum.js';
import type { Notifications } from './notifications.js';
import type { Nudging, NudgeTickReport } from './nudging.js';
import type { QuestionStore } from './question-store.js';
import type { QaTiming } from './timing.js';

/** Items per tick: each may wait out Discord's retries, and ticks of a job never overlap. */
const BATCH = 25;

interface QaTickReport {
  readonly questions: number;
  readonly answers: number;
  readonly notified: number;
  readonly digest: DigestTickReport;
  readonly forum: ForumTickReport;
  readonly nudges: NudgeTickReport;
  readonly experts: ExpertsTickReport;
}

interface BackgroundDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly engagement: EngagementStore;
  readonly delivery: Delivery;
  readonly notifications: Notifications;
  readonly digest: Digest;
  readonly forum: Pick<Forum, 'tick'>;
  readonly nudging: Pick<Nudging, 'nudgeDue'>;
  readonly experts: Pick<Experts, 'work' | 'nextDueAt'>;
  readonly logger: Logger;
  readonly timing: QaTiming;
  /** Whether this process serves a guild (its shard); the job only works on its own. */
  readonly ownsGuild: (guildId: string) => boolean;
  /** Undecided drafts are forgotten after this; their rows are purged long after. */
  readonly draftTtlMs: number;
  /** What interactions replied before finishing (bringing Discord in line), still running. */
  readonly carried: Pick<CarriedWork, 'drain'>;
}

/**
 * The background job's tick: whatever an interaction could not finish on Discord (a question still
 * pending, an embed that lags the database, an answer waiting for its thread, notifications left
 * queued by a crash), forum posts' tags and archiving, the weekly digests that are due, askers due a
 * nudge, expert routing and escalations, and old undecided drafts.
 */
export function createBackgroundWork({ questions, answers, engagement, delivery, notifications, digest, forum, nudging, experts, logger, timing, ownsGuild, draftTtlMs, carried }: BackgroundDeps) {
  async function tick(): Promise<QaTickReport> {
    const now = timing.now();
    const dueQuestions = questions.due(now, BATCH, ownsGuild);
    for (const question of dueQuestions) await delivery.question(question);
    const dueAnswers = answers.due(now, BATCH, ownsGuild);
    for (const answer of dueAnswers) await delivery.answer(answer);
    let notified = 0;
    for (const { answerId, guildId } of engagement.answersWithQueuedNotifications(BATCH, ownsGuild)) {
      await notifications.deliver(guildId, answerId);
      notified += 1;
    }
    const forumReport = await forum.tick();
    const digestReport = await digest.postDue();
    const nudgeReport = await nudging.nudgeDue();
    const expertsReport = await experts.work();
    const purged = questions.purgeDrafts(timing.ago(draftTtlMs * 24));
    if (dueQuestions.length + dueAnswers.length + notified + purged + expertsReport.routed + expertsReport.escalated > 0) {
      logger.info({ qa: { questions: dueQuestions.length, answers: dueAnswers.length, notified, purgedDrafts: purged, experts: expertsReport } }, 'Q&A background tick');
    }
    return { questions: dueQuestions.length, answers: dueAnswers.length, notified, digest: digestReport, forum: forumReport, nudges: nudgeReport, experts: expertsReport };
  }

  return {
    tick,
    /** Shutdown: waits, at most `timeoutMs`, for the updates interactions left running; true when all finished. */
    finishCarried: (timeoutMs: number): Promise<boolean> => carried.drain(timeoutMs),
    /** When the next weekly digest or escalation is due, so a jumping clock stops there. */
    nextDueAt: async (): Promise<Date | null> => {
      const times = [await digest.nextDueAt(), experts.nextDueAt()].filter((at): at is Date => at !== null);
      return times.length > 0 ? new Date(Math.min(...times.map((at) => at.getTime()))) : null;
    },
  };
}
