import { NO_MENTIONS, type OutgoingMessage } from '../../core/poster.js';
import { REPUTATION } from '../rules.js';
import type { Answer, Question } from '../types.js';
import { escapeMarkdown, oneLine, quoted, truncate } from '../../discord/text.js';

/** The DM a member gets about a new answer: which question, who answered, a link, how to stop them. */
export function answerNotification(input: {
  question: Pick<Question, 'number' | 'text'>;
  answer: Pick<Answer, 'authorId' | 'text' | 'number'>;
  guildName: string | null;
  asker: boolean;
  link: string | null;
}): OutgoingMessage {
  const { question, answer, guildName, asker, link } = input;
  const whose = asker ? 'your question' : 'a question you follow';
  const where = guildName ? ` in **${escapeMarkdown(guildName)}**` : '';
  const lines = [
    `**New answer to ${whose} #${question.number ?? '?'}**${where}`,
    quoted(oneLine(question.text, 200), 220),
    '',
    `<@${answer.authorId}> answered (answer ${answer.number}):`,
    quoted(answer.text, 600),
    '',
    `${link ? `[Open the answer](${link}) · ` : ''}\`/qa notify mode: off\` in the server stops these messages.`,
  ];
  return { content: truncate(lines.join('\n'), 2000), allowed_mentions: NO_MENTIONS };
}

/** The DM an answer's author gets when it is accepted (their reputation grows). */
export function acceptedNotification(input: {
  question: Pick<Question, 'number' | 'text' | 'anonymous' | 'askerId'>;
  answer: Pick<Answer, 'text'>;
  guildName: string | null;
  link: string | null;
}): OutgoingMessage {
  const { question, answer, guildName, link } = input;
  const where = guildName ? ` in **${escapeMarkdown(guildName)}**` : '';
  const lines = [
    `**Your answer to #${question.number ?? '?'} was accepted**${where} (+${REPUTATION.accepted} reputation)`,
    quoted(oneLine(question.text, 200), 220),
    '',
    'Your answer:',
    quoted(answer.text, 600),
    '',
    `${link ? `[Open it](${link}) · ` : ''}\`/qa notify mode: off\` in the server stops these messages.`,
  ];
  return { content: truncate(lines.join('\n'), 2000), allowed_mentions: NO_MENTIONS };
}

/**
 * The fallback for members whose DMs are closed: one message in the thread that mentions exactly
 * them (allowed_mentions.users), never a role or @everyone.
 */
export function answerMention(userIds: readonly string[], number: number | null): OutgoingMessage {
  return {
    content: `${userIds.map((id) => `<@${id}>`).join(' ')} there is a new answer to #${number ?? '?'} above. (\`/qa notify mode: off\` stops these.)`,
    allowed_mentions: { parse: [], users: [...userIds] },
  };
}
