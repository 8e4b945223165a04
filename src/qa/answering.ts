import { UserError } from '../core/errors.js';
import type { QaDeps } from './deps.js';
import type { Delivery } from './delivery.js';
import type { Lookups } from './lookups.js';
import type { Notifications } from './notifications.js';
import { enforceLimit } from './rate-limit.js';
import { acceptsAnswers } from './render/question-message.js';
import { indexedText } from './search.js';
import { answerText } from './text-rules.js';
import type { Answer, QaActor, Question } from './types.js';

export interface AnswerResult {
  readonly answer: Answer;
  readonly question: Question;
  /** posted: in the thread; pending: stored, posted as soon as Discord (or the question's thread) allows. */
  readonly state: 'posted' | 'pending';
}

/** Answers: give, edit, delete, accept. Each change is one transaction; Discord follows after. */
export function createAnswering(deps: QaDeps, lookups: Lookups, delivery: Delivery, notifications: Notifications) {
  const { db, questions, answers, settings, audit, options } = deps;

  /** The question's index row carries its answers' text, so a search finds questions by their answers. */
  const reindex = (question: Question): void => {
    const live = !question.deletedAt && question.mergedInto === null && (question.publication === 'pending' || question.publication === 'posted');
    if (!live) {
      questions.unindex(question.id);
      return;
    }
    questions.index(question.id, question.guildId, indexedText(question.text), indexedText(questions.answerTexts(question.id).join('\n')));
  };

  const refuseClosed = (question: Question): void => {
    if (acceptsAnswers(question)) return;
    const why = question.locked ? 'is locked by a moderator' : 'is closed';
    throw new UserError('qa.not-answerable', `Question #${question.number ?? '?'} ${why}: it takes no new answers.`);
  };

  const checkLimit = (guildId: string, userId: string): void => {
    enforceLimit('answers', answers.answeredSince(guildId, userId, deps.ago(options.windowMs)), settings.get(guildId).answerLimit, options.windowMs, deps.clock.now());
  };

  const requireAuthorOrModerator = (answer: Answer, actor: QaActor, what: string): void => {
    if (answer.authorId !== actor.userId && !actor.moderator) {
      throw new UserError('qa.not-your-answer', `Only the member who wrote this answer (or a moderator) can ${what} it.`);
    }
  };

  const insert = db.transaction((guildId: string, number: number, actor: QaActor, text: string) => {
    const question = lookups.requireQuestion(guildId, number, actor);
    refuseClosed(question);
    checkLimit(guildId, actor.userId);
    const at = deps.now();
    const id = answers.insert({ guildId, questionId: question.id, authorId: actor.userId, text, at, retryAt: deps.handOffAt() });
    const answer = answers.requireById(guildId, id);
    reindex(question);
    questions.touch(question.id, at, deps.handOffAt());
    notifications.queue(question, answer);
    return { answer, question };
  });

  /** After a commit: the messages that changed, in the background job's stead if it fails. */
  const bringInLine = async (question: Question, ...changed: (Answer | undefined)[]): Promise<void> => {
    for (const answer of changed) if (answer) await delivery.answer(answer);
    await delivery.question(question);
  };
  /** The same, waited for only briefly: the member is answered from the database. */
  const bringInLineSoon = (question: Question, ...changed: (Answer | undefined)[]): Promise<void> => deps.inLineSoon(bringInLine(question, ...changed));

  return {
    /** Who may edit or delete an answer: its author or a Q&A moderator (a UserError otherwise). */
    requireChangeable(guildId: string, answerId: number, actor: QaActor, what: 'edit' | 'delete'): Answer {
      const { answer } = lookups.requireAnswer(guildId, answerId);
      requireAuthorOrModerator(answer, actor, what);
      return answer;
    },
    reindex,

    /** Before showing the answer form: the question exists here, takes answers, and the member is under the limit. */
    prepare(guildId: string, number: number, actor: QaActor): Question {
      const question = lookups.requireQuestion(guildId, number, actor);
      refuseClosed(question);
      checkLimit(guildId, actor.userId);
      return question;
    },

    async answer(guildId: string, number: number, actor: QaActor, text: string): Promise<AnswerResult> {
      const stored = insert.immediate(guildId, number, actor, answerText(text));
      await deps.inLineSoon(
        (async () => {
          await bringInLine(stored.question, stored.answer);
          await notifications.deliver(guildId, stored.answer.id);
        })(),
      );
      const answer = answers.requireById(guildId, stored.answer.id);
      return { answer, question: questions.requireById(guildId, stored.question.id), state: answer.delivery === 'posted' ? 'posted' : 'pending' };
    },

    async edit(guildId: string, answerId: number, actor: QaActor, text: string): Promise<Answer> {
      const value = answerText(text);
      const { answer, question } = db.transaction(() => {
        const found = lookups.requireAnswer(guildId, answerId);
        requireAuthorOrModerator(found.answer, actor, 'edit');
        const at = deps.now();
        answers.setText(answerId, value, at);
        answers.touch(answerId, deps.handOffAt());
        reindex(found.question);
        // The question's embed quotes its accepted answer.
        if (found.question.acceptedAnswerId === answerId) questions.touch(found.question.id, at, deps.handOffAt());
        if (found.answer.authorId !== actor.userId) audit.record({ guildId, actorId: actor.userId, action: 'edit-answer', questionId: found.question.id, answerId, details: { before: found.answer.text }, at });
        return found;
      })();
      await bringInLineSoon(question, answers.byId(guildId, answer.id));
      return answers.requireById(guildId, answerId);
    },

    async remove(guildId: string, answerId: number, actor: QaActor): Promise<{ answer: Answer; question: Question }> {
      const found = db.transaction(() => {
        const { answer, question } = lookups.requireAnswer(guildId, answerId);
        requireAuthorOrModerator(answer, actor, 'delete');
        const at = deps.now();
        answers.markDeleted(answerId, at);
        answers.touch(answerId, deps.handOffAt());
        if (question.acceptedAnswerId === answerId) questions.setAccepted(question.id, null, at);
        questions.touch(question.id, at, deps.handOffAt());
        reindex(question);
        if (answer.authorId !== actor.userId) audit.record({ guildId, actorId: actor.userId, action: 'delete-answer', questionId: question.id, answerId, details: { text: answer.text }, at });
        return { answer, question };
      })();
      await bringInLineSoon(found.question, answers.byId(guildId, answerId));
      return found;
    },

    /** The asker (or a moderator) accepts an answer: the question shows it and is marked answered. */
    async accept(guildId: string, answerId: number, actor: QaActor): Promise<{ question: Question; answer: Answer; previous: Answer | undefined }> {
      const result = db.transaction(() => {
        const { answer, question } = lookups.requireAnswer(guildId, answerId);
        if (question.askerId !== actor.userId && !actor.moderator) {
          throw new UserError('qa.not-your-question', `Only the member who asked #${question.number ?? '?'} (or a moderator) can accept an answer.`);
        }
        if (question.locked && !actor.moderator) throw new UserError('qa.locked', `Question #${question.number ?? '?'} is locked by a moderator.`);
        if (question.mergedInto !== null) throw new UserError('qa.merged', 'That question was merged into another: accept the answer there.');
        if (question.acceptedAnswerId === answerId) throw new UserError('qa.already-accepted', 'This answer is already the accepted one.');
        const at = deps.now();
        const previous = question.acceptedAnswerId !== null ? answers.byId(guildId, question.acceptedAnswerId) : undefined;
        questions.setAccepted(question.id, answerId, at);
        questions.touch(question.id, at, deps.handOffAt());
        answers.touch(answerId, deps.handOffAt());
        if (previous) answers.touch(previous.id, deps.handOffAt());
        if (question.askerId !== actor.userId) audit.record({ guildId, actorId: actor.userId, action: 'accept', questionId: question.id, answerId, details: { previous: previous?.id ?? null }, at });
        return { answer, question: questions.requireById(guildId, question.id), previous };
      })();
      await bringInLineSoon(result.question, answers.byId(guildId, answerId), result.previous && answers.byId(guildId, result.previous.id));
      return result;
    },
  };
}

export type Answering = ReturnType<typeof createAnswering>;
