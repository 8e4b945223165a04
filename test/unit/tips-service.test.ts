import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/core/errors.js';
import { TipCatalogue } from '../../src/tips/catalogue.js';
import { CHANNEL, GUILD, MODERATOR, ROLE, setUpTips, testTip, tipHarness } from '../support/tips.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';
import type { TipServiceDependencies } from '../../src/tips/service.js';

const WEDNESDAY_0800 = '2025-01-15T08:00:00Z';
const OTHER_MODERATOR = '300000000000000002';

async function userErrorOf(action: () => unknown): Promise<UserError> {
  try {
    await action();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const postgres = usePostgres();

// The same tests on both databases the store speaks (docs/postgres.md).
describe.each(sqlDialects(postgres))('on %s', (_dialect, open) => {
  const harness = (start: string, overrides?: Partial<TipServiceDependencies>) => tipHarness(start, overrides, open);

  describe('tips setup', () => {
    it('GIVEN valid settings THEN saves an active schedule and answers with the next three post times', async () => {
      const h = await harness(WEDNESDAY_0800);
      const { schedule, upcoming } = (await setUpTips(h.service, { time: '9:30', timeZone: 'america/new_york', roleId: ROLE }));
      expect(schedule).toMatchObject({ guildId: GUILD, channelId: CHANNEL, time: '09:30', zone: 'America/New_York', days: 'daily', roleId: ROLE, status: 'active', setUpBy: MODERATOR });
      expect(upcoming.map((post) => post.at.toISOString())).toEqual(['2025-01-15T14:30:00.000Z', '2025-01-16T14:30:00.000Z', '2025-01-17T14:30:00.000Z']);
      expect(await h.service.nextPostTimes(GUILD)).toEqual(upcoming);
    });

    it('GIVEN 25:00 THEN refuses with a clear message and saves nothing', async () => {
      const h = await harness(WEDNESDAY_0800);
      const error = await userErrorOf(() => setUpTips(h.service, { time: '25:00' }));
      expect(error.identifier).toBe('tips.invalid-time');
      expect(error.message).toContain('`25:00` is not a time of day');
      expect((await h.service.status(GUILD)).schedule).toBeNull();
    });

    it('GIVEN an unknown zone THEN refuses with suggestions', async () => {
      const h = await harness(WEDNESDAY_0800);
      const error = await userErrorOf(() => setUpTips(h.service, { timeZone: 'Europe/Londn' }));
      expect(error.identifier).toBe('tips.unknown-zone');
      expect(error.message).toContain('Did you mean `Europe/London`');
    });

    it('GIVEN the @everyone role THEN refuses it', async () => {
      const h = await harness(WEDNESDAY_0800);
      expect((await userErrorOf(() => setUpTips(h.service, { roleId: GUILD }))).identifier).toBe('tips.everyone-role');
    });

    it('GIVEN a second setup THEN replaces the settings and records both changes with who and what', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.clock.advance(60_000);
      await setUpTips(h.service, { actorId: OTHER_MODERATOR, channelId: '200000000000000009', days: 'weekdays' });
      const { schedule, recentChanges } = (await h.service.status(GUILD));
      expect(schedule).toMatchObject({ channelId: '200000000000000009', days: 'weekdays', setUpBy: OTHER_MODERATOR });
      expect(recentChanges).toEqual([
        expect.objectContaining({ actorId: OTHER_MODERATOR, action: 'setup', at: new Date('2025-01-15T08:01:00Z'), details: expect.objectContaining({ channelId: '200000000000000009', previous: expect.objectContaining({ channelId: CHANNEL }) }) }),
        expect.objectContaining({ actorId: MODERATOR, action: 'setup', at: new Date(WEDNESDAY_0800) }),
      ]);
    });
  });

  describe('tips pause, resume, disable', () => {
    it('GIVEN an active schedule WHEN paused THEN nothing posts, status shows who paused it, and resume picks up from the next time', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      const paused = (await h.service.pause(GUILD, OTHER_MODERATOR));
      expect(paused).toMatchObject({ status: 'paused', next: null, pauseReason: `Paused by <@${OTHER_MODERATOR}>.` });
      expect((await h.service.status(GUILD)).upcoming).toEqual([]);
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.messages).toHaveLength(0);

      h.clock.set('2025-01-15T10:00:00Z');
      const resumed = (await h.service.resume(GUILD, OTHER_MODERATOR));
      expect(resumed).toMatchObject({ status: 'active', pauseReason: null, next: { localDate: '2025-01-16' } });
      expect((await h.service.status(GUILD)).recentChanges.map((change) => change.action)).toEqual(['resume', 'pause', 'setup']);
    });

    it('GIVEN a paused schedule WHEN paused again, or resumed twice, THEN says it already is and records nothing', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.service.pause(GUILD, MODERATOR);
      expect((await userErrorOf(() => h.service.pause(GUILD, MODERATOR))).message).toContain('already paused');
      await h.service.resume(GUILD, MODERATOR);
      expect((await userErrorOf(() => h.service.resume(GUILD, MODERATOR))).message).toContain('already running');
      expect((await h.service.status(GUILD)).recentChanges.map((change) => change.action)).toEqual(['resume', 'pause', 'setup']);
    });

    it('GIVEN a disabled schedule THEN resume asks for setup, and setup starts it again', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      expect((await h.service.disable(GUILD, MODERATOR)).status).toBe('disabled');
      expect((await userErrorOf(() => h.service.resume(GUILD, MODERATOR))).message).toContain('/tips setup');
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.messages).toHaveLength(0);
      await setUpTips(h.service);
      await h.tickAt('2025-01-16T09:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN no schedule THEN pause, resume, disable and next times say to run setup', async () => {
      const h = await harness(WEDNESDAY_0800);
      for (const action of [() => h.service.pause(GUILD, MODERATOR), () => h.service.resume(GUILD, MODERATOR), () => h.service.disable(GUILD, MODERATOR), () => h.service.nextPostTimes(GUILD)]) {
        expect((await userErrorOf(action)).identifier).toBe('tips.not-set-up');
      }
    });
  });

  describe('tips preview and status', () => {
    it('GIVEN a schedule with a role THEN preview renders the next post exactly, without a nonce, and sends nothing', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service, { roleId: ROLE });
      const preview = (await h.service.preview(GUILD));
      expect(preview.message).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
      expect(preview.message.nonce).toBeUndefined();
      expect(preview.next?.localDate).toBe('2025-01-15');
      expect(h.poster.attempts).toBe(0);

      await h.tickAt('2025-01-15T09:00:00Z');
      const posted = h.poster.messages[0]?.message;
      expect(posted?.embeds).toEqual(preview.message.embeds);
      expect((await h.service.preview(GUILD)).tip.tip.id).not.toBe(preview.tip.tip.id);
    });

    it('GIVEN a posted tip THEN status shows the last post', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.tickAt('2025-01-15T09:00:00Z');
      const { lastPost, upcoming } = (await h.service.status(GUILD));
      expect(lastPost).toMatchObject({ localDate: '2025-01-15', state: 'posted', messageId: h.poster.messages[0]?.id, channelId: CHANNEL });
      expect(upcoming[0]?.localDate).toBe('2025-01-16');
    });
  });

  describe('tips for members', () => {
    it('GIVEN a category THEN a random tip comes from it and is not the one being replaced', async () => {
      const h = await harness(WEDNESDAY_0800, { random: () => 0 });
      const first = h.service.randomTip('strategy');
      expect(first.tip.category).toBe('strategy');
      expect(h.service.randomTip('strategy', first.tip.id).tip.id).not.toBe(first.tip.id);
    });

    it('GIVEN a category without tips THEN says so', async () => {
      const h = await harness(WEDNESDAY_0800, { catalogue: new TipCatalogue([testTip('only')]) });
      expect((await userErrorOf(() => h.service.randomTip('hiring'))).identifier).toBe('tips.none');
    });

    it('GIVEN no schedule THEN today\'s tip is fixed for the day and changes the next day', async () => {
      const h = await harness(WEDNESDAY_0800);
      const today = (await h.service.todaysTip(GUILD)).tip.id;
      h.clock.set('2025-01-15T23:00:00Z');
      expect((await h.service.todaysTip(GUILD)).tip.id).toBe(today);
      h.clock.set('2025-01-16T01:00:00Z');
      expect((await h.service.todaysTip(GUILD)).tip.id).not.toBe(today);
      expect((await h.service.todaysTip(null)).tip.id).toEqual(expect.any(String));
    });

    it('GIVEN saved tips THEN lists them newest first, once each, per member', async () => {
      const h = await harness(WEDNESDAY_0800);
      const [a, b] = h.service.catalogue.ids();
      expect((await h.service.saveTip(MODERATOR, a as string)).saved).toBe(true);
      h.clock.advance(1000);
      expect((await h.service.saveTip(MODERATOR, b as string)).saved).toBe(true);
      expect((await h.service.saveTip(MODERATOR, a as string)).saved).toBe(false);
      expect((await h.service.savedTips(MODERATOR)).map((saved) => saved.tip.id)).toEqual([b, a]);
      expect(await h.service.savedTips(OTHER_MODERATOR)).toEqual([]);
      expect((await userErrorOf(() => h.service.saveTip(MODERATOR, 'people-gone'))).identifier).toBe('tips.unknown-tip');
    });
  });
});
