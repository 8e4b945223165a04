import type { AskResult } from '../asking.js';
import type { Accepted, AnswerResult } from '../answering.js';
import type { TagProblem } from '../forum-tags.js';
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

/** After an accept in a forum post whose tag could not be switched yet: why, and that it follows on its own. */
export function forumTagNote(problem: TagProblem | null): string {
  if (problem === 'tag-deleted') return " The post keeps its old tag for now: the forum's Answered tag was deleted. A moderator can pick another with `/qa setup answered-tag:`, and the post follows.";
  if (problem === 'forbidden') return " The post's tag could not be switched yet: Discord refused (a moderator may have locked the post, or I lack a permission in the forum). It switches once that is fixed.";
  if (problem) return " Discord did not take the post's new tag yet: I will keep trying.";
  return '';
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
