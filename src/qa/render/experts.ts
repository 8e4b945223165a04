import { ButtonStyle, ComponentType, type APIButtonComponentWithURL, type APIEmbed, type APIEmbedField } from 'discord-api-types/v10';
import { NO_MENTIONS, type OutgoingMessage } from '../../core/poster.js';
import { button, row, type Row } from '../../discord/components.js';
import { escapeMarkdown, oneLine, quoted, truncate } from '../../discord/text.js';
import { qaIds } from '../custom-ids.js';
import type { ExpertSettings } from '../expert-store.js';
import type { Question } from '../types.js';
import { questionLink } from './links.js';

const STOP_LABEL = 'Stop expert notifications';

const linkButton = (url: string, label: string): APIButtonComponentWithURL => ({ type: ComponentType.Button, style: ButtonStyle.Link, url, label });

/** The one-click opt-out, on every expert DM and on the /qa expertise reply. */
const stopButtonRow = (guildId: string, userId: string): Row => row(button(qaIds.expertStop(guildId, userId), STOP_LABEL, ButtonStyle.Secondary));

/**
 * The DM an opted-in member gets about a question in their topics: the question (never its asker:
 * it may be anonymous), a link to it, where its Answer button is, and the opt-out. Pings nobody.
 */
export function expertNotification(input: { question: Question; expertId: string; guildName: string | null; stage: 'new' | 'escalation' }): OutgoingMessage {
  const { question, expertId, guildName, stage } = input;
  const where = guildName ? ` in **${escapeMarkdown(guildName)}**` : '';
  const headline = stage === 'new' ? `**A question in your topics${where}: #${question.number ?? '?'}**` : `**Still unanswered${where}: #${question.number ?? '?'}** — can you help?`;
  const lines = [
    headline,
    quoted(oneLine(question.text, 400), 420),
    '',
    'You get this because you follow its topics (`/qa expertise`). Answer it with the **Answer** button under the question.',
  ];
  const link = questionLink(question);
  return {
    content: truncate(lines.join('\n'), 2000),
    allowed_mentions: NO_MENTIONS,
    components: [row(...(link ? [linkButton(link, 'Open the question')] : []), button(qaIds.expertStop(question.guildId, expertId), STOP_LABEL, ButtonStyle.Secondary))],
  };
}

/**
 * The post in the digest channel when an unanswered question has no expert left to ask. Its words
 * depend only on the question, so a resent claim recognises an earlier attempt's post by them.
 */
export function moderatorEscalation(question: Question): OutgoingMessage {
  const link = questionLink(question);
  const asked = Math.floor(Date.parse(question.createdAt) / 1000);
  const lines = [
    `**Question #${question.number ?? '?'} has no answer yet** (asked <t:${asked}:R>), and no member who follows its topics is left to ask today.`,
    quoted(oneLine(question.text, 300), 320),
    'Moderators: can you answer it, or point someone who knows to it?',
  ];
  return {
    content: truncate(lines.join('\n'), 2000),
    allowed_mentions: NO_MENTIONS,
    ...(link ? { components: [row(linkButton(link, 'Open the question'))] } : {}),
  };
}

/** The private /qa expertise reply: the member's topics, the server's, and the opt-out. */
export function expertiseReply(guildId: string, userId: string, topics: readonly string[], available: readonly string[], done?: string): { content: string; components: Row[] } {
  const mine = topics.length > 0 ? topics.map((topic) => `\`${topic}\``).join(', ') : 'none';
  const lines = [
    ...(done ? [done, ''] : []),
    `**Your expert topics:** ${mine}`,
    topics.length > 0
      ? 'When a new question here is about one of them, I may DM you a link (a few members at a time, taking turns, at most a few a day).'
      : 'Follow a topic with `/qa expertise add:` and I will DM you now and then about new questions on it.',
    `Topics here: ${available.map((topic) => `\`${topic}\``).join(', ') || 'none yet'}`,
  ];
  return { content: truncate(lines.join('\n'), 2000), components: topics.length > 0 ? [stopButtonRow(guildId, userId)] : [] };
}

/** The /qa setup line about expert routing. */
function expertSettingsField(settings: ExpertSettings): APIEmbedField {
  const escalation = settings.escalateAfterHours > 0 ? `unanswered after ${settings.escalateAfterHours} h: once to more experts, or the digest channel` : 'unanswered questions never escalate';
  return { name: 'Expert routing', value: `At most ${settings.dailyLimit} DMs per member a day; ${escalation}`, inline: false };
}

/** The settings embed with the expert routing line added. */
export const withExpertSettings = (embed: APIEmbed, settings: ExpertSettings): APIEmbed => ({ ...embed, fields: [...(embed.fields ?? []), expertSettingsField(settings)] });
