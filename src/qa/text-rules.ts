import { UserError } from '../core/errors.js';
import { trimInvisible, visibleLength } from '../core/visible-text.js';

export const QUESTION_LENGTH = { min: 10, max: 500 } as const;
/**
 * An answer helps only if it says something: "ok", "+1" or "same here" do not. 15 visible characters
 * and 3 words is the shortest useful answer ("Use weekly one-on-ones.", "Ask HR first, always."),
 * and both together refuse one long word or a string of letters as well. Words are counted by the
 * Unicode word breaker, so a language without spaces (Chinese, Japanese, Thai) counts its words too.
 */
export const ANSWER_LENGTH = { min: 15, max: 2000, minWords: 3 } as const;

const WORDS = new Intl.Segmenter('und', { granularity: 'word' });

function wordCount(text: string): number {
  let count = 0;
  for (const segment of WORDS.segment(text)) if (segment.isWordLike) count += 1;
  return count;
}

/** The minimum as members read it, in the refusal and the answer form. */
const ANSWER_MINIMUM = `at least ${ANSWER_LENGTH.minWords} words and ${ANSWER_LENGTH.min} characters (spaces not counted)`;

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
  if (value.length > ANSWER_LENGTH.max) {
    throw new UserError('qa.answer-too-long', `Keep the answer under ${ANSWER_LENGTH.max} characters (it has ${value.length}).`);
  }
  const visible = visibleLength(value);
  if (visible === 0) throw new UserError('qa.answer-too-short', `The answer is empty: write ${ANSWER_MINIMUM}.`);
  if (visible < ANSWER_LENGTH.min || wordCount(value) < ANSWER_LENGTH.minWords) {
    throw new UserError('qa.answer-too-short', `That answer is too short: write ${ANSWER_MINIMUM}, so it helps whoever asked (what worked, and why).`);
  }
  return value;
}

/**
 * The text kept from a member's message marked as an answer: whatever its author wrote (the asker
 * chose it, so no minimum beyond saying something), cut to the answer limit; the link keeps the rest.
 */
export function linkedAnswerText(text: string): string {
  const value = cleaned(text);
  if (visibleLength(value) === 0) {
    throw new UserError('qa.message-without-text', 'That message has no text to keep as an answer (only attachments or embeds). Mark a message that says the answer.');
  }
  return cutTo(value, ANSWER_LENGTH.max);
}

/**
 * A member's message made into a question (Track as a question): long messages are cut at a word
 * (the question links to the whole message); too short to be a question is refused as /question ask does.
 */
export function trackedQuestionText(text: string): string {
  return questionText(cutTo(cleaned(text), QUESTION_LENGTH.max));
}

function cutTo(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
