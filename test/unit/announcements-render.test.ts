import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Announcement } from '../../src/announcements/announcement.js';
import { describeAudience } from '../../src/announcements/audience.js';
import { channelProblems, type ChannelFacts } from '../../src/announcements/channel-check.js';
import { renderAnnouncement, renderAnnouncementEdit } from '../../src/announcements/render/announcement.js';
import { renderBodyModal, renderEditModal } from '../../src/announcements/render/modals.js';
import { renderHistory, renderList, renderPreview, renderQueueItem } from '../../src/announcements/render/replies.js';
import { CHANNEL, GUILD, ROLE, SECOND_MODERATOR, AUTHOR } from '../support/announcements.js';

const ALL = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.MentionEveryone;

const announcement = (overrides: Partial<Announcement> = {}): Announcement => ({
  id: 12,
  guildId: GUILD,
  authorId: AUTHOR,
  textAuthorId: AUTHOR,
  channelId: CHANNEL,
  title: 'Town hall',
  body: 'Friday at 17:00. @everyone welcome.',
  revision: 3,
  claimedAt: null,
  ping: { kind: 'none' },
  publish: false,
  postAt: null,
  timeZone: null,
  status: 'draft',
  nonce: null,
  attempts: 0,
  messageId: null,
  postedAt: null,
  published: false,
  approvedBy: null,
  outcomeNote: null,
  createdAt: new Date('2026-03-10T08:00:00Z'),
  updatedAt: new Date('2026-03-10T08:00:00Z'),
  ...overrides,
});

const customIds = (message: { components: { components: unknown[] }[] }) =>
  message.components.flatMap((row) => row.components).map((component) => (component as { custom_id: string }).custom_id);

describe('the announcement message', () => {
  it('GIVEN the preview and the post THEN they carry the identical embed', () => {
    const draft = announcement({ ping: { kind: 'role', roleId: ROLE } });
    const preview = renderPreview(draft, { audience: { kind: 'nobody' }, problems: [] }, { approvalRequired: false });
    expect(preview.embeds).toEqual(renderAnnouncement(draft).embeds);
    expect(renderAnnouncementEdit(draft).embeds).toEqual(renderAnnouncement(draft).embeds);
  });

  it.each([
    [{ kind: 'none' } as const, undefined, { parse: [] }],
    [{ kind: 'role', roleId: ROLE } as const, `<@&${ROLE}>`, { parse: [], roles: [ROLE] }],
    [{ kind: 'everyone' } as const, '@everyone', { parse: ['everyone'] }],
  ])('GIVEN ping %j THEN the ping line is %s and allowed_mentions names exactly it', (ping, content, allowed) => {
    const message = renderAnnouncement(announcement({ ping }));
    expect(message.content).toBe(content);
    expect(message.allowed_mentions).toEqual(allowed);
    // The typed text never reaches content, where Discord would parse mentions.
    expect(message.embeds?.[0]?.description).toBe('Friday at 17:00. @everyone welcome.');
  });

  it('GIVEN no title THEN the embed has none', () => {
    expect(renderAnnouncement(announcement({ title: null })).embeds?.[0]).not.toHaveProperty('title');
  });
});

describe('the preview and the queue', () => {
  it('GIVEN a clear channel under the two-person rule THEN Submit for approval (with the revision), Edit and Cancel, and who is notified', () => {
    const preview = renderPreview(announcement(), { audience: { kind: 'role', roleId: ROLE, members: { kind: 'exact', count: 12 } }, problems: [] }, { approvalRequired: true });
    expect(customIds(preview)).toEqual(['announce:submit:12:3', 'announce:revise:12', 'announce:discard:12']);
    expect(preview.components[0]?.components.map((button) => ('label' in button ? button.label : ''))).toEqual(['Submit for approval', 'Edit', 'Cancel']);
    const direct = renderPreview(announcement(), { audience: { kind: 'nobody' }, problems: [] }, { approvalRequired: false });
    expect(direct.components[0]?.components.map((button) => ('label' in button ? button.label : ''))).toEqual(['Post', 'Edit', 'Cancel']);
    expect(preview.content).toContain(`Notifies <@&${ROLE}>: **12** members hold it.`);
    expect(preview.content).toContain('two-person rule');
  });

  it('GIVEN a scheduled draft THEN the button says Schedule and the time is shown in its zone and UTC', () => {
    const preview = renderPreview(announcement({ postAt: new Date('2026-03-12T03:30:00Z'), timeZone: 'Asia/Kolkata' }), { audience: { kind: 'nobody' }, problems: [] }, { approvalRequired: false });
    expect(preview.components[0]?.components[0]).toMatchObject({ label: 'Schedule' });
    expect(preview.content).toContain('Thu 12 Mar 2026, 09:00 GMT+5:30 (Asia/Kolkata) · 03:30 UTC');
  });

  it('GIVEN problems THEN there is no Post: Check again instead, and each problem is named', () => {
    const preview = renderPreview(announcement(), { audience: { kind: 'nobody' }, problems: ["I'm missing **Send Messages** in <#1>"] }, { approvalRequired: false });
    expect(customIds(preview)[0]).toBe('announce:recheck:12');
    expect(preview.content).toContain("I'm missing **Send Messages**");
  });

  it('GIVEN the author views the queue THEN Approve is disabled for them, and Next points to the following one', () => {
    const item = renderQueueItem(announcement({ status: 'pending' }), { audience: { kind: 'nobody' }, problems: [] }, { index: 0, total: 2, nextId: 13 }, AUTHOR);
    expect(item.components[0]?.components[0]).toMatchObject({ custom_id: 'announce:approve:12:3', disabled: true });
    expect(customIds(item)).toContain('announce:next:13');
    const other = renderQueueItem(announcement({ status: 'pending' }), { audience: { kind: 'nobody' }, problems: [] }, { index: 0, total: 1, nextId: null }, SECOND_MODERATOR);
    expect(other.components[0]?.components[0]).not.toHaveProperty('disabled');
  });

  it('GIVEN any id THEN every custom_id fits Discord (≤ 100) and the modals fit theirs', () => {
    const big = announcement({ id: Number.MAX_SAFE_INTEGER, revision: Number.MAX_SAFE_INTEGER });
    const preview = renderPreview(big, { audience: { kind: 'nobody' }, problems: [] }, { approvalRequired: false });
    for (const id of customIds(preview)) expect(id.length).toBeLessThanOrEqual(100);
    expect(renderBodyModal(big).custom_id.length).toBeLessThanOrEqual(100);
    expect(renderEditModal(big).title.length).toBeLessThanOrEqual(45);
    expect(JSON.stringify(renderBodyModal(big))).toContain('"max_length":4000');
  });
});

