import { z } from 'zod';
import { encodeCustomId, positiveIntArg, snowflakeArg } from '../discord/custom-id.js';

/**
 * custom_ids of every Q&A button, menu and modal. Questions travel as their number in the server,
 * answers and drafts as their id: each is looked up together with the interaction's own server, so
 * an id carried into another server finds nothing there.
 */
const QUESTION_COMMAND = 'question';
const QUESTIONS_COMMAND = 'questions';
const QA_COMMAND = 'qa';

export const QuestionAction = {
  answer: 'answer',
  upvote: 'upvote',
  follow: 'follow',
  upvoteAnswer: 'up-answer',
  accept: 'accept',
  editAnswer: 'edit-answer',
  deleteAnswer: 'delete-answer',
  confirmDelete: 'confirm-delete',
  post: 'post',
  resolved: 'resolved',
  open: 'open',
  answerModal: 'answer-modal',
  editAnswerModal: 'edit-answer-modal',
  askModal: 'ask-modal',
  nudgeAccept: 'nudge-accept',
} as const;

export const QaAction = {
  approve: 'approve',
  reject: 'reject',
  editQuestionModal: 'edit-question',
  editAnswerModal: 'edit-answer',
  confirm: 'confirm',
  cancel: 'cancel',
  undo: 'undo',
  expertStop: 'expert-stop',
} as const;

export const TEXT_FIELD = 'text';

export const questionIds = {
  answer: (number: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.answer, number),
  upvote: (number: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.upvote, number),
  follow: (number: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.follow, number),
  upvoteAnswer: (answerId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.upvoteAnswer, answerId),
  accept: (answerId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.accept, answerId),
  editAnswer: (answerId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.editAnswer, answerId),
  deleteAnswer: (answerId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.deleteAnswer, answerId),
  confirmDelete: (answerId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.confirmDelete, answerId),
  post: (draftId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.post, draftId),
  resolved: (draftId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.resolved, draftId),
  open: encodeCustomId(QUESTION_COMMAND, QuestionAction.open),
  answerModal: (number: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.answerModal, number),
  editAnswerModal: (answerId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.editAnswerModal, answerId),
  /** "Ask the community" under an /ask answer: the logged /ask question's id. */
  askModal: (kbQuestionId: number) => encodeCustomId(QUESTION_COMMAND, QuestionAction.askModal, kbQuestionId),
  /**
   * Accept on the asker's nudge, a DM: clicked outside the server, so it names the server and the
   * asker it was sent to, beside question #number and the answer's id.
   */
  nudgeAccept: (number: number, answerId: number, guildId: string, askerId: string) =>
    encodeCustomId(QUESTION_COMMAND, QuestionAction.nudgeAccept, number, answerId, guildId, askerId),
};

export const qaIds = {
  approve: (questionId: number) => encodeCustomId(QA_COMMAND, QaAction.approve, questionId),
  reject: (questionId: number) => encodeCustomId(QA_COMMAND, QaAction.reject, questionId),
  editQuestionModal: (number: number) => encodeCustomId(QA_COMMAND, QaAction.editQuestionModal, number),
  editAnswerModal: (answerId: number) => encodeCustomId(QA_COMMAND, QaAction.editAnswerModal, answerId),
  /**
   * Confirm/Cancel of a close, delete or merge: what, when it was shown (ms on the bot's clock), and
   * the server and moderator it was shown to. `into` is 0 unless merging.
   */
  confirm: (action: 'close' | 'delete' | 'merge', number: number, into: number, issuedAt: number, guildId: string, userId: string) =>
    encodeCustomId(QA_COMMAND, QaAction.confirm, action, number, into, issuedAt, guildId, userId),
  cancel: (guildId: string, userId: string) => encodeCustomId(QA_COMMAND, QaAction.cancel, guildId, userId),
  /** Undo of the moderation log entry it names, in this server. */
  undo: (entryId: number, guildId: string) => encodeCustomId(QA_COMMAND, QaAction.undo, entryId, guildId),
  /** "Stop expert notifications": on expert DMs too, so it names the server and the member it was sent to. */
  expertStop: (guildId: string, userId: string) => encodeCustomId(QA_COMMAND, QaAction.expertStop, guildId, userId),
};

export const LIST_STATUSES = ['all', 'open', 'answered', 'unanswered', 'mine'] as const;
export const LIST_SORTS = ['newest', 'votes'] as const;

export const listPageId = (status: (typeof LIST_STATUSES)[number], sort: (typeof LIST_SORTS)[number], page: number) =>
  encodeCustomId(QUESTIONS_COMMAND, 'page', status, sort, page);

/** One positive integer argument: a question number, an answer id or a draft id. */
export const idArg = z.tuple([positiveIntArg]);
export const listPageArgs = z.tuple([z.enum(LIST_STATUSES), z.enum(LIST_SORTS), positiveIntArg]);
/** A value of the "Open…" menu: `q<number>` or `kb.<entry id>`. */
export const openValue = z.union([
  z.string().regex(/^q\d{1,9}$/).transform((value) => ({ kind: 'question' as const, number: Number(value.slice(1)) })),
  z.string().regex(/^kb\.[a-z0-9-]{1,90}$/).transform((value) => ({ kind: 'kb' as const, entryId: value.slice(3) })),
]);
export const confirmArgs = z.tuple([z.enum(['close', 'delete', 'merge']), positiveIntArg, z.coerce.number().int().min(0).max(999_999_999), positiveIntArg, snowflakeArg, snowflakeArg]);
export const cancelArgs = z.tuple([snowflakeArg, snowflakeArg]);
export const undoArgs = z.tuple([positiveIntArg, snowflakeArg]);
export const nudgeAcceptArgs = z.tuple([positiveIntArg, positiveIntArg, snowflakeArg, snowflakeArg]);
export const expertStopArgs = z.tuple([snowflakeArg, snowflakeArg]);
