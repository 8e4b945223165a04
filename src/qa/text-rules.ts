import { UserError } from '../core/errors.js';
import { trimInvisible, visibleLength } from '../core/visible-text.js';

export const QUESTION_LENGTH = { min: 10, max: 500 } as const;
export const ANSWER_LENGTH = { min: 2, max: 2000 } as const;

/**
 * Member text as it is stored: trimmed (of invisible characters too), at most two blank lines in a
 * row, within the limits, where the minimum counts only characters that show. The commands check the
 * same limits with zod; the service checks again for every other way in.
 */
function cleaned(text: string): string {
  return trimInvisible(text.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n'));
}

export function questionText(text: string): string {
  const value = cleaned(text);
  if (visibleLength(value) < QUESTION_LENGTH.min) {
    throw new UserError('qa.question-too-short', `Write your question in at least ${QUESTION_LENGTH.min} characters, so others can answer it.`);
  }
  if (value.length > QUESTION_LENGTH.max) {
    throw new UserError('qa.question-too-long', `Keep the question under ${QUESTION_LENGTH.max} characters (it has ${value.length}); details can go in the thread.`);
  }
  return value;
}

export function answerText(text: string): string {
  const value = cleaned(text);
  if (visibleLength(value) < ANSWER_LENGTH.min) throw new UserError('qa.answer-too-short', 'The answer is empty.');
  if (value.length > ANSWER_LENGTH.max) {
    throw new UserError('qa.answer-too-long', `Keep the answer under ${ANSWER_LENGTH.max} characters (it has ${value.length}).`);
  }
  return value;
}
