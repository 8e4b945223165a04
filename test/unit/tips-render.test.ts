import { describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../src/discord/custom-id.js';
import { tipCategory } from '../../src/tips/categories.js';
import { formatPostTime } from '../../src/scheduling/time/format.js';
import { renderSetupReply, renderStatus } from '../../src/tips/render/schedule.js';
import { renderSavedTips, renderScheduledTip, renderTipCard, renderTipEmbed } from '../../src/tips/render/tip.js';
import type { TipSchedule } from '../../src/tips/tips-store.js';
import { CHANNEL, GUILD, MODERATOR, ROLE, testCatalogue } from '../support/tips.js';

const catalogue = testCatalogue(4);
const numbered = catalogue.get('people-tip-1');
if (!numbered) throw new Error('fixture missing');

const schedule: TipSchedule = {
  guildId: GUILD,
  guildName: 'Leaders',
  channelId: CHANNEL,
  time: '09:00',
  zone: 'Asia/Kolkata',
  days: 'weekdays',
  roleId: null,
  status: 'active',
  pauseReason: null,
  next: { at: new Date('2025-01-15T03:30:00Z'), localDate: '2025-01-15' },
  setUpBy: MODERATOR,
  createdAt: new Date('2025-01-14T00:00:00Z'),
  updatedAt: new Date('2025-01-14T00:00:00Z'),
};

describe('tip rendering', () => {
  it('GIVEN a tip THEN the embed has the category colour, title, text, action and a "Tip n of total" footer', () => {
    expect(renderTipEmbed(numbered)).toMatchObject({
      color: tipCategory('people').color,
      title: numbered.tip.title,
      description: numbered.tip.text,
      fields: [{ name: 'Try this today', value: 'act on tip-1.' }],
      footer: { text: 'Tip 3 of 4' }, // strategy tips come first in the catalogue order
    });
  });

  it('GIVEN no role THEN the daily post has no content and allows no mentions', () => {
    const message = renderScheduledTip(numbered, { roleId: null, nonce: 'abc' });
    expect(message.content).toBeUndefined();
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message).toMatchObject({ nonce: 'abc', enforce_nonce: true });
    const customIds = JSON.stringify(message.components).match(/tip:[a-z]+:[\w-]+/g);
    expect(customIds).toEqual(['tip:discuss:people-tip-1', 'tip:save:people-tip-1']);
  });

  it('GIVEN a role THEN only that role may be mentioned', () => {
    const message = renderScheduledTip(numbered, { roleId: ROLE });
    expect(message).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
    expect(message.nonce).toBeUndefined();
  });

  it('GIVEN a tip card THEN its buttons route back to /tip with a category and the tip id', () => {
    const card = renderTipCard(numbered, 'people');
    const ids = card.components[0]?.components.map((button) => ('custom_id' in button ? decodeCustomId(button.custom_id) : null));
    expect(ids).toEqual([
      { command: 'tip', action: 'another', args: ['people', 'people-tip-1'] },
      { command: 'tip', action: 'save', args: ['people-tip-1'] },
    ]);
  });

  it('GIVEN saved tips THEN lists them; none THEN says how to save one', () => {
    expect(renderSavedTips([numbered]).description).toContain(numbered.tip.title);
    expect(renderSavedTips([]).description).toContain('Save');
  });
});

describe('schedule rendering', () => {
  it('GIVEN a post time THEN shows it in the server\'s zone and in UTC', () => {
    expect(formatPostTime({ at: new Date('2025-01-15T03:30:00Z'), localDate: '2025-01-15' }, 'Asia/Kolkata')).toBe(
      'Wed 15 Jan 2025, 09:00 GMT+5:30 (Asia/Kolkata) · 03:30 UTC',
    );
    expect(formatPostTime({ at: new Date('2025-01-14T20:15:00Z'), localDate: '2025-01-15' }, 'Pacific/Chatham')).toContain('· Tue 14 Jan, 20:15 UTC');
  });

  it('GIVEN a setup THEN the reply lists the next posts and any warnings', () => {
    const upcoming = [schedule.next!, { at: new Date('2025-01-16T03:30:00Z'), localDate: '2025-01-16' }, { at: new Date('2025-01-17T03:30:00Z'), localDate: '2025-01-17' }];
    const reply = renderSetupReply(schedule, upcoming, ['No threads.']);
    expect(reply.description).toContain(`<#${CHANNEL}> at **09:00** Asia/Kolkata, Monday to Friday`);
    expect(reply.description?.match(/^• /gm)).toHaveLength(3);
    expect(reply.description).toContain('⚠️ No threads.');
  });

  it('GIVEN a schedule paused by the bot THEN status shows the reason', () => {
    const embed = renderStatus({
      schedule: { ...schedule, status: 'paused', next: null, pauseReason: 'I no longer have permission to post in <#1>.' },
      upcoming: [],
      lastPost: null,
      recentChanges: [{ actorId: 'system', action: 'auto-pause', details: {}, at: new Date('2025-01-15T03:30:00Z') }],
    });
    expect(embed.title).toBe('Daily tips: Paused');
    expect(embed.fields).toContainEqual({ name: 'Why it is paused', value: 'I no longer have permission to post in <#1>.' });
    expect(embed.fields?.find((field) => field.name === 'Recent changes')?.value).toContain('auto-pause by the bot');
  });

  it('GIVEN no schedule THEN status says how to set one up', () => {
    expect(renderStatus({ schedule: null, upcoming: [], lastPost: null, recentChanges: [] }).description).toContain('/tips setup');
  });
});
