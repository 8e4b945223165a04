import { NO_MENTIONS, type OutgoingMessage } from '../../core/poster.js';
import { plural } from '../../core/plural.js';
import { button, ButtonStyle, row } from '../../discord/components.js';
import { decodeCustomId } from '../../discord/custom-id.js';
import { escapeMarkdown, joinWithin, oneLine, quoted } from '../../discord/text.js';
import { nudgeAcceptArgs, QuestionAction, questionIds } from '../custom-ids.js';
import type { Answer, Question } from '../types.js';

/** One row of Accept buttons: the answers a nudge offers are at most this many. */
export const NUDGE_CHOICES = 5;

interface NudgeInput {
  readonly question: Pick<Question, 'guildId' | 'number' | 'text' | 'askerId'>;
  /** The answers to pick from, best first (at most NUDGE_CHOICES are shown). */
  readonly answers: readonly (Pick<Answer, 'id' | 'number' | 'authorId' | 'text'> & { readonly votes: number })[];
  /** All of the question's answers the asker could pick from (more than shown when there are many). */
  readonly total: number;
  readonly guildName: string | null;
  readonly link: string | null;
}

/**
 * The one DM an asker gets when their question has answers and none is accepted: which question,
 * its answers with an Accept button each, and that no other reminder follows. Pings nobody.
 */
export function nudgeMessage({ question, answers, total, guildName, link }: NudgeInput): OutgoingMessage {
  const shown = answers.slice(0, NUDGE_CHOICES);
  const number = question.number ?? 0;
  const where = guildName ? ` in **${escapeMarkdown(oneLine(guildName, 100))}**` : '';
  const choices = shown.map((answer) => {
    const votes = answer.votes > 0 ? ` · ${plural(answer.votes, 'upvote')}` : '';
    return `**Answer ${answer.number}** by <@${answer.authorId}>${votes}\n${quoted(answer.text, 250)}`;
  });
  const more = total > shown.length ? `\n…and ${plural(total - shown.length, 'more answer')} on the question.` : '';
  const lines = [
    `**Did an answer solve your question #${number}?**${where}`,
    quoted(oneLine(question.text, 200), 220),
    '',
    `It has ${plural(total, 'answer')} and none is accepted yet. Accepting one marks it solved and credits whoever helped:`,
    joinWithin(choices, 1100, '\n\n') + more,
    '',
    `${link ? `[Open the question](${link}) · ` : ''}This is the only reminder about #${number}.`,
  ];
  return {
    content: lines.join('\n'),
    components: [row(...shown.map((answer) => button(questionIds.nudgeAccept(number, answer.id, question.guildId, question.askerId), `Accept answer ${answer.number}`, ButtonStyle.Success)))],
    allowed_mentions: NO_MENTIONS,
  };
}

/** Whether a button's custom_id is the nudge about question #number of this server to this asker (how a resumed send finds its DM). */
export function isNudgeButton(customId: string, question: Pick<Question, 'guildId' | 'number' | 'askerId'>): boolean {
  const decoded = decodeCustomId(customId);
  if (!decoded || decoded.command !== 'question' || decoded.action !== QuestionAction.nudgeAccept) return false;
  const parsed = nudgeAcceptArgs.safeParse(decoded.args);
  if (!parsed.success) return false;
  const [number, , guildId, askerId] = parsed.data;
  return number === question.number && guildId === question.guildId && askerId === question.askerId;
}
