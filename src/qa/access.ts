import { UserError } from '../core/errors.js';
import type { AnswerStore } from './answer-store.js';
import type { EngagementStore } from './engagement-store.js';
import type { QuestionStore } from './question-store.js';
import type { Answer, AnswerCard, QaActor, Question, QuestionCard } from './types.js';

/**
 * Finding questions and answers for a member, always inside the interaction's own server: a number
 * or id from elsewhere is simply not found. Pending (not yet on Discord) questions are visible to
 * their asker and to moderators only.
 */
export function createAccess({ questions, answers, engagement }: { questions: QuestionStore; answers: AnswerStore; engagement: EngagementStore }) {

  const notFound = (number: number) =>
    new UserError('qa.unknown-question', `There is no question #${number} in this server. \`/questions list\` shows them.`);

  const visibleTo = (question: Question, viewer: QaActor | null): boolean => {
    if (question.publication === 'posted') return true;
    if (question.publication === 'pending') return viewer !== null && (viewer.moderator || viewer.userId === question.askerId);
    return false;
  };

  const card = (question: Question): QuestionCard => {
    const accepted = question.acceptedAnswerId !== null ? answers.byId(question.guildId, question.acceptedAnswerId) : undefined;
    return {
      question,
      answers: answers.count(question.id),
      votes: engagement.votes('question', question.id),
      accepted: accepted && !accepted.deletedAt ? { ...accepted, votes: answers.votes(accepted.id) } : null,
    };
  };

  const answerCard = (answer: Answer, question: Question): AnswerCard => ({
    answer,
    votes: answers.votes(answer.id),
    accepted: question.acceptedAnswerId === answer.id,
  });

  /** A question a member may see, by its number; removed and merged ones explain themselves. */
  const requireQuestion = (guildId: string, number: number, viewer: QaActor | null, { followMerge = false } = {}): Question => {
    const question = questions.byNumber(guildId, number);
    if (!question || !visibleTo(question, viewer)) throw notFound(number);
    if (question.deletedAt) throw new UserError('qa.removed', `Question #${number} was removed by a moderator.`);
    if (question.mergedInto !== null) {
      const target = questions.byId(guildId, question.mergedInto);
      if (followMerge && target && !target.deletedAt) return target;
      throw new UserError('qa.merged', `Question #${number} was merged into #${target?.number ?? '?'}: use that one.`);
    }
    return question;
  };

  /** An answer of this server that is still there, with its question. */
  const requireAnswer = (guildId: string, answerId: number): { answer: Answer; question: Question } => {
    const answer = answers.byId(guildId, answerId);
    const question = answer ? questions.byId(guildId, answer.questionId) : undefined;
    if (!answer || !question || answer.deletedAt) throw new UserError('qa.unknown-answer', 'That answer no longer exists.');
    if (question.deletedAt) throw new UserError('qa.removed', `Question #${question.number ?? '?'} was removed by a moderator.`);
    return { answer, question };
  };

  /** The answer a member named by its number within question #number (typed, or crafted). */
  const requireAnswerOf = (guildId: string, number: number, answerNumber: number, viewer: QaActor): { answer: Answer; question: Question } => {
    const question = requireQuestion(guildId, number, viewer);
    const answer = answers.byNumber(question.id, answerNumber);
    if (!answer || answer.guildId !== guildId) {
      throw new UserError('qa.answer-elsewhere', `#${number} has no answer ${answerNumber}. Pick one from the list.`);
    }
    if (answer.deletedAt) throw new UserError('qa.unknown-answer', `Answer ${answerNumber} to #${number} was deleted.`);
    return { answer, question };
  };

  return { card, answerCard, requireQuestion, requireAnswer, requireAnswerOf, visibleTo, notFound };
}

export type Access = ReturnType<typeof createAccess>;
