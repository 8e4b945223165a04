import type { AskResult } from '../asking.js';
import type { Accepted, AnswerResult } from '../answering.js';
import { discordLink, questionLink } from '../render/links.js';
import type { Question } from '../types.js';

/** The private confirmations members get after asking and answering. */

export function askedReply(result: AskResult): string {
  const { question } = result;
  if (result.state === 'review') {
    return 'Your anonymous question is waiting for a moderator to review it. I will DM you when it is posted; your name is never shown.';
  }
  const number = `**#${question.number ?? '?'}**`;
  if (result.state === 'pending') {
    return `Your question is saved as ${number}, but Discord did not take the post just now. I will keep trying; meanwhile \`/questions list status: mine\` shows it as pending. Nothing is lost.`;
  }
  const link = questionLink(question);
  const where = question.channelKind === 'forum' ? `<#${question.threadId ?? question.channelId}>` : `<#${question.channelId}>`;
  const anonymous = question.anonymous ? ' Your name is not shown.' : '';
  return `Posted ${number} in ${where}${link ? ` · [open it](${link})` : ''}.${anonymous} I will DM you when someone answers (\`/qa notify mode: off\` stops that).`;
}

export function answeredReply(result: AnswerResult): string {
  const { answer, question } = result;
  if (result.state === 'pending') {
    return `Your answer to **#${question.number ?? '?'}** is saved and will appear in its thread as soon as Discord takes it. Nothing is lost.`;
  }
  const link = answer.channelId && answer.messageId ? discordLink(question.guildId, answer.channelId, answer.messageId) : null;
  return `Your answer to **#${question.number ?? '?'}** is posted${link ? ` · [open it](${link})` : ''}. The asker and followers are told.`;
}

export function acceptedReply(result: { readonly question: Question; readonly reputation: number }, which: 'this' | 'that'): string {
  const earned = result.reputation > 0 ? `, and its author earns ${result.reputation} reputation` : '';
  return `Accepted. **#${result.question.number ?? '?'}** now shows ${which} answer${earned}.`;
}

/** After Mark as answer (or accepting a stored answer): what changed, privately. */
export function acceptedMessageReply(result: Accepted): string {
  const { question, answer } = result;
  const link = answer.channelId && answer.messageId ? ` · [the answer](${discordLink(question.guildId, answer.channelId, answer.messageId)})` : '';
  const credit = result.reputation > 0 ? ` <@${answer.authorId}> earns ${result.reputation} reputation.` : '';
  return `Accepted. **#${question.number ?? '?'}** now shows this answer${link}.${credit}`;
}

/** After Track as a question, privately to whoever tracked it. */
export function trackedConfirmation(result: AskResult & { again: boolean }): string {
  const { question } = result;
  const link = questionLink(question);
  const number = `**#${question.number ?? '?'}**${link ? ` · [open it](${link})` : ''}`;
  if (result.again) return `That message is already tracked as ${number}.`;
  if (result.state === 'pending') return `Tracked as ${number}, but Discord did not take the post just now. I will keep trying; nothing is lost.`;
  return `Tracked as ${number}. <@${question.askerId}> is its asker and is told; I replied to their message with the link (pinging nobody).`;
}
