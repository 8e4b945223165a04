import type { APIEmbed } from 'discord-api-types/v10';
import { BRAND_COLOR, DANGER_COLOR, MUTED_COLOR, SUCCESS_COLOR, WARNING_COLOR } from '../../discord/theme.js';
import { formatPostTime } from '../../scheduling/time/format.js';
import type { PlannedPost } from '../../scheduling/time/schedule.js';
import type { TipStatus } from '../service.js';
import type { AuditEntry, TipSchedule } from '../tips-store.js';

/** Replies about a server's schedule, as plain Discord API JSON. */

const STATUS_LABEL = { active: 'Active', paused: 'Paused', disabled: 'Disabled' } as const;
const STATUS_COLOR = { active: SUCCESS_COLOR, paused: WARNING_COLOR, disabled: MUTED_COLOR } as const;

export function describeSchedule(schedule: TipSchedule): string {
  const days = schedule.days === 'weekdays' ? 'Monday to Friday' : 'every day';
  const role = schedule.roleId ? `, mentioning <@&${schedule.roleId}>` : '';
  return `<#${schedule.channelId}> at **${schedule.time}** ${schedule.zone}, ${days}${role}`;
}

export function renderSetupReply(schedule: TipSchedule, upcoming: readonly PlannedPost[], warnings: readonly string[]): APIEmbed {
  return {
    title: 'Daily tips are set up',
    color: SUCCESS_COLOR,
    description: [
      `One leadership tip in ${describeSchedule(schedule)}.`,
      '',
      '**Next posts**',
      ...upcoming.map((post) => `• ${formatPostTime(post, schedule.zone)}`),
      ...(warnings.length > 0 ? ['', ...warnings.map((warning) => `⚠️ ${warning}`)] : []),
    ].join('\n'),
    footer: { text: 'Change it with /tips setup · /tips pause · /tips preview shows the next tip' },
  };
}

export function renderStatus({ schedule, upcoming, lastPost, recentChanges }: TipStatus): APIEmbed {
  if (!schedule) {
    return { title: 'Daily tips', color: BRAND_COLOR, description: 'Daily tips are not set up on this server. A moderator can start them with `/tips setup`.' };
  }
  const fields: NonNullable<APIEmbed['fields']> = [{ name: 'Schedule', value: describeSchedule(schedule) }];
  if (schedule.status === 'paused' && schedule.pauseReason) fields.push({ name: 'Why it is paused', value: schedule.pauseReason });
  if (upcoming.length > 0) fields.push({ name: 'Next posts', value: upcoming.map((post) => `• ${formatPostTime(post, schedule.zone)}`).join('\n') });
  if (lastPost?.messageId && lastPost.channelId) {
    fields.push({ name: 'Last post', value: `[${lastPost.localDate}](https://discord.com/channels/${schedule.guildId}/${lastPost.channelId}/${lastPost.messageId})` });
  }
  fields.push({ name: 'Set up by', value: `<@${schedule.setUpBy}>`, inline: true });
  if (recentChanges.length > 0) fields.push({ name: 'Recent changes', value: recentChanges.map(describeChange).join('\n') });
  return {
    title: `Daily tips: ${STATUS_LABEL[schedule.status]}`,
    // A pause the bot made itself (lost access) needs a moderator: shown in red.
    color: schedule.status === 'paused' && recentChanges[0]?.action === 'auto-pause' ? DANGER_COLOR : STATUS_COLOR[schedule.status],
    fields,
  };
}

function describeChange(change: AuditEntry): string {
  const who = change.actorId === 'system' ? 'the bot' : `<@${change.actorId}>`;
  return `• ${change.action} by ${who} <t:${Math.floor(change.at.getTime() / 1000)}:R>`;
}
