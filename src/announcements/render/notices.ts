import type { DeliveryError } from '../../core/poster.js';
import type { Announcement } from '../announcement.js';

/** The DMs the bot sends an announcement's author, and the reasons it records, as plain text. */

const channelLink = (a: Pick<Announcement, 'guildId' | 'channelId'>) => `https://discord.com/channels/${a.guildId}/${a.channelId}`;
const timestamp = (at: Date) => `<t:${Math.floor(at.getTime() / 1000)}:F>`;
const named = (a: Pick<Announcement, 'id' | 'title'>) => `#${a.id}${a.title ? ` “${a.title}”` : ''}`;

/** Why the post cannot go out, in words a moderator can act on. */
export function deliveryFailureReason(channelId: string, error: DeliveryError): string {
  if (error.failure === 'gone') return `the channel <#${channelId}> no longer exists or I can no longer see it`;
  if (error.failure === 'forbidden') return `I no longer have permission to post in <#${channelId}> (View Channel, Send Messages, Embed Links)`;
  return `Discord refused the message${error.discordCode ? ` (error ${error.discordCode})` : ''}`;
}

export function missedReason(announcement: Announcement): string {
  if (announcement.status === 'pending') return 'it was still waiting for a second moderator’s approval more than an hour after its time';
  if (announcement.status === 'posting') return 'I could not confirm it was posted within an hour of its time; it may have gone out, so check the channel';
  return 'the bot was offline at its time and came back more than an hour late, so I did not post it late';
}

export function missedNotice(announcement: Announcement, reason: string): string {
  return [
    `Your announcement ${named(announcement)} for ${channelLink(announcement)} was **not posted**: ${reason}.`,
    announcement.postAt ? `It was due ${timestamp(announcement.postAt)}.` : '',
    `Nothing is lost: \`/announce edit id:${announcement.id} at:YYYY-MM-DD HH:MM\` schedules it again.`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function failedNotice(announcement: Announcement, reason: string): string {
  return [
    `Your announcement ${named(announcement)} for ${channelLink(announcement)} could **not be posted**: ${reason}.`,
    `Fix that, then \`/announce edit id:${announcement.id} at:YYYY-MM-DD HH:MM\` schedules it again.`,
  ].join('\n');
}

export function publishFailedNotice(announcement: Announcement, link: string, reason: string): string {
  return `Your announcement ${named(announcement)} is posted (${link}) but I could not publish it to following servers: ${reason}. Use **Publish** on the message in Discord.`;
}

export function reviewedNotice(announcement: Announcement, verdict: 'approved' | 'rejected', reviewerId: string): string {
  const what = verdict === 'approved' ? 'approved' : 'rejected';
  const next =
    verdict === 'rejected'
      ? `It will not be posted. \`/announce edit id:${announcement.id} at:YYYY-MM-DD HH:MM\` submits it again.`
      : announcement.status === 'posted'
        ? 'It is posted.'
        : announcement.postAt
          ? `It will post ${timestamp(announcement.postAt)}.`
          : '';
  return `Your announcement ${named(announcement)} for ${channelLink(announcement)} was **${what}** by <@${reviewerId}>. ${next}`.trim();
}
