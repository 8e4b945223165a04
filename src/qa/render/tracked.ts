import type { OutgoingMessage } from '../../core/poster.js';
import { escapeMarkdown, oneLine, quoted } from '../../discord/text.js';
import type { Question } from '../types.js';

/** Track as a question: the bot's reply to the member's message, and the DM its author gets. */

/** A reply to the tracked message with the question's link; it pings nobody, its author included. */
export function trackedReply(question: Pick<Question, 'number'>, link: string | null, messageId: string): OutgoingMessage {
  const where = link ? ` · [open it](${link})` : '';
  return {
    content: `📌 Tracked as community question **#${question.number ?? '?'}**${where}. Answer it in its thread; the asker (or a moderator) can pick the best reply with Apps › **Mark as answer**.`,
    message_reference: { message_id: messageId, fail_if_not_exists: false },
    allowed_mentions: { parse: [], replied_user: false },
  };
}

/** The DM to the member whose message was tracked: they are the asker now. */
export function trackedNotice(question: Pick<Question, 'number' | 'text'>, link: string | null, invokerId: string, guildName: string | null): OutgoingMessage {
  const where = guildName ? ` in **${escapeMarkdown(guildName)}**` : '';
  const lines = [
    `**Your message became community question #${question.number ?? '?'}**${where}`,
    quoted(oneLine(question.text, 200), 220),
    '',
    `<@${invokerId}> tracked it with Track as a question, so you are its asker: you get the credit for asking, a DM when someone answers, and you pick the accepted answer.`,
    `${link ? `[Open it](${link}) · ` : ''}\`/qa notify mode: off\` in the server stops these messages.`,
  ];
  return { content: lines.join('\n'), allowed_mentions: { parse: [] } };
}
