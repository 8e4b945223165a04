import type { APIEmbed } from 'discord-api-types/v10';
import { DateTime } from 'luxon';
import { ButtonStyle, button, row, type Row } from '../../discord/components.js';
import { inline, joinWithin } from '../../discord/text.js';
import { BRAND_COLOR, MUTED_COLOR } from '../../discord/theme.js';
import { formatPostTime } from '../../scheduling/time/format.js';
import { localDateOf } from '../../scheduling/time/schedule.js';
import { STATUS_WORDS, messageLink, type Announcement, type AuditRecord } from '../announcement.js';
import { describeAudience, type Audience } from '../audience.js';
import { ANNOUNCE_ACTIONS, announceId } from '../custom-ids.js';
import { renderAnnouncementEmbed } from './announcement.js';
import { repeatedTimeNote } from '../schedule-time.js';
import type { AnnouncementList, EditOutcome, SubmitOutcome } from '../service.js';

/** The private replies of `/announce`, as plain Discord API JSON. */

export interface ReplyMessage {
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly components: Row[];
}

/** What the preview and the queue show besides the announcement itself. */
export interface PostingCheck {
  readonly audience: Audience;
  /** What stops the post (channel-check.ts); empty when it can go out. */
  readonly problems: readonly string[];
}

const unix = (at: Date) => Math.floor(at.getTime() / 1000);

/** `Thu 12 Mar 2026, 09:00 GMT (Europe/London) · 09:00 UTC (in 3 hours)`. */
function formatWhen(at: Date, zone: string | null): string {
  const relative = `(<t:${unix(at)}:R>)`;
  if (!zone || zone === 'UTC') return `${DateTime.fromJSDate(at, { zone: 'utc' }).toFormat('ccc d LLL yyyy, HH:mm')} UTC ${relative}`;
  return `${formatPostTime({ at, localDate: localDateOf(at, zone) }, zone)} ${relative}`;
}

function placeLine(announcement: Announcement): string {
  const when = announcement.postAt && announcement.status !== 'posted' ? `posts ${formatWhen(announcement.postAt, announcement.timeZone)}` : 'posts as soon as you confirm';
  const publish = announcement.publish ? ' · 📤 published to following servers' : '';
  return `📍 <#${announcement.channelId}> · 🕒 ${when}${publish}`;
}

function problemLines(problems: readonly string[]): string[] {
  if (problems.length === 0) return [];
  return ['⛔ **I can\'t post it there yet:**', ...problems.map((problem) => `• ${problem}`), 'Fix it in the channel\'s settings → Permissions (or in Server Settings → Roles), then press **Check again**.'];
}

/** What the preview's go button does: under the two-person rule it only submits for approval. */
function submitLabel(draft: Announcement, approvalRequired: boolean): string {
  if (approvalRequired) return 'Submit for approval';
  return draft.postAt ? 'Schedule' : 'Post';
}

/** The ephemeral preview: the embed exactly as it will be posted, who it notifies, and Post / Edit / Cancel. */
export function renderPreview(draft: Announcement, check: PostingCheck, options: { approvalRequired: boolean }): ReplyMessage {
  const repeated = draft.postAt && draft.timeZone ? repeatedTimeNote(draft.postAt, draft.timeZone) : null;
  const lines = [
    '**Preview**: nothing is posted yet. Below is exactly what members will see.',
    placeLine(draft),
    describeAudience(check.audience),
    ...(repeated ? [`ℹ️ ${repeated}`] : []),
    ...(options.approvalRequired ? ['👥 A second moderator must approve it before it posts (two-person rule).'] : []),
    ...problemLines(check.problems),
  ];
  const blocked = check.problems.length > 0;
  const go = blocked
    ? button(announceId(ANNOUNCE_ACTIONS.recheck, draft.id), 'Check again', ButtonStyle.Secondary)
    : button(announceId(ANNOUNCE_ACTIONS.submit, draft.id, draft.revision), submitLabel(draft, options.approvalRequired), ButtonStyle.Success);
  return {
    content: lines.join('\n'),
    embeds: [renderAnnouncementEmbed(draft)],
    components: [
      row(
        go,
        button(announceId(ANNOUNCE_ACTIONS.revise, draft.id), 'Edit', ButtonStyle.Secondary),
        button(announceId(ANNOUNCE_ACTIONS.discard, draft.id), 'Cancel', ButtonStyle.Danger),
      ),
    ],
  };
}

