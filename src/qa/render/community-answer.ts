import type { APIEmbed } from 'discord-api-types/v10';
import { body, plainLine, type MentionNames } from '../../discord/text.js';
import { SUCCESS_COLOR } from '../../discord/theme.js';
import type { CommunityAnswer } from '../finding.js';
import { discordLink, questionLink } from './links.js';

/** An accepted community answer as /ask shows it: labelled as the community's, credited to its author. */
export function communityAnswerEmbed({ question, answer }: CommunityAnswer, names: MentionNames): APIEmbed {
  const link = answer.channelId && answer.messageId ? discordLink(question.guildId, answer.channelId, answer.messageId) : questionLink(question);
  return {
    author: { name: 'Community answer' },
    // Embed titles show mentions as typed: they are named.
    title: plainLine(question.text, 256, names),
    ...(link ? { url: link } : {}),
    description: body(answer.text, 3000),
    color: SUCCESS_COLOR,
    fields: [{ name: 'Answered by', value: `<@${answer.authorId}>`, inline: true }, { name: 'Upvotes', value: String(answer.votes), inline: true }],
    footer: { text: `Accepted answer to Q&A #${question.number ?? '?'} · written by a member, not from the knowledge base` },
  };
}
