import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/core/errors.js';
import { TipCatalogue } from '../../src/tips/catalogue.js';
import { CHANNEL, GUILD, MODERATOR, ROLE, setUpTips, testTip, tipHarness } from '../support/tips.js';

const WEDNESDAY_0800 = '2025-01-15T08:00:00Z';
const OTHER_MODERATOR = '300000000000000002';

function userErrorOf(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('tips setup', () => {
  it('GIVEN valid settings THEN saves an active schedule and answers with the next three post times', () => {
    const h = tipHarness(WEDNESDAY_0800);
    const { schedule, upcoming } = setUpTips(h.service, { time: '9:30', timeZone: 'america/new_york', roleId: ROLE });
    expect(schedule).toMatchObject({ guildId: GUILD, channelId: CHANNEL, time: '09:30', zone: 'America/New_York', days: 'daily', roleId: ROLE, status: 'active', setUpBy: MODERATOR });
    expect(upcoming.map((post) => post.at.toISOString())).toEqual(['2025-01-15T14:30:00.000Z', '2025-01-16T14:30:00.000Z', '2025-01-17T14:30:00.000Z']);
    expect(h.service.nextPostTimes(GUILD)).toEqual(upcoming);
  });

  it('GIVEN 25:00 THEN refuses with a clear message and saves nothing', () => {
    const h = tipHarness(WEDNESDAY_0800);
    const error = userErrorOf(() => setUpTips(h.service, { time: '25:00' }));
    expect(error.identifier).toBe('tips.invalid-time');
    expect(error.message).toContain('`25:00` is not a time of day');
    expect(h.service.status(GUILD).schedule).toBeNull();
  });

  it('GIVEN an unknown zone THEN refuses with suggestions', () => {
    const h = tipHarness(WEDNESDAY_0800);
    const error = userErrorOf(() => setUpTips(h.service, { timeZone: 'Europe/Londn' }));
    expect(error.identifier).toBe('tips.unknown-zone');
    expect(error.message).toContain('Did you mean `Europe/London`');
  });

  it('GIVEN the @everyone role THEN refuses it', () => {
    const h = tipHarness(WEDNESDAY_0800);
    expect(userErrorOf(() => setUpTips(h.service, { roleId: GUILD })).identifier).toBe('tips.everyone-role');
  });

  it('GIVEN a second setup THEN replaces the settings and records both changes with who and what', () => {
    const h = tipHarness(WEDNESDAY_0800);
    setUpTips(h.service);
    h.clock.advance(60_000);
    setUpTips(h.service, { actorId: OTHER_MODERATOR, channelId: '200000000000000009', days: 'weekdays' });
    const { schedule, recentChanges } = h.service.status(GUILD);
    expect(schedule).toMatchObject({ channelId: '200000000000000009', days: 'weekdays', setUpBy: OTHER_MODERATOR });
    expect(recentChanges).toEqual([
      expect.objectContaining({ actorId: OTHER_MODERATOR, action: 'setup', at: new Date('2025-01-15T08:01:00Z'), details: expect.objectContaining({ channelId: '200000000000000009', previous: expect.objectContaining({ channelId: CHANNEL }) }) }),
      expect.objectContaining({ actorId: MODERATOR, action: 'setup', at: new Date(WEDNESDAY_0800) }),
    ]);
  });
});

describe('tips pause, resume, disable', () => {
  it('GIVEN an active schedule WHEN paused THEN nothing posts, status shows who paused it, and resume picks up from the next time', async () => {
    const h = tipHarness(WEDNESDAY_0800);
    setUpTips(h.service);
    const paused = h.service.pause(GUILD, OTHER_MODERATOR);
    expect(paused).toMatchObject({ status: 'paused', next: null, pauseReason: `Paused by <@${OTHER_MODERATOR}>.` });
    expect(h.service.status(GUILD).upcoming).toEqual([]);
    await h.tickAt('2025-01-15T09:00:00Z');
    expect(h.poster.messages).toHaveLength(0);

    h.clock.set('2025-01-15T10:00:00Z');
    const resumed = h.service.resume(GUILD, OTHER_MODERATOR);
    expect(resumed).toMatchObject({ status: 'active', pauseReason: null, next: { localDate: '2025-01-16' } });
    expect(h.service.status(GUILD).recentChanges.map((change) => change.action)).toEqual(['resume', 'pause', 'setup']);
  });

  it('GIVEN a paused schedule WHEN paused again, or resumed twice, THEN says it already is and records nothing', () => {
    const h = tipHarness(WEDNESDAY_0800);
    setUpTips(h.service);
    h.service.pause(GUILD, MODERATOR);
    expect(userErrorOf(() => h.service.pause(GUILD, MODERATOR)).message).toContain('already paused');
    h.service.resume(GUILD, MODERATOR);
    expect(userErrorOf(() => h.service.resume(GUILD, MODERATOR)).message).toContain('already running');
    expect(h.service.status(GUILD).recentChanges.map((change) => change.action)).toEqual(['resume', 'pause', 'setup']);
  });

  it('GIVEN a disabled schedule THEN resume asks for setup, and setup starts it again', async () => {
    const h = tipHarness(WEDNESDAY_0800);
    setUpTips(h.service);
    expect(h.service.disable(GUILD, MODERATOR).status).toBe('disabled');
    expect(userErrorOf(() => h.service.resume(GUILD, MODERATOR)).message).toContain('/tips setup');
    await h.tickAt('2025-01-15T09:00:00Z');
    expect(h.poster.messages).toHaveLength(0);
    setUpTips(h.service);
    await h.tickAt('2025-01-16T09:00:00Z');
    expect(h.poster.messages).toHaveLength(1);
  });

  it('GIVEN no schedule THEN pause, resume, disable and next times say to run setup', () => {
    const h = tipHarness(WEDNESDAY_0800);
    for (const action of [() => h.service.pause(GUILD, MODERATOR), () => h.service.resume(GUILD, MODERATOR), () => h.service.disable(GUILD, MODERATOR), () => h.service.nextPostTimes(GUILD)]) {
      expect(userErrorOf(action).identifier).toBe('tips.not-set-up');
    }
  });
});

describe('tips preview and status', () => {
  it('GIVEN a schedule with a role THEN preview renders the next post exactly, without a nonce, and sends nothing', async () => {
    const h = tipHarness(WEDNESDAY_0800);
    setUpTips(h.service, { roleId: ROLE });
    const preview = h.service.preview(GUILD);
    expect(preview.message).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
    expect(preview.message.nonce).toBeUndefined();
    expect(preview.next?.localDate).toBe('2025-01-15');
    expect(h.poster.attempts).toBe(0);

    await h.tickAt('2025-01-15T09:00:00Z');
    const posted = h.poster.messages[0]?.message;
    expect(posted?.embeds).toEqual(preview.message.embeds);
    expect(h.service.preview(GUILD).tip.tip.id).not.toBe(preview.tip.tip.id);
  });

  it('GIVEN a posted tip THEN status shows the last post', async () => {
    const h = tipHarness(WEDNESDAY_0800);
    setUpTips(h.service);
    await h.tickAt('2025-01-15T09:00:00Z');
    const { lastPost, upcoming } = h.service.status(GUILD);
    expect(lastPost).toMatchObject({ localDate: '2025-01-15', state: 'posted', messageId: h.poster.messages[0]?.id, channelId: CHANNEL });
    expect(upcoming[0]?.localDate).toBe('2025-01-16');
  });
});

describe('tips for members', () => {
  it('GIVEN a category THEN a random tip comes from it and is not the one being replaced', () => {
    const h = tipHarness(WEDNESDAY_0800, { random: () => 0 });
    const first = h.service.randomTip('strategy');
    expect(first.tip.category).toBe('strategy');
    expect(h.service.randomTip('strategy', first.tip.id).tip.id).not.toBe(first.tip.id);
  });

  it('GIVEN a category without tips THEN says so', () => {
    const h = tipHarness(WEDNESDAY_0800, { catalogue: new TipCatalogue([testTip('only')]) });
    expect(userErrorOf(() => h.service.randomTip('hiring')).identifier).toBe('tips.none');
  });

  it('GIVEN no schedule THEN today\'s tip is fixed for the day and changes the next day', () => {
    const h = tipHarness(WEDNESDAY_0800);
    const today = h.service.todaysTip(GUILD).tip.id;
    h.clock.set('2025-01-15T23:00:00Z');
    expect(h.service.todaysTip(GUILD).tip.id).toBe(today);
    h.clock.set('2025-01-16T01:00:00Z');
    expect(h.service.todaysTip(GUILD).tip.id).not.toBe(today);
    expect(h.service.todaysTip(null).tip.id).toEqual(expect.any(String));
  });

  it('GIVEN saved tips THEN lists them newest first, once each, per member', () => {
    const h = tipHarness(WEDNESDAY_0800);
    const [a, b] = h.service.catalogue.ids();
    expect(h.service.saveTip(MODERATOR, a as string).saved).toBe(true);
    h.clock.advance(1000);
    expect(h.service.saveTip(MODERATOR, b as string).saved).toBe(true);
    expect(h.service.saveTip(MODERATOR, a as string).saved).toBe(false);
    expect(h.service.savedTips(MODERATOR).map((saved) => saved.tip.id)).toEqual([b, a]);
    expect(h.service.savedTips(OTHER_MODERATOR)).toEqual([]);
    expect(userErrorOf(() => h.service.saveTip(MODERATOR, 'people-gone')).identifier).toBe('tips.unknown-tip');
  });
});