/** The preview after **Post**: what happened, the embed kept for reference, no buttons. */
export function renderSubmitted(outcome: SubmitOutcome): ReplyMessage {
  const { announcement } = outcome;
  const id = `#${announcement.id}`;
  const link = messageLink(announcement);
  const content = {
    posted: `✅ Posted ${id} in <#${announcement.channelId}>: ${link ?? ''}${announcement.publish ? (announcement.published ? '\n📤 Published to following servers.' : '\n⚠️ Not published to following servers yet; I will tell you if it fails.') : ''}`,
    scheduled: `🕒 Scheduled ${id} for ${announcement.postAt ? formatWhen(announcement.postAt, announcement.timeZone) : 'now'} in <#${announcement.channelId}>.\n\`/announce list\` shows it; \`/announce edit id:${announcement.id}\` changes it; \`/announce cancel id:${announcement.id}\` cancels it.`,
    due: `⏳ Posting ${id} in <#${announcement.channelId}>…`,
    'awaiting-approval': `👥 Submitted ${id}: it waits for a second moderator to approve it in \`/announce queue\`. You will get a DM when they do.`,
    retrying: `⏳ ${id} is saved, but Discord did not take it just now. I will retry every minute (for up to an hour) and DM you if it fails.`,
    failed: `⛔ ${id} could not be posted: ${announcement.outcomeNote ?? 'Discord refused it'}. Fix that, then \`/announce edit id:${announcement.id} at:YYYY-MM-DD HH:MM\` schedules it again.`,
  }[outcome.kind];
  return { content, embeds: [renderAnnouncementEmbed(announcement)], components: [] };
}

/** Shown at once while the preview is checked and counted again (that calls Discord). */
export function renderChecking(draft: Announcement): ReplyMessage {
  return { content: '⏳ Checking the channel and counting who will be notified…', embeds: [renderAnnouncementEmbed(draft)], components: [] };
}

export function renderDiscarded(): ReplyMessage {
  return { content: '🗑️ Discarded. Nothing was posted.', embeds: [], components: [] };
}

function listLine(announcement: Announcement): string {
  const title = announcement.title ? ` · “${inline(announcement.title, 60)}”` : '';
  const by = ` · by <@${announcement.authorId}>`;
  const where = `<#${announcement.channelId}>`;
  const link = messageLink(announcement);
  const when =
    announcement.status === 'posted' && announcement.postedAt
      ? `posted <t:${unix(announcement.postedAt)}:f>${link ? ` ([message](${link}))` : ''}`
      : announcement.postAt
        ? `${STATUS_WORDS[announcement.status]} · <t:${unix(announcement.postAt)}:f>`
        : `${STATUS_WORDS[announcement.status]} · as soon as approved`;
  return `\`#${announcement.id}\` ${where} · ${when}${title}${by}`;
}

/** `/announce list`: what is still to come (with ids), then the latest finished ones. */
export function renderList({ open, recent }: AnnouncementList): APIEmbed {
  const upcoming = open.length > 0 ? open.map(listLine) : ['Nothing scheduled. `/announce schedule` plans one.'];
  const done = recent.length > 0 ? recent.map(listLine) : ['None yet.'];
  return {
    title: 'Announcements',
    color: BRAND_COLOR,
    description: joinWithin(['**Upcoming**', ...upcoming, '', '**Recent**', ...done], 4_096),
    footer: { text: '/announce edit id: · /announce cancel id: · /announce history' },
  };
}

