import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { NO_MENTIONS, type OutgoingMessage, type OwnMessage } from '../../core/poster.js';
import { inline, joinWithin } from '../../discord/text.js';
import { BRAND_COLOR } from '../../discord/theme.js';
import type { AnswerLine, HelperRow, QuestionLine } from '../report-store.js';
import { discordLink, questionLink } from './links.js';
import { plural } from './text.js';

export interface DigestContent {
  readonly guildId: string;
  readonly unanswered: readonly QuestionLine[];
  readonly bestAnswers: readonly AnswerLine[];
  readonly helpers: readonly HelperRow[];
}

function questionItem(guildId: string, line: QuestionLine): string {
  const link = questionLink({ guildId, ...line, channelKind: line.channelKind as 'text' | 'forum' | 'thread' });
  const text = inline(line.text, 90);
  return `**#${line.number}** ${link ? `[${text}](${link})` : text}`;
}

const DIGEST_TITLE = 'This week in Community Q&A';

/** Whether one of the bot's messages is a weekly digest (its content changes with the week; its title does not). */
export function isDigestPost(message: OwnMessage): boolean {
  return message.embeds[0]?.title === DIGEST_TITLE;
}

/** The weekly digest: the week's unanswered questions, its best-voted answers and top helpers. */
function renderDigest(content: DigestContent): APIEmbed {
  const { guildId } = content;
  const fields: APIEmbedField[] = [];
  if (content.unanswered.length > 0) {
    fields.push({ name: 'Still waiting for an answer', value: joinWithin(content.unanswered.map((line) => `• ${questionItem(guildId, line)}`), 1024) });
  }
  if (content.bestAnswers.length > 0) {
    const lines = content.bestAnswers.map((answer) => {
      const link = answer.channelId && answer.messageId ? discordLink(guildId, answer.channelId, answer.messageId) : null;
      const label = `#${answer.questionNumber} · ${inline(answer.questionText, 60)}`;
      return `• ${link ? `[${label}](${link})` : label}: <@${answer.authorId}> (${plural(answer.votes, 'upvote')})\n  ${inline(answer.text, 120)}`;
    });
    fields.push({ name: 'Best-voted answers', value: joinWithin(lines, 1024) });
  }
  if (content.helpers.length > 0) {
    const lines = content.helpers.map((helper, index) => `${index + 1}. <@${helper.userId}> · ${helper.reputation} reputation`);
    fields.push({ name: 'Top helpers', value: joinWithin(lines, 1024) });
  }
  return {
    title: DIGEST_TITLE,
    description: 'Know the answer to one of these? Open it and press **Answer**.',
    color: BRAND_COLOR,
    fields,
    footer: { text: 'Weekly digest · /questions list for everything · /leaderboard for all helpers' },
  };
}

/** The post: nobody pinged (helpers appear as mentions that notify no one). */
export function digestMessage(content: DigestContent): OutgoingMessage {
  return { embeds: [renderDigest(content)], allowed_mentions: NO_MENTIONS };
}
