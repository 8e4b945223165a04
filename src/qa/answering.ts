import { UserError } from '../core/errors.js';
import type { AnswerStore } from './answer-store.js';
import type { AuditStore } from './audit-store.js';
import type { Delivery } from './delivery.js';
import type { Access } from './access.js';
import type { Notifications } from './notifications.js';
import type { QuestionStore } from './question-store.js';
import { enforceLimit } from './rate-limit.js';
import { acceptReputation, acceptsAnswers, mayAccept } from './rules.js';
import { reindexQuestion } from './search.js';
import type { SettingsStore } from './settings-store.js';
import { answerText, linkedAnswerText } from './text-rules.js';
import type { InLineSoon, QaTiming } from './timing.js';
import type { Run, Transaction } from './transaction.js';
import type { Work } from '../db/sql/dialect.js';
import type { Answer, QaActor, Question } from './types.js';

export interface AnswerResult {
  readonly answer: Answer;
  readonly question: Question;
  /** posted: in the thread; pending: stored, posted as soon as Discord (or the question's thread) allows. */
  readonly state: 'posted' | 'pending';
}

export interface Accepted {
  readonly question: Question;
  readonly answer: Answer;
  readonly previous: Answer | undefined;
  /** What the accept earned the answer's author (none for the asker's own answer). */
  readonly reputation: number;
}

interface AnsweringDeps {
  readonly questions: QuestionStore;
  readonly answers: AnswerStore;
  readonly settings: SettingsStore;
  readonly audit: AuditStore;
  readonly access: Pick<Access, 'requireQuestion' | 'requireAnswer' | 'requireAnswerOf'>;
  readonly delivery: Delivery;
  readonly notifications: Notifications;
  readonly transaction: Transaction;
  readonly run: Run;
  readonly timing: QaTiming;
  readonly inLineSoon: InLineSoon;
  /** The rate-limit window (the limits themselves are per server, /qa setup). */
  readonly windowMs: number;
}

/** A member's message on Discord, as "Mark as answer" hands it over (its ids already checked against the server). */
interface MarkedMessage {
  readonly channelId: string;
  readonly messageId: string;
  readonly authorId: string;
  /** A bot's or webhook's message: never credited, unless it is already a stored answer (the bot's post of a form answer). */
  readonly authorIsBot: boolean;
  readonly text: string;
}

/**
 * An answer as a button carries it (its stable id), or as a member names it: question #question's
 * answer number `answer` (`/question accept`, `/qa delete id: answer:`).
 */
type AnswerRef = number | { readonly question: number; readonly answer: number };