/** `/announce queue`: one waiting announcement at a time, exactly as it would post, with Approve / Reject. */
export function renderQueueItem(
  announcement: Announcement,
  check: PostingCheck,
  position: { readonly index: number; readonly total: number; readonly nextId: number | null },
  viewerId: string,
  approvalRequired = true,
): ReplyMessage {
  // The two-person rule is about the text: whoever wrote it last cannot approve it (while the rule is on).
  const own = approvalRequired && announcement.textAuthorId === viewerId;
  const rewrittenBy = announcement.textAuthorId !== announcement.authorId ? `, text rewritten by <@${announcement.textAuthorId}>` : '';
  const lines = [
    `**Approval queue** · ${position.index + 1} of ${position.total} · \`#${announcement.id}\` by <@${announcement.authorId}>${rewrittenBy}, submitted <t:${unix(announcement.updatedAt)}:R>`,
    placeLine(announcement).replace('posts as soon as you confirm', 'posts as soon as it is approved'),
    ...(approvalRequired ? [] : ['ℹ️ The two-person rule is off now: any moderator, its author too, may approve it.']),
    describeAudience(check.audience),
    ...(own ? [`✋ You wrote ${rewrittenBy ? 'its current text' : 'this one'}: another moderator has to approve it.`] : []),
    ...problemLines(check.problems).slice(0, -1),
  ];
  const buttons = [
    button(announceId(ANNOUNCE_ACTIONS.approve, announcement.id, announcement.revision), 'Approve', ButtonStyle.Success, { disabled: own || check.problems.length > 0 }),
    button(announceId(ANNOUNCE_ACTIONS.reject, announcement.id), 'Reject', ButtonStyle.Danger),
    ...(position.nextId !== null ? [button(announceId(ANNOUNCE_ACTIONS.next, position.nextId), 'Next ›', ButtonStyle.Secondary)] : []),
  ];
  return { content: lines.join('\n'), embeds: [renderAnnouncementEmbed(announcement)], components: [row(...buttons)] };
}

export function renderEmptyQueue(approvalRequired: boolean, after: string | null = null): ReplyMessage {
  const rule = approvalRequired ? '' : '\nThe two-person rule is off; `/announce setup approval:true` turns it on.';
  return { content: `${after ? `${after}\n` : ''}✅ Nothing is waiting for approval.${rule}`, embeds: [], components: [] };
}

const ACTION_WORDS: Record<AuditRecord['action'], string> = {
  created: '🆕 created',
  edited: '✏️ edited',
  approved: '👍 approved',
  rejected: '👎 rejected',
  posted: '✅ posted',
  cancelled: '🚫 cancelled',
  missed: '⏰ missed',
  failed: '⛔ failed',
};

function historyDetail(record: AuditRecord): string {
  const { details } = record;
  if (record.action === 'edited' && typeof details.postAt === 'string') return ` (new time <t:${unix(new Date(details.postAt))}:f>)`;
  if (record.action === 'edited') return details.backToQueue ? ' (text; back to the approval queue)' : ' (text)';
  if (record.action === 'failed' && details.step === 'publish') return ' (publishing to following servers)';
  return '';
}

/** `/announce history [channel]`: who created, edited, approved, posted, cancelled what, and when. */
export function renderHistory(records: readonly AuditRecord[], channelId: string | null): APIEmbed {
  const lines = records.map((record) => {
    const who = record.actorId === 'system' ? 'the bot' : `<@${record.actorId}>`;
    return `<t:${unix(record.at)}:f> · ${ACTION_WORDS[record.action]} \`#${record.announcementId}\` by ${who}${historyDetail(record)}${channelId ? '' : ` · <#${record.channelId}>`}`;
  });
  return {
    title: channelId ? 'Announcement history' : 'Announcement history (all channels)',
    color: MUTED_COLOR,
    description: joinWithin([...(channelId ? [`In <#${channelId}>, newest first.`] : ['Newest first.']), '', ...(lines.length > 0 ? lines : ['No announcements yet.'])], 4_096),
    footer: { text: `Latest ${records.length} entries` },
  };
}

/** After `/announce edit` (the text). */
export function renderEdited(outcome: EditOutcome): ReplyMessage {
  const { announcement } = outcome;
  const id = `#${announcement.id}`;
  const content =
    outcome.kind === 'message-edited'
      ? `✏️ Edited ${id}: the posted message now reads as below. ${messageLink(announcement) ?? ''}`
      : outcome.kind === 'message-not-edited'
        ? `⚠️ Saved ${id}, but I couldn't change the posted message: ${outcome.reason}.`
        : `✏️ Saved ${id} (${STATUS_WORDS[announcement.status]}).${outcome.requeued ? ' The text changed after approval, so it is back in `/announce queue` for a second moderator.' : ''}`;
  return { content, embeds: [renderAnnouncementEmbed(announcement)], components: [] };
}

/** After `/announce edit id at:`. */
export function renderRescheduled(announcement: Announcement, note: string | null): string {
  const when = announcement.postAt ? formatWhen(announcement.postAt, announcement.timeZone) : 'as soon as approved';
  const queue = announcement.status === 'pending' ? ' It waits for a second moderator in `/announce queue`.' : '';
  return `🕒 #${announcement.id} now posts ${when} in <#${announcement.channelId}>.${queue}${note ? `\nℹ️ ${note}` : ''}`;
}
