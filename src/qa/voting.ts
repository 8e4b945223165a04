import { UserError } from '../core/errors.js';
import type { AnswerStore } from './answer-store.js';
import type { Delivery } from './delivery.js';
import type { EngagementStore } from './engagement-store.js';
import type { Access } from './access.js';
import type { QuestionStore } from './question-store.js';
import type { InLineSoon, QaTiming } from './timing.js';
import { takesVotes } from './rules.js';
import { bridged, type Transaction } from './transaction.js';
import type { QaActor, Question } from './types.js';

interface VotingDeps {
  readonly engagement: EngagementStore;
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly access: Pick<Access, 'requireQuestion' | 'requireAnswer'>;
  readonly delivery: Delivery;
  readonly transaction: Transaction;
  readonly timing: QaTiming;
  readonly inLineSoon: InLineSoon;
}

/** Upvotes (one per member, not on one's own posts, withdrawn by a second click) and follows. */
export function createVoting({ engagement, questions, answers, access, delivery, transaction, timing, inLineSoon }: VotingDeps) {

  const refuseLocked = (question: Question): void => {
    if (!takesVotes(question)) throw new UserError('qa.locked', `Question #${question.number ?? '?'} is locked by a moderator.`);
  };

  return {
    /** Adds the member's upvote, or withdraws it when they had one. */
    async toggleQuestionVote(guildId: string, number: number, actor: QaActor): Promise<{ voted: boolean; votes: number; question: Question }> {
      const result = await transaction(bridged(() => {
        const question = access.requireQuestion(guildId, number, actor);
        refuseLocked(question);
        if (question.askerId === actor.userId) throw new UserError('qa.own-post', 'You cannot upvote your own question.');
        const voted = !engagement.hasVote('question', question.id, actor.userId);
        if (voted) engagement.addVote(guildId, 'question', question.id, actor.userId, timing.now());
        else engagement.removeVote('question', question.id, actor.userId);
        questions.touch(question.id, timing.now(), timing.handOffAt());
        return { voted, votes: engagement.votes('question', question.id), question };
      }));
      await inLineSoon(delivery.question(result.question));
      return result;
    },

    async toggleAnswerVote(guildId: string, answerId: number, actor: QaActor): Promise<{ voted: boolean; votes: number; question: Question }> {
      const result = await transaction(bridged(() => {
        const { answer, question } = access.requireAnswer(guildId, answerId);
        refuseLocked(question);
        if (answer.authorId === actor.userId) throw new UserError('qa.own-post', 'You cannot upvote your own answer.');
        const voted = !engagement.hasVote('answer', answerId, actor.userId);
        if (voted) engagement.addVote(guildId, 'answer', answerId, actor.userId, timing.now());
        else engagement.removeVote('answer', answerId, actor.userId);
        answers.touch(answerId, timing.handOffAt());
        // The question's embed shows its accepted answer's votes too.
        if (question.acceptedAnswerId === answerId) questions.touch(question.id, timing.now(), timing.handOffAt());
        return { voted, votes: engagement.votes('answer', answerId), question, answer };
      }));
      await inLineSoon(
        (async () => {
          await delivery.answer(result.answer);
          if (result.question.acceptedAnswerId === answerId) await delivery.question(result.question);
        })(),
      );
      return result;
    },

    /** Follows a question (told about each new answer), or stops following it. */
    async toggleFollow(guildId: string, number: number, actor: QaActor): Promise<{ following: boolean; question: Question }> {
      return transaction(bridged(() => {
        const question = access.requireQuestion(guildId, number, actor);
        if (question.askerId === actor.userId) {
          throw new UserError('qa.own-question', 'You asked this question: you hear about every answer already (`/qa notify mode: off` stops that).');
        }
        const following = !engagement.isFollowing(question.id, actor.userId);
        if (following) engagement.follow(question.id, actor.userId, timing.now());
        else engagement.unfollow(question.id, actor.userId);
        return { following, question };
      }));
    },

    /** /qa notify: DMs about answers to one's questions and follows, on or off. */
    setNotifications(guildId: string, userId: string, enabled: boolean): void {
      engagement.setNotifications(guildId, userId, enabled, timing.now());
    },
    notificationsEnabled: (guildId: string, userId: string): boolean => !engagement.optedOut(guildId, userId),
  };
}
