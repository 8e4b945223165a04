import type { Logger } from '../core/logger.js';
import { DeliveryError, type Poster } from '../core/poster.js';
import type { AnswerStore } from './answer-store.js';
import type { EngagementStore } from './engagement-store.js';
import type { QuestionStore } from './question-store.js';
import { discordLink, questionLink } from './render/links.js';
import { acceptedNotification, answerMention, answerNotification } from './render/notify.js';
import type { SettingsStore } from './settings-store.js';
import type { QaTiming } from './timing.js';
import type { Run } from './transaction.js';
import type { Answer, QaActor, Question } from './types.js';

interface NotificationDeps {
  readonly engagement: EngagementStore;
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly settings: SettingsStore;
  readonly poster: Poster;
  readonly logger: Logger;
  readonly timing: QaTiming;
  readonly run: Run;
}

/**
 * Telling the asker and followers about each answer, once. Recipients are queued in the answer's
 * transaction and claimed just before sending, so a member hears about an answer at most once even
 * across retries and crashes. One DM each; whoever has DMs closed is mentioned once in the thread,
 * except an anonymous asker, who is never named in public.
 */
export function createNotifications({ engagement, questions, answers, settings, poster, logger, timing, run }: NotificationDeps) {

  /** Inside the answer's transaction: who will be told. */
  function queue(question: Question, answer: Answer): void {
    const at = timing.now();
    const recipients = new Map<string, boolean>([[question.askerId, !question.anonymous]]);
    for (const follower of engagement.followers(question.id)) {
      if (!recipients.has(follower)) recipients.set(follower, true);
    }
    for (const [userId, mayMention] of recipients) {
      if (userId === answer.authorId || engagement.optedOut(question.guildId, userId)) continue;
      engagement.queueNotification(answer.id, userId, mayMention, at);
    }
  }

  /**
   * Inside the accept's transaction: the answer's author will be told it was accepted, once per
   * answer (the same queue as new answers: their own answer never queues them otherwise), unless
   * they accepted it themselves or turned notifications off.
   */
  function queueAccepted(question: Question, answer: Answer, actor: QaActor): void {
    if (answer.authorId === actor.userId || answer.authorId === question.askerId || engagement.optedOut(question.guildId, answer.authorId)) return;
    engagement.queueNotification(answer.id, answer.authorId, false, timing.now());
  }

  async function deliver(guildId: string, answerId: number): Promise<void> {
    const claimed = engagement.claimNotifications(answerId);
    if (claimed.length === 0) return;
    const answer = answers.byId(guildId, answerId);
    const question = answer ? questions.byId(guildId, answer.questionId) : undefined;
    const at = timing.now();
    if (!answer || !question || answer.deletedAt || question.deletedAt) {
      for (const { userId } of claimed) engagement.finishNotification(answerId, userId, 'failed', at);
      return;
    }
    const link = answer.channelId && answer.messageId ? discordLink(guildId, answer.channelId, answer.messageId) : questionLink(question);
    const { guildName } = await run(() => settings.get(guildId));
    const toMention: string[] = [];
    for (const recipient of claimed) {
      const message = recipient.userId === answer.authorId
        ? acceptedNotification({ question, answer, guildName, link })
        : answerNotification({ question, answer, guildName, asker: recipient.userId === question.askerId, link });
      try {
        await poster.sendDirect(recipient.userId, message);
        engagement.finishNotification(answerId, recipient.userId, 'sent', timing.now());
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        logger.info({ guildId, answerId, userId: recipient.userId, failure: error.failure }, 'Q&A answer DM not delivered');
        if (recipient.mayMention && error.failure === 'forbidden') toMention.push(recipient.userId);
        else engagement.finishNotification(answerId, recipient.userId, 'failed', timing.now());
      }
    }
    if (toMention.length > 0) await mention(question, answerId, toMention);
  }

  async function mention(question: Question, answerId: number, userIds: string[]): Promise<void> {
    let state: 'mentioned' | 'failed' = 'failed';
    if (question.threadId) {
      try {
        await poster.send(question.threadId, answerMention(userIds, question.number));
        state = 'mentioned';
      } catch (error) {
        logger.warn({ err: error, guildId: question.guildId, answerId }, 'Q&A answer mention not delivered');
      }
    }
    for (const userId of userIds) engagement.finishNotification(answerId, userId, state, timing.now());
  }

  return {
    queue,
    queueAccepted,
    /** Sends what is queued for an answer; never throws for Discord failures. */
    deliver: async (guildId: string, answerId: number): Promise<void> => {
      try {
        await deliver(guildId, answerId);
      } catch (error) {
        logger.error({ err: error, guildId, answerId }, 'Q&A notifications failed');
      }
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