describe('who is notified', () => {
  it.each([
    [{ kind: 'nobody' } as const, 'Notifies **no one**'],
    [{ kind: 'role', roleId: ROLE, members: { kind: 'exact', count: 1 } } as const, '**1** member holds it'],
    [{ kind: 'role', roleId: ROLE, members: { kind: 'exact', count: 0 } } as const, 'nobody will be notified'],
    [{ kind: 'role', roleId: ROLE, members: { kind: 'unknown', reason: 'too big' } } as const, 'I could not count them: too big'],
    [{ kind: 'everyone', members: { kind: 'approximate', count: 12345 } } as const, 'every member of the server, about **12,345**.'],
  ])('GIVEN %j THEN says %s', (audience, text) => {
    expect(describeAudience(audience)).toContain(text);
  });
});

describe('channelProblems', () => {
  const facts = (overrides: Partial<ChannelFacts> = {}): ChannelFacts => ({ kind: 'text', botPermissions: ALL, ...overrides });

  it('GIVEN every permission THEN nothing is in the way', () => {
    expect(channelProblems(announcement(), facts())).toEqual([]);
  });

  it('GIVEN missing permissions THEN names each one', () => {
    const problems = channelProblems(announcement(), facts({ botPermissions: PermissionFlagsBits.ViewChannel }));
    expect(problems).toEqual([`I'm missing **Send Messages** in <#${CHANNEL}>`, `I'm missing **Embed Links** in <#${CHANNEL}>`]);
  });

  it('GIVEN @everyone, or a role nobody may mention, without Mention Everyone THEN says nobody would be notified', () => {
    const without = ALL & ~PermissionFlagsBits.MentionEveryone;
    expect(channelProblems(announcement({ ping: { kind: 'everyone' } }), facts({ botPermissions: without }))[0]).toContain('Mention @everyone');
    const role = announcement({ ping: { kind: 'role', roleId: ROLE } });
    expect(channelProblems(role, facts({ botPermissions: without, role: { mentionable: false } }))[0]).toContain('not mentionable');
    expect(channelProblems(role, facts({ botPermissions: without, role: { mentionable: true } }))).toEqual([]);
    expect(channelProblems(role, facts({ role: null }))[0]).toContain('no longer exists');
  });

  it('GIVEN publish THEN it needs an announcement channel', () => {
    expect(channelProblems(announcement({ publish: true }), facts())[0]).toContain('needs an announcement channel');
    expect(channelProblems(announcement({ publish: true }), facts({ kind: 'announcement' }))).toEqual([]);
  });

  it('GIVEN a channel the bot cannot see or of another kind THEN says so', () => {
    expect(channelProblems(announcement(), facts({ kind: 'unknown' }))[0]).toContain("can't see");
    expect(channelProblems(announcement(), facts({ kind: 'other' }))[0]).toContain('not a text or announcement channel');
  });
});

describe('list and history', () => {
  it('GIVEN announcements THEN list shows ids, status, channel and author; history shows who did what', () => {
    const list = renderList({ open: [announcement({ status: 'scheduled', postAt: new Date('2026-03-12T09:00:00Z') })], recent: [announcement({ id: 11, status: 'missed', postAt: new Date('2026-03-09T09:00:00Z') })] });
    expect(list.description).toContain('`#12`');
    expect(list.description).toContain('scheduled');
    expect(list.description).toContain('`#11`');
    expect(list.description).toContain('missed');
    const history = renderHistory(
      [
        { announcementId: 12, channelId: CHANNEL, actorId: 'system', action: 'posted', details: {}, at: new Date('2026-03-12T09:00:00Z') },
        { announcementId: 12, channelId: CHANNEL, actorId: AUTHOR, action: 'edited', details: { postAt: '2026-03-12T09:00:00.000Z' }, at: new Date('2026-03-11T09:00:00Z') },
      ],
      null,
    );
    expect(history.description).toContain('posted `#12` by the bot');
    expect(history.description).toContain(`edited \`#12\` by <@${AUTHOR}> (new time`);
  });
});
