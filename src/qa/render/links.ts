import type { Question } from '../types.js';

/** A link that opens a message (or a channel, without a message id) in the Discord client. */
export function discordLink(guildId: string, channelId: string, messageId?: string | null): string {
  return `https://discord.com/channels/${guildId}/${channelId}${messageId ? `/${messageId}` : ''}`;
}

/** Where a posted question can be opened: its forum post, or its message; null before it is on Discord. */
export function questionLink(question: Pick<Question, 'guildId' | 'channelId' | 'channelKind' | 'messageId' | 'threadId'>): string | null {
  if (question.channelKind === 'forum') return question.threadId ? discordLink(question.guildId, question.threadId) : null;
  return question.messageId ? discordLink(question.guildId, question.channelId, question.messageId) : null;
}

/** The channel a question's own message is in (a forum post's starter message lives in its thread). */
export function questionMessageChannel(question: Pick<Question, 'channelId' | 'channelKind' | 'threadId'>): string | null {
  return question.channelKind === 'forum' ? question.threadId : question.channelId;
}
