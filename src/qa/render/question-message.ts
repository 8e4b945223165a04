import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { NO_MENTIONS, type OutgoingMessage } from '../../core/poster.js';
import { button, ButtonStyle, row, type Row } from '../../discord/components.js';
import { body, inline, plainLine, quoted, truncate, type MentionNames } from '../../discord/text.js';
import { BRAND_COLOR, MUTED_COLOR, SUCCESS_COLOR, WARNING_COLOR } from '../../discord/theme.js';
import { questionIds } from '../custom-ids.js';
import { acceptsAnswers, takesVotes } from '../rules.js';
import type { AnswerCard, Question, QuestionCard } from '../types.js';
import { discordLink } from './links.js';
import { plural } from './text.js';

/** A question's post, its thread name and its answers' posts, as plain Discord JSON. */

export type MessageBody = Pick<OutgoingMessage, 'content' | 'embeds' | 'components' | 'allowed_mentions'>;

export function statusLabel(question: Pick<Question, 'status' | 'locked' | 'publication' | 'deletedAt' | 'mergedInto'>): string {
  if (question.deletedAt) return 'Removed';
  if (question.publication === 'review') return 'Awaiting review';
  if (question.publication === 'rejected') return 'Not approved';
  if (question.mergedInto !== null) return 'Merged';
  const status = { open: 'Open', answered: 'Answered ✅', closed: 'Closed' }[question.status];
  const pending = question.publication === 'pending' ? ' · pending (not on Discord yet)' : '';
  return `${status}${question.locked ? ' · 🔒 Locked' : ''}${pending}`;
}

function askerLabel(question: Pick<Question, 'anonymous' | 'askerId'>): string {
  return question.anonymous ? 'Anonymous member' : `<@${question.askerId}>`;
}

/** Thread names are plain text: mentions in the question are shown by name. */
export function threadName(question: Pick<Question, 'number' | 'text'>, names: MentionNames): string {
  return plainLine(`#${question.number ?? '?'} · ${question.text}`, 100, names);
}

function colorOf(question: Question): number {
  if (question.locked) return WARNING_COLOR;
  if (question.status === 'answered') return SUCCESS_COLOR;
  return question.status === 'closed' ? MUTED_COLOR : BRAND_COLOR;
}

export function questionEmbed(card: QuestionCard, options: { mergedIntoNumber?: number | null } = {}): APIEmbed {
  const { question, accepted } = card;
  const fields: APIEmbedField[] = [
    { name: 'Asked by', value: askerLabel(question), inline: true },
    { name: 'Status', value: statusLabel(question), inline: true },
    { name: 'Answers', value: String(card.answers), inline: true },
    { name: 'Upvotes', value: String(card.votes), inline: true },
  ];
  if (question.sourceChannelId && question.sourceMessageId) {
    fields.push({ name: 'Asked in', value: `[a message in <#${question.sourceChannelId}>](${discordLink(question.guildId, question.sourceChannelId, question.sourceMessageId)})`, inline: true });
  }
  if (accepted) {
    const where = accepted.messageId && accepted.channelId ? ` · [jump](${discordLink(question.guildId, accepted.channelId, accepted.messageId)})` : '';
    fields.push({ name: 'Accepted answer', value: truncate(`${quoted(accepted.text, 700)}\n— <@${accepted.authorId}>${where}`, 1024) });
  }
  if (options.mergedIntoNumber) fields.push({ name: 'Merged', value: `This question was merged into **#${options.mergedIntoNumber}**: answer and follow it there.` });
  return {
    title: truncate(`Question #${question.number ?? '?'}`, 256),
    description: body(question.text, 4096),
    color: colorOf(question),
    fields,
    footer: { text: `Community Q&A · answer with the button or /question answer id:${question.number ?? '?'}` },
    timestamp: question.createdAt,
  };
}

export function questionButtons(card: QuestionCard): Row[] {
  const { question } = card;
  const number = question.number ?? 0;
  if (number === 0 || question.deletedAt) return [];
  const frozen = !acceptsAnswers(question);
  return [
    row(
      button(questionIds.answer(number), 'Answer', ButtonStyle.Primary, { disabled: frozen }),
      button(questionIds.upvote(number), `Upvote (${card.votes})`, ButtonStyle.Secondary, { disabled: !takesVotes(question) }),
      button(questionIds.follow(number), 'Follow', ButtonStyle.Secondary, { disabled: question.mergedInto !== null }),
    ),
  ];
}

/** The question's own message in the Q&A channel (or forum post); pings nobody. */
export function questionMessage(card: QuestionCard, options: { mergedIntoNumber?: number | null } = {}): MessageBody {
  if (card.question.deletedAt) {
    return {
      embeds: [{ title: `Question #${card.question.number ?? '?'}`, description: 'This question was removed by a moderator.', color: MUTED_COLOR }],
      components: [],
      allowed_mentions: NO_MENTIONS,
    };
  }
  return { embeds: [questionEmbed(card, options)], components: questionButtons(card), allowed_mentions: NO_MENTIONS };
}

export function answerEmbed(card: AnswerCard, question: Pick<Question, 'number'>): APIEmbed {
  const { answer } = card;
  return {
    title: card.accepted ? `✅ Accepted answer to #${question.number ?? '?'}` : `Answer to #${question.number ?? '?'}`,
    description: body(answer.text, 4096),
    color: card.accepted ? SUCCESS_COLOR : BRAND_COLOR,
    fields: [{ name: 'Answer by', value: `<@${answer.authorId}>`, inline: true }, { name: 'Upvotes', value: String(card.votes), inline: true }],
    footer: { text: `Answer ${answer.number}${answer.editedAt ? ' · edited' : ''}` },
    timestamp: answer.createdAt,
  };
}

/** An answer's message in the question's thread: Upvote, Accept, Edit and Delete. */
export function answerMessage(card: AnswerCard, question: Pick<Question, 'number' | 'locked' | 'mergedInto'>): MessageBody {
  const { answer } = card;
  if (answer.deletedAt) {
    return { content: '', embeds: [{ description: 'This answer was deleted.', color: MUTED_COLOR }], components: [], allowed_mentions: NO_MENTIONS };
  }
  return {
    embeds: [answerEmbed(card, question)],
    components: [
      row(
        button(questionIds.upvoteAnswer(answer.id), `Upvote (${card.votes})`, ButtonStyle.Secondary, { disabled: !takesVotes(question) }),
        button(questionIds.accept(answer.id), card.accepted ? 'Accepted' : 'Accept', ButtonStyle.Success, { disabled: card.accepted || question.locked }),
        button(questionIds.editAnswer(answer.id), 'Edit'),
        button(questionIds.deleteAnswer(answer.id), 'Delete', ButtonStyle.Danger),
      ),
    ],
    allowed_mentions: NO_MENTIONS,
  };
}

/** A short line for lists: `**#12** text — Open · 2 answers · 3 upvotes`. */
export function questionLine(card: QuestionCard, link: string | null): string {
  const title = inline(card.question.text, 90);
  const head = link ? `**#${card.question.number ?? '?'}** [${title}](${link})` : `**#${card.question.number ?? '?'}** ${title}`;
  return `${head}\n${statusLabel(card.question)} · ${plural(card.answers, 'answer')} · ${plural(card.votes, 'upvote')}`;
}
