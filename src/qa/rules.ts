import { UserError } from '../core/errors.js';
import type { Answer, QaActor, Question } from './types.js';

/** Q&A rules that several units (and the renderers' buttons) apply, in one place. */

/**
 * Reputation is derived from the rows, never stored: points for each accepted answer (not for
 * accepting one's own) and for each upvote on an answer. The report store sums them; an accept says
 * what it earned.
 */
export const REPUTATION = { accepted: 15, answerUpvote: 2 } as const;

/** What accepting an answer earns its author. */
export function acceptReputation(question: Pick<Question, 'askerId'>, answer: Pick<Answer, 'authorId'>): number {
  return answer.authorId === question.askerId ? 0 : REPUTATION.accepted;
}

/** Whether members may still answer (the Answer button, /question answer). */
export function acceptsAnswers(question: Question): boolean {
  return question.status !== 'closed' && !question.locked && !question.deletedAt && question.mergedInto === null && question.publication !== 'rejected';
}

/** Whether a question and its answers take upvotes: not once a moderator locked it (nor merged, where it points elsewhere). */
export function takesVotes(question: Pick<Question, 'locked' | 'mergedInto'>): boolean {
  return !question.locked && question.mergedInto === null;
}

/** Who may accept an answer of a question: its asker or a moderator; a lock stops all but moderators. */
export function mayAccept(question: Question, actor: QaActor): boolean {
  return (actor.moderator || question.askerId === actor.userId) && (!question.locked || actor.moderator) && question.mergedInto === null;
}

export function requireModerator(actor: QaActor): void {
  if (!actor.moderator) {
    throw new UserError('moderator-only', "Only moderators can do this: you need **Manage Messages** or the server's moderator role.");
  }
}
