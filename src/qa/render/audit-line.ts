import { inline } from '../../discord/text.js';
import { BOT_ACTOR, DISCORD_ACTOR, type QaAuditEntry } from '../audit-store.js';
import { plural, utcMinute } from './text.js';

/**
 * One /qa audit line in plain words: who did what to which question, and the details a moderator
 * needs, with channels, roles and members as mentions (inside an embed they show names and ping
 * nobody). What the store keeps is the bot's own shape (field names, JSON); none of it is shown as is.
 */
export function auditLine(entry: QaAuditEntry): string {
  const question = entry.questionNumber !== null ? `#${entry.questionNumber}` : 'a question';
  const answer = entry.answerNumber !== null ? `answer ${entry.answerNumber}` : 'an answer';
  const { details } = entry;
  const time = `\`${utcMinute(entry.createdAt)}\``;
  if (entry.actorId === DISCORD_ACTOR) {
    const gone = entry.action === 'answer-deleted-on-discord' ? `**${capitalised(answer)}** to ${question}` : `**${question}**`;
    return `${time} ${gone}: its message was **deleted on Discord**`;
  }
  if (entry.actorId === BOT_ACTOR && entry.action === 'not-updated-on-discord') {
    const what = entry.answerId !== null ? `${answer} to ${question}` : question;
    return `${time} The bot **could not update** ${what} on Discord${sentence(': ', details.reason)}`;
  }
  const who = entry.actorId === BOT_ACTOR ? 'The bot' : `<@${entry.actorId}>`;
  return `${time} ${who} ${deed(entry, question, answer)}`;
}

function deed(entry: QaAuditEntry, question: string, answer: string): string {
  const { details } = entry;
  switch (entry.action) {
    case 'setup':
      return `**changed the Q&A settings**${after(': ', setupChanges(details))}`;
    case 'edit':
      return `**edited** ${question}`;
    case 'close':
      return `**closed** ${question}`;
    case 'reopen':
      return `**reopened** ${question}`;
    case 'lock':
      return `**locked** ${question}`;
    case 'unlock':
      return `**unlocked** ${question}`;
    case 'delete':
      return `**deleted** ${question}${typeof details.removedEntry === 'string' ? `, and its knowledge-base entry \`${inline(details.removedEntry, 60)}\`` : ''}`;
    case 'merge':
      return `**merged** ${question} into #${String(details.into)}${movedAnswers(details.answers)}`;
    case 'merged-in':
      return `**merged** #${String(details.from)} into ${question}${movedAnswers(details.answers)}`;
    case 'undo':
      return `**undid** ${{ close: 'closing', delete: 'deleting', merge: 'merging' }[String(details.undid)] ?? 'a change to'} ${question}`;
    case 'approve':
      return `**approved** ${question}`;
    case 'reject':
      return `**rejected** ${question}`;
    case 'accept':
      return `**accepted** ${answer} to ${question}${entry.previousAnswerNumber !== null ? ` instead of answer ${entry.previousAnswerNumber}` : ''}`;
    case 'edit-answer':
      return `**edited** ${answer} to ${question}`;
    case 'delete-answer':
      return `**deleted** ${answer} to ${question}`;
    case 'promote':
      return `**added** ${answer} to ${question} to the knowledge base${typeof details.entryId === 'string' ? ` as \`${inline(details.entryId, 60)}\`` : ''}`;
    default:
      // An action this renderer does not know yet: its name in words, its details as readable as they come.
      return `**${entry.action.replace(/[-_]+/g, ' ')}** ${entry.questionNumber !== null ? question : ''}${after(' · ', otherDetails(details))}`.replace(/ +·/, ' ·').trimEnd();
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Plain text (a reason) after `prefix`, escaped. */
function sentence(prefix: string, text: unknown): string {
  return typeof text === 'string' && text.length > 0 ? `${prefix}${inline(text, 200)}` : '';
}

/** Already rendered words after `prefix`, if any. */
function after(prefix: string, rendered: string): string {
  return rendered.length > 0 ? `${prefix}${rendered}` : '';
}

function movedAnswers(count: unknown): string {
  return typeof count === 'number' ? ` (${plural(count, 'answer')} moved)` : '';
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string' && /^\d{1,25}$/.test(value) ? value : value && typeof value === 'object' && 'id' in value && typeof value.id === 'string' && /^\d{1,25}$/.test(value.id) ? value.id : null;

/** What /qa setup changed, as the settings read: `Q&A channel #questions (forum), anonymous questions reviewed first`. */
function setupChanges(details: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  if ('channel' in details) {
    const id = idOf(details.channel);
    const kind = details.channel && typeof details.channel === 'object' && 'kind' in details.channel ? details.channel.kind : null;
    parts.push(id ? `Q&A channel <#${id}>${kind === 'forum' ? ' (forum)' : ''}` : 'no Q&A channel (questions stay where they are asked)');
  }
  if ('forumTag' in details) {
    const tag = details.forumTag;
    const name = tag && typeof tag === 'object' && 'name' in tag && typeof tag.name === 'string' ? tag.name : null;
    parts.push(name ? `forum tag **${inline(name, 40)}**` : 'no forum tag');
  }
  if (typeof details.reviewAnonymous === 'boolean') parts.push(details.reviewAnonymous ? 'anonymous questions reviewed first' : 'anonymous questions posted at once');
  if (typeof details.questionLimit === 'number') parts.push(`${plural(details.questionLimit, 'question')} per member per 10 minutes`);
  if (typeof details.answerLimit === 'number') parts.push(`${plural(details.answerLimit, 'answer')} per member per 10 minutes`);
  if ('digestChannelId' in details) {
    const id = idOf(details.digestChannelId);
    parts.push(id ? `weekly digest in <#${id}>` : 'weekly digest off');
  }
  if ('moderatorRoleId' in details) {
    const id = idOf(details.moderatorRoleId);
    parts.push(id ? `moderator role <@&${id}>` : 'no moderator role');
  }
  if (typeof details.dailyLimit === 'number') parts.push(`at most ${plural(details.dailyLimit, 'expert DM')} per member a day`);
  if (typeof details.escalateAfterHours === 'number') parts.push(details.escalateAfterHours > 0 ? `unanswered questions escalate after ${plural(details.escalateAfterHours, 'hour')}` : 'no escalation');
  return parts.join(', ');
}

/** Details of an action without words of its own: key and value in words, member text and old text left out. */
function otherDetails(details: Readonly<Record<string, unknown>>): string {
  return Object.entries(details)
    .filter(([key]) => !['text', 'before'].includes(key))
    .map(([key, value]) => {
      const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase();
      const shown = readable(key, value);
      return shown === null ? null : `${words.replace(/ id$/, '')} ${shown}`;
    })
    .filter((part): part is string => part !== null)
    .join(', ');
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function readable(key: string, value: unknown): string | null {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return /Ms$/.test(key) ? duration(value) : /number|into|from/i.test(key) ? `#${value}` : String(value);
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return utcMinute(value);
    if (/^\d{15,25}$/.test(value)) return /role/i.test(key) ? `<@&${value}>` : /channel|thread/i.test(key) ? `<#${value}>` : `<@${value}>`;
    return inline(value, 60);
  }
  if (typeof value === 'object' && 'name' in value && typeof value.name === 'string') return `**${inline(value.name, 40)}**`;
  const id = idOf(value);
  return id ? `<#${id}>` : null;
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return hours < 48 ? plural(hours, 'hour') : plural(Math.round(hours / 24), 'day');
}
