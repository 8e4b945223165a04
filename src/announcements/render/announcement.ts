import { AllowedMentionsTypes, type APIAllowedMentions, type APIEmbed } from 'discord-api-types/v10';
import type { MessageEdit, OutgoingMessage, OwnMessage } from '../../core/poster.js';
import { BRAND_COLOR } from '../../discord/theme.js';
import type { Announcement, Ping } from '../announcement.js';

/**
 * The announcement message itself, as plain Discord API JSON. The preview, the post and every later
 * edit use these functions, so what moderators approve is exactly what members see.
 */

type AnnouncementContent = Pick<Announcement, 'title' | 'body' | 'ping'>;

export function renderAnnouncementEmbed({ title, body }: Pick<Announcement, 'title' | 'body'>): APIEmbed {
  return {
    color: BRAND_COLOR,
    author: { name: '📣 Announcement' },
    ...(title ? { title } : {}),
    description: body,
  };
}

/**
 * The post: the ping line (only the chosen role, or @everyone) and the embed. The body sits in the
 * embed, where Discord never notifies anyone, and allowed_mentions names the chosen ping alone, so
 * `@everyone`, `@here` or a role typed into the text pings no one.
 */
export function renderAnnouncement(announcement: AnnouncementContent): OutgoingMessage {
  const line = pingLine(announcement.ping);
  return {
    ...(line ? { content: line } : {}),
    embeds: [renderAnnouncementEmbed(announcement)],
    allowed_mentions: allowedMentionsFor(announcement.ping),
  };
}

/**
 * Whether one of the bot's messages is this announcement's post: the same ping line, title and text
 * (an announcement's post carries no other marker; callers exclude posts other announcements recorded).
 */
export function isPostOf(announcement: AnnouncementContent, message: OwnMessage): boolean {
  const expected = renderAnnouncement(announcement);
  const [embed] = message.embeds;
  const [want] = expected.embeds ?? [];
  return (
    message.content.trim() === (expected.content ?? '').trim() &&
    embed !== undefined &&
    (embed.title ?? '') === (want?.title ?? '') &&
    (embed.description ?? '').trim() === (want?.description ?? '').trim()
  );
}

/** The edit of a posted announcement: the same embed; an edit never notifies anyone again. */
export function renderAnnouncementEdit(announcement: AnnouncementContent): MessageEdit {
  return { embeds: [renderAnnouncementEmbed(announcement)], allowed_mentions: allowedMentionsFor(announcement.ping) };
}

function pingLine(ping: Ping): string | null {
  if (ping.kind === 'role') return `<@&${ping.roleId}>`;
  if (ping.kind === 'everyone') return '@everyone';
  return null;
}

function allowedMentionsFor(ping: Ping): APIAllowedMentions {
  if (ping.kind === 'role') return { parse: [], roles: [ping.roleId] };
  if (ping.kind === 'everyone') return { parse: [AllowedMentionsTypes.Everyone] };
  return { parse: [] };
}