/** Answers: give, edit, delete, accept. Each change is one transaction; Discord follows after. */
export function createAnswering({ questions, answers, settings, audit, access, delivery, notifications, transaction, run, timing, inLineSoon, windowMs }: AnsweringDeps) {
  const reindex = (question: Question): void => reindexQuestion(questions, question);

  /** An answer still there, with its question. */
  const find = (guildId: string, ref: AnswerRef, actor: QaActor): { answer: Answer; question: Question } =>
    typeof ref === 'number' ? access.requireAnswer(guildId, ref) : access.requireAnswerOf(guildId, ref.question, ref.answer, actor);

  const refuseClosed = (question: Question): void => {
    if (acceptsAnswers(question)) return;
    const why = question.locked ? 'is locked by a moderator' : 'is closed';
    throw new UserError('qa.not-answerable', `Question #${question.number ?? '?'} ${why}: it takes no new answers.`);
  };

  const checkLimit = function* (guildId: string, userId: string): Work<void> {
    const { answerLimit } = yield* settings.get(guildId);
    enforceLimit('answers', answers.answeredSince(guildId, userId, timing.ago(windowMs)), answerLimit, windowMs, timing.clock.now());
  };

  const requireAuthorOrModerator = (answer: Answer, actor: QaActor, what: string): void => {
    if (answer.authorId !== actor.userId && !actor.moderator) {
      throw new UserError('qa.not-your-answer', `Only the member who wrote this answer (or a moderator) can ${what} it.`);
    }
  };

  const insert = (guildId: string, number: number, actor: QaActor, text: string) => transaction(function* () {
    const question = access.requireQuestion(guildId, number, actor);
    refuseClosed(question);
    yield* checkLimit(guildId, actor.userId);
    const at = timing.now();
    const id = answers.insert({ guildId, questionId: question.id, authorId: actor.userId, text, at, retryAt: timing.handOffAt() });
    const answer = answers.requireById(guildId, id);
    reindex(question);
    questions.touch(question.id, at, timing.handOffAt());
    notifications.queue(question, answer);
    return { answer, question };
  });

  /** After a commit: the messages that changed, in the background job's stead if it fails. */
  const bringInLine = async (question: Question, ...changed: (Answer | undefined)[]): Promise<void> => {
    for (const answer of changed) if (answer) await delivery.answer(answer);
    await delivery.question(question);
  };
  /** The same, waited for only briefly: the member is answered from the database. */
  const bringInLineSoon = (question: Question, ...changed: (Answer | undefined)[]): Promise<void> => inLineSoon(bringInLine(question, ...changed));

  const requireMayAccept = (question: Question, actor: QaActor): void => {
    if (mayAccept(question, actor)) return;
    if (question.askerId !== actor.userId && !actor.moderator) {
      throw new UserError('qa.not-your-question', `Only the member who asked #${question.number ?? '?'} (or a moderator) can accept an answer.`);
    }
    if (question.mergedInto !== null) throw new UserError('qa.merged', 'That question was merged into another: accept the answer there.');
    throw new UserError('qa.locked', `Question #${question.number ?? '?'} is locked by a moderator.`);
  };

  /** Inside the caller's transaction: the question shows `answer` as accepted, and its author will be told. */
  const recordAccept = function* (question: Question, answer: Answer, actor: QaActor): Work<Accepted> {
    requireMayAccept(question, actor);
    if (question.acceptedAnswerId === answer.id) throw new UserError('qa.already-accepted', 'This answer is already the accepted one.');
    const { guildId } = question;
    const at = timing.now();
    const previous = question.acceptedAnswerId !== null ? answers.byId(guildId, question.acceptedAnswerId) : undefined;
    questions.setAccepted(question.id, answer.id, at);
    questions.touch(question.id, at, timing.handOffAt());
    answers.touch(answer.id, timing.handOffAt());
    if (previous) answers.touch(previous.id, timing.handOffAt());
    notifications.queueAccepted(question, answer, actor);
    if (question.askerId !== actor.userId) yield* audit.record({ guildId, actorId: actor.userId, action: 'accept', questionId: question.id, answerId: answer.id, details: { previous: previous?.id ?? null }, at });
    return { answer: answers.requireById(guildId, answer.id), question: questions.requireById(guildId, question.id), previous, reputation: acceptReputation(question, answer) };
  };

  /** After the accept's commit: the messages in line (briefly waited for), then its author told. */
  const afterAccept = async (result: Accepted): Promise<Accepted> => {
    const { guildId } = result.question;
    await bringInLineSoon(result.question, answers.byId(guildId, result.answer.id), result.previous && answers.byId(guildId, result.previous.id));
    await inLineSoon(notifications.deliver(guildId, result.answer.id));
    return result;
  };

  return {
    /** Who may edit or delete an answer: its author or a Q&A moderator (a UserError otherwise). */
    requireChangeable(guildId: string, answerId: number, actor: QaActor, what: 'edit' | 'delete'): { answer: Answer; question: Question } {
      const found = access.requireAnswer(guildId, answerId);
      requireAuthorOrModerator(found.answer, actor, what);
      return found;
    },

    /** Before showing the answer form: the question exists here, takes answers, and the member is under the limit. */
    prepare(guildId: string, number: number, actor: QaActor): Promise<Question> {
      return run(function* () {
        const question = access.requireQuestion(guildId, number, actor);
        refuseClosed(question);
        yield* checkLimit(guildId, actor.userId);
        return question;
      });
    },

    async answer(guildId: string, number: number, actor: QaActor, text: string): Promise<AnswerResult> {
      const stored = await insert(guildId, number, actor, answerText(text));
      await inLineSoon(
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
      const { answer, question } = await transaction(function* () {
        const found = access.requireAnswer(guildId, answerId);
        requireAuthorOrModerator(found.answer, actor, 'edit');
        const at = timing.now();
        answers.setText(answerId, value, at);
        answers.touch(answerId, timing.handOffAt());
        reindex(found.question);
        // The question's embed quotes its accepted answer.
        if (found.question.acceptedAnswerId === answerId) questions.touch(found.question.id, at, timing.handOffAt());
        if (found.answer.authorId !== actor.userId) yield* audit.record({ guildId, actorId: actor.userId, action: 'edit-answer', questionId: found.question.id, answerId, details: { before: found.answer.text }, at });
        return found;
      });
      await bringInLineSoon(question, answers.byId(guildId, answer.id));
      return answers.requireById(guildId, answerId);
    },

    async remove(guildId: string, ref: AnswerRef, actor: QaActor): Promise<{ answer: Answer; question: Question }> {
      const found = await transaction(function* () {
        const { answer, question } = find(guildId, ref, actor);
        const answerId = answer.id;
        requireAuthorOrModerator(answer, actor, 'delete');
        const at = timing.now();
        answers.markDeleted(answerId, at);
        answers.touch(answerId, timing.handOffAt());
        if (question.acceptedAnswerId === answerId) questions.setAccepted(question.id, null, at);
        questions.touch(question.id, at, timing.handOffAt());
        reindex(question);
        if (answer.authorId !== actor.userId) yield* audit.record({ guildId, actorId: actor.userId, action: 'delete-answer', questionId: question.id, answerId, details: { text: answer.text }, at });
        return { answer, question };
      });
      await bringInLineSoon(found.question, answers.byId(guildId, found.answer.id));
      return found;
    },

    /** The asker (or a moderator) accepts an answer: the question shows it and is marked answered. */
    async accept(guildId: string, ref: AnswerRef, actor: QaActor): Promise<Accepted> {
      return afterAccept(
        await transaction(function* () {
          const { answer, question } = find(guildId, ref, actor);
          return yield* recordAccept(question, answer, actor);
        }),
      );
    },

    /**
     * Mark as answer: a member's message in question `questionId`'s thread (or replying to its card)
     * becomes its accepted answer, kept as a link to that message. A message already stored as an
     * answer of this question (the bot's post of a form answer, or one marked before) is accepted as
     * it is; two racing marks store and accept it once.
     */
    async acceptMessage(guildId: string, questionId: number, message: MarkedMessage, actor: QaActor): Promise<Accepted> {
      return afterAccept(await transaction(function* () {
        const question = questions.byId(guildId, questionId);
        if (!question || question.deletedAt || question.publication !== 'posted') throw new UserError('qa.unknown-question', 'That question is no longer tracked here.');
        requireMayAccept(question, actor);
        const stored = answers.byMessage(guildId, message.messageId);
        if (stored && !stored.deletedAt && stored.questionId !== question.id) {
          const other = questions.byId(guildId, stored.questionId);
          throw new UserError('qa.answer-elsewhere', `That message is already an answer to #${other?.number ?? '?'}: accept it there.`);
        }
        if (stored?.deletedAt) throw new UserError('qa.unknown-answer', 'That answer was removed: it cannot be accepted again.');
        if (!stored && message.authorIsBot) {
          throw new UserError('qa.bot-message', "That message is a bot's, not a member's answer: mark the member's message that answers the question.");
        }
        const id = stored?.id ?? answers.insertLinked({ guildId, questionId: question.id, authorId: message.authorId, text: linkedAnswerText(message.text), channelId: message.channelId, messageId: message.messageId, at: timing.now() });
        if (!stored) reindex(question);
        return yield* recordAccept(question, answers.requireById(guildId, id), actor);
      }));
    },
  };
}

export type Answering = ReturnType<typeof createAnswering>;
