import { createAnswering } from './answering.js';
import { createAsking } from './asking.js';
import { createBackgroundWork } from './background.js';
import { createConfiguring } from './configuring.js';
import { createDelivery } from './delivery.js';
import { createQaDeps, type QaDependencies } from './deps.js';
import { createDigest } from './digest.js';
import { createFinding } from './finding.js';
import { createLookups } from './lookups.js';
import { createModerating } from './moderating.js';
import { createNotifications } from './notifications.js';
import { createPromoting } from './promoting.js';
import { createReports } from './reports.js';
import type { QaActor } from './types.js';
import { createVoting } from './voting.js';

/**
 * Community Q&A: members' questions and answers in SQLite, posted to Discord through the Poster.
 * Usable without discord.js: commands pass the acting member as `{ userId, moderator }` and the
 * server id from the interaction, and every lookup is confined to that server.
 */
export function createQaService(dependencies: QaDependencies) {
  const deps = createQaDeps(dependencies);
  const lookups = createLookups(deps);
  // Delivery tells moderation when a message turns out to be deleted on Discord (reconcile on touch);
  // it only calls back after start-up, once `moderating` exists.
  const delivery = createDelivery(deps, lookups, (question) => moderating.markQuestionGone(question));
  const notifications = createNotifications(deps);
  const answering = createAnswering(deps, lookups, delivery, notifications);
  const moderating = createModerating(deps, lookups, delivery, answering);
  const asking = createAsking(deps, lookups, delivery);
  const voting = createVoting(deps, lookups, delivery);
  const finding = createFinding(deps, lookups);
  const reports = createReports(deps, lookups);
  const digest = createDigest(deps);
  const configuring = createConfiguring(deps, lookups, digest);
  const promoting = createPromoting(deps, lookups);
  const tick = createBackgroundWork(deps, delivery, notifications, digest);

  return {
    // Asking
    checkAskLimit: asking.checkLimit,
    findSimilar: asking.findSimilar,
    saveDraft: asking.saveDraft,
    ask: asking.ask,
    postDraft: asking.postDraft,
    discardDraft: asking.discardDraft,
    reviewQueue: asking.reviewQueue,
    approve: asking.approve,
    reject: asking.reject,
    // Answering
    prepareAnswer: answering.prepare,
    answer: answering.answer,
    editAnswer: answering.edit,
    deleteAnswer: answering.remove,
    requireChangeableAnswer: answering.requireChangeable,
    accept: answering.accept,
    // Votes and follows
    toggleQuestionVote: voting.toggleQuestionVote,
    toggleAnswerVote: voting.toggleAnswerVote,
    toggleFollow: voting.toggleFollow,
    setNotifications: voting.setNotifications,
    notificationsEnabled: voting.notificationsEnabled,
    // Finding
    list: finding.list,
    search: finding.search,
    show: finding.show,
    autocomplete: finding.autocomplete,
    answerChoices: finding.answerChoices,
    communityAnswer: finding.communityAnswer,
    // Moderation
    editQuestion: moderating.edit,
    close: moderating.close,
    reopen: moderating.reopen,
    setLocked: moderating.setLocked,
    deleteQuestion: moderating.remove,
    merge: moderating.merge,
    auditLog: moderating.audit,
    messageDeleted: moderating.messageDeleted,
    threadDeleted: moderating.threadDeleted,
    threadUnlocked: moderating.threadUnlocked,
    promote: promoting.promote,
    settings: configuring.settings,
    setup: configuring.setup,
    rememberGuildName: configuring.rememberGuildName,
    // Reports
    leaderboard: reports.leaderboard,
    profile: reports.profile,
    stats: reports.stats,
    exportData: reports.exportData,
    /** A question by number for the member (throws a UserError when not theirs to see). */
    question: lookups.requireQuestion,
    card: lookups.card,
    /** The answer a member named for question #number, which must be one of its answers (a UserError otherwise). */
    answerOf: lookups.requireAnswerOf,
    /** An answer still there, with its question (a UserError otherwise). */
    answerWithQuestion: lookups.requireAnswer,
    /** A question or answer by id with no visibility rules: for tests and the CLI. */
    questionById: (guildId: string, id: number) => deps.questions.byId(guildId, id),
    answerById: (guildId: string, id: number) => deps.answers.byId(guildId, id),
    /**
     * The next interaction's retry: when the asker (or a moderator) looks at a question still pending
     * and its backoff is over, try posting it now instead of waiting for the job. True if it was pending.
     */
    async retryPending(guildId: string, number: number, viewer: QaActor): Promise<boolean> {
      const question = lookups.requireQuestion(guildId, number, viewer);
      if (question.publication !== 'pending') return false;
      if (!question.nextAttemptAt || question.nextAttemptAt <= deps.now()) await delivery.question(question);
      return true;
    },
    // Background job
    tick,
    nextDueAt: digest.nextDueAt,
  };
}

export type QaService = ReturnType<typeof createQaService>;
