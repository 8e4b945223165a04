import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import { inline, joinWithin } from '../../discord/text.js';
import { BRAND_COLOR, MUTED_COLOR, SUCCESS_COLOR } from '../../discord/theme.js';
import type { QaAuditEntry } from '../audit-store.js';
import { unansweredField } from '../../knowledge/render/unanswered.js';
import type { UnansweredPage } from '../../knowledge/service.js';
import { auditLine } from './audit-line.js';
import type { ForumSettings } from '../forum.js';
import type { HelperRow } from '../report-store.js';
import type { Profile, QaStats } from '../reporting.js';
import type { Period, QaSettings } from '../types.js';
import { discordLink, questionLink } from './links.js';
import { plural, utcMinute } from './text.js';

const PERIOD_NAMES: Record<Period, string> = { week: 'the last 7 days', month: 'the last 30 days', all: 'all time' };

export function leaderboardEmbed(helpers: readonly HelperRow[], period: Period): APIEmbed {
  const medals = ['🥇', '🥈', '🥉'];
  const lines = helpers.map(
    (helper, index) =>
      `${medals[index] ?? `${index + 1}.`} <@${helper.userId}> · **${helper.reputation}** reputation (${plural(helper.accepted, 'accepted answer')}, ${plural(helper.upvotes, 'upvote')}, ${plural(helper.answers, 'answer')})`,
  );
  return {
    title: `Top helpers · ${PERIOD_NAMES[period]}`,
    description: lines.join('\n') || 'Nobody has answered a question in this period yet. `/questions list status: unanswered` shows where to start.',
    color: helpers.length > 0 ? SUCCESS_COLOR : MUTED_COLOR,
    footer: { text: '+15 for an accepted answer · +2 for each upvote on an answer' },
  };
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

export function profileEmbed(profile: Profile, guildId: string): APIEmbed {
  const { reputation } = profile;
  const fields: APIEmbedField[] = [
    { name: 'Reputation', value: String(reputation.reputation), inline: true },
    { name: 'Accepted answers', value: String(reputation.accepted), inline: true },
    { name: 'Answers', value: String(reputation.answers), inline: true },
    {
      name: 'Questions',
      value: `${profile.asked}${profile.askedAnonymously ? ` (${profile.askedAnonymously} anonymous: only you see this)` : ''}`,
      inline: true,
    },
  ];
  if (profile.recentQuestions.length > 0) {
    const lines = profile.recentQuestions.map((line) => {
      const link = questionLink({ guildId, ...line, channelKind: line.channelKind as 'text' | 'forum' | 'thread' });
      return `**#${line.number}** ${link ? `[${inline(line.text, 70)}](${link})` : inline(line.text, 70)}`;
    });
    fields.push({ name: 'Recent questions', value: joinWithin(lines, 1024) });
  }
  if (profile.recentAnswers.length > 0) {
    const lines = profile.recentAnswers.map((answer) => {
      const link = answer.channelId && answer.messageId ? discordLink(guildId, answer.channelId, answer.messageId) : null;
      const label = `#${answer.questionNumber} · ${inline(answer.questionText, 60)}`;
      return `${link ? `[${label}](${link})` : label} · ${plural(answer.votes, 'upvote')}`;
    });
    fields.push({ name: 'Recent answers', value: joinWithin(lines, 1024) });
  }
  return { title: 'Community Q&A profile', description: `<@${profile.userId}>`, color: BRAND_COLOR, fields };
}

export function statsEmbed(stats: QaStats, kbUnanswered: UnansweredPage): APIEmbed {
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  const fields: APIEmbedField[] = [
    { name: 'Questions asked', value: String(stats.asked), inline: true },
    { name: 'Answered', value: percent(stats.answeredShare), inline: true },
    { name: 'Accepted', value: percent(stats.acceptedShare), inline: true },
    { name: 'Median time to first answer', value: duration(stats.medianFirstAnswerMs), inline: true },
    { name: 'Median time to acceptance', value: duration(stats.medianAcceptanceMs), inline: true },
  ];
  if (stats.topics.length > 0) {
    fields.push({ name: 'Top topics', value: joinWithin(stats.topics.map((topic) => `${inline(topic.title, 100)} (${topic.count})`), 1024) });
  }
  const more = stats.unansweredCount - stats.unansweredOldest.length;
  const lines = stats.unansweredOldest.map((line) => `**#${line.number}** ${inline(line.text, 80)} · ${line.createdAt.slice(0, 10)}`);
  if (more > 0) lines.push(`…and ${more} more: \`/questions list status: unanswered\` lists them all.`);
  fields.push({ name: `Unanswered (${stats.unansweredCount}), oldest first`, value: joinWithin(lines, 1024) || 'None: every question has an answer.' });
  fields.push(unansweredField(kbUnanswered, '/ask questions the knowledge base could not answer'));
  return { title: `Community Q&A · ${PERIOD_NAMES[stats.period]}`, color: BRAND_COLOR, fields, footer: { text: 'Topics are the closest knowledge-base topic of each question.' } };
}

export function auditEmbed(entries: readonly QaAuditEntry[], number?: number): APIEmbed {
  return {
    title: number === undefined ? 'Q&A moderation log' : `Q&A moderation log · #${number}`,
    description: joinWithin(entries.map(auditLine), 4096) || 'Nothing recorded yet.',
    color: MUTED_COLOR,
    footer: { text: 'Newest first' },
  };
}

function qaChannelLine(settings: QaSettings): string {
  if (!settings.channelId) return 'None: questions are posted where they are asked';
  if (settings.channelKind !== 'forum') return `<#${settings.channelId}> (a thread per question)`;
  const tag = settings.forumTagName ? `, tagged **${inline(settings.forumTagName, 40)}**` : '';
  return `<#${settings.channelId}> (forum: one post per question${tag})`;
}

/** The forum "solved" workflow: which tag a post switches to, and when solved posts are archived. */
function forumWorkflowLine(settings: QaSettings, forum: ForumSettings): string {
  const tags =
    settings.forumTagName && forum.answeredTagName
      ? `Posts switch from **${inline(settings.forumTagName, 40)}** to **${inline(forum.answeredTagName, 40)}** when an answer is accepted, and back when it is undone.`
      : forum.answeredTagName
        ? `Posts switch to **${inline(forum.answeredTagName, 40)}** once the tag questions are posted with is chosen too (\`tag:\`).`
        : 'Posts keep their tag when answered (choose an Answered tag with `answered-tag:`).';
  const archive = forum.archiveAfterMinutes ? `Solved posts are archived after ${quietPeriod(forum.archiveAfterMinutes)} without activity.` : 'Solved posts are left to Discord\'s auto-archive (`archive-after:` to archive them sooner).';
  return `${tags}\n${archive}`;
}

function quietPeriod(minutes: number): string {
  const hours = minutes / 60;
  return hours % 24 === 0 ? plural(hours / 24, 'day') : plural(hours, 'hour');
}

export function settingsEmbed(settings: QaSettings, moderatorRoleId: string | null, warnings: readonly string[] = [], forum?: ForumSettings): APIEmbed {
  const fields: APIEmbedField[] = [
    { name: 'Q&A channel', value: qaChannelLine(settings), inline: false },
    ...(forum && settings.channelKind === 'forum' ? [{ name: 'Answered posts', value: forumWorkflowLine(settings, forum), inline: false }] : []),
    { name: 'Anonymous questions', value: settings.reviewAnonymous ? 'Reviewed by a moderator first (`/qa review`)' : 'Posted at once', inline: true },
    { name: 'Limits per member', value: `${settings.questionLimit} questions and ${settings.answerLimit} answers per 10 minutes`, inline: true },
    { name: 'Moderator role', value: moderatorRoleId ? `<@&${moderatorRoleId}> (and Manage Messages)` : 'Members with Manage Messages', inline: true },
    {
      name: 'Weekly digest',
      value: settings.digestChannelId
        ? settings.digestNextAt
          ? `<#${settings.digestChannelId}>, next ${utcMinute(settings.digestNextAt)}`
          : `<#${settings.digestChannelId}>, paused: ${settings.digestPausedReason ?? 'no next time'}`
        : 'Off',
      inline: false,
    },
    {
      name: 'Nudges',
      value: settings.nudgeAfterDays === null ? 'Off' : `One private reminder to accept an answer, ${plural(settings.nudgeAfterDays, 'day')} after a question's first answer`,
      inline: false,
    },
  ];
  if (warnings.length > 0) fields.push({ name: '⚠️ Check', value: joinWithin(warnings, 1024) });
  return { title: 'Community Q&A settings', color: BRAND_COLOR, fields };
}
