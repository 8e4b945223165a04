import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../src/core/clock.js';
import { tipNonce } from '../../src/tips/nonce.js';
import { localDateOf, postOnDate } from '../../src/scheduling/time/schedule.js';
import { CHANNEL, GUILD, MODERATOR, ROLE, channelId, guildId, postsOf, setUpTips, testCatalogue, tipHarness, type TipHarness } from '../support/tips.js';
import { FakePoster } from '../support/fake-poster.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';
import type { TipServiceDependencies } from '../../src/tips/service.js';

// 2025-01-15 is a Wednesday; London is on GMT (= UTC) in January.
const WEDNESDAY_0800 = '2025-01-15T08:00:00Z';
const SYSTEM_CHANNEL = '200000000000000999';

const postgres = usePostgres();

// The same tests on both databases the store speaks (docs/postgres.md).
describe.each(sqlDialects(postgres))('on %s', (_dialect, open) => {
  const harness = (start: string, overrides?: Partial<TipServiceDependencies>) => tipHarness(start, overrides, open);

  describe('postDueTips: exactly once per server and local date', () => {
    it('GIVEN a schedule at 09:00 WHEN the clock reaches 09:00 THEN posts one tip embed with a nonce, a Discuss button and no pings', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);

      expect((await h.tickAt('2025-01-15T08:59:00Z')).due).toBe(0);
      expect(h.poster.messages).toHaveLength(0);

      expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ due: 1, posted: 1 });
      const [post] = h.poster.inChannel(CHANNEL);
      expect(h.poster.messages).toHaveLength(1);
      expect(post?.message).toMatchObject({
        nonce: tipNonce(GUILD, '2025-01-15'),
        enforce_nonce: true,
        allowed_mentions: { parse: [] },
        embeds: [{ title: expect.any(String), footer: { text: expect.stringMatching(/^Tip \d+ of 6$/) } }],
      });
      expect(post?.message.content).toBeUndefined();
      expect(JSON.stringify(post?.message.components)).toContain('"custom_id":"tip:discuss:');
      expect(String(post?.message.nonce).length).toBeLessThanOrEqual(25);
      expect(await postsOf(h.database)).toEqual([expect.objectContaining({ local_date: '2025-01-15', state: 'posted', message_id: post?.id })]);
    });

    it('GIVEN a role THEN the post mentions that role and allows only that mention', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service, { roleId: ROLE });
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.messages[0]?.message).toMatchObject({ content: `<@&${ROLE}>`, allowed_mentions: { parse: [], roles: [ROLE] } });
    });

    it('GIVEN today was posted WHEN ticks run again the same day THEN nothing more is posted; the next day posts again', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.tickAt('2025-01-15T09:00:00Z');
      await h.tickAt('2025-01-15T09:00:30Z');
      await h.tickAt('2025-01-15T09:01:00Z');
      await h.tickAt('2025-01-15T23:59:00Z');
      expect(h.poster.messages).toHaveLength(1);

      await h.tickAt('2025-01-16T09:00:00Z');
      expect(h.poster.messages).toHaveLength(2);
      expect((await postsOf(h.database)).map((post) => post.local_date)).toEqual(['2025-01-15', '2025-01-16']);
    });

    it('GIVEN a restart after today\'s post THEN the new instance posts nothing more today', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.tickAt('2025-01-15T09:00:00Z');
      h.restart();
      await h.tickAt('2025-01-15T09:01:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN a restart before the time THEN the new instance posts at the time, once', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.tickAt('2025-01-15T08:30:00Z');
      h.restart();
      await h.tickAt('2025-01-15T09:00:00Z');
      await h.tickAt('2025-01-15T09:01:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it.each([
      { restartAt: '2025-01-15T09:01:00Z', when: 'inside Discord\'s nonce window' },
      { restartAt: '2025-01-15T09:30:00Z', when: 'after Discord\'s nonce window' },
    ])('GIVEN a crash after Discord created the message but before it was recorded WHEN restarted $when THEN that message is found and recorded, and no second one is sent', async ({ restartAt }) => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.crashAfter(0, { afterSending: true });
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
      const [claim] = await postsOf(h.database);
      expect(claim).toMatchObject({ state: 'claimed', message_id: null });

      h.poster.clearFailures();
      h.restart();
      expect(await h.tickAt(restartAt)).toMatchObject({ posted: 1 });
      expect(h.poster.messages).toHaveLength(1);
      expect(h.poster.attempts).toBe(1);
      expect(await postsOf(h.database)).toEqual([expect.objectContaining({ state: 'posted', nonce: claim?.nonce, tip_id: claim?.tip_id, message_id: h.poster.messages[0]?.id, attempts: 2 })]);
    });

    it('GIVEN yesterday\'s tip in the channel and today\'s claim left unfinished before anything was sent WHEN resumed THEN yesterday\'s post is not taken for today\'s and today\'s is sent', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.tickAt('2025-01-15T09:00:00Z');
      h.poster.crashAfter(0);
      await h.tickAt('2025-01-16T09:00:00Z');
      h.poster.clearFailures();
      h.restart();
      await h.tickAt('2025-01-16T09:20:00Z');
      expect(h.poster.messages).toHaveLength(2);
      expect((await postsOf(h.database)).map((post) => post.message_id)).toEqual(h.poster.messages.map((message) => message.id));
    });

    it('GIVEN a crash before the message reached Discord WHEN restarted THEN it is sent once, for the claimed tip', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.crashAfter(0);
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.messages).toHaveLength(0);
      const [claim] = await postsOf(h.database);

      h.poster.clearFailures();
      h.restart();
      await h.tickAt('2025-01-15T09:01:00Z');
      expect(h.poster.messages).toHaveLength(1);
      expect(h.poster.messages[0]?.message.nonce).toBe(claim?.nonce);
      expect((await postsOf(h.database))[0]).toMatchObject({ state: 'posted', tip_id: claim?.tip_id });
    });

    it('GIVEN 60 servers and a process killed mid-fan-out WHEN restarted THEN every server has exactly one tip that day', async () => {
      const h = await harness(WEDNESDAY_0800, { concurrency: 8 });
      for (let n = 1; n <= 60; n += 1) await setUpTips(h.service, { guildId: guildId(n), channelId: channelId(n) });
      h.poster.crashAfter(25, { afterSending: true });
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.messages.length).toBeGreaterThan(25);
      expect(h.poster.messages.length).toBeLessThan(60);

      h.poster.clearFailures();
      h.restart({ concurrency: 8 });
      await h.tickAt('2025-01-15T09:01:00Z');
      await h.tickAt('2025-01-15T09:02:00Z');
      for (let n = 1; n <= 60; n += 1) {
        expect(h.poster.inChannel(channelId(n)), `server ${n}`).toHaveLength(1);
        expect(await postsOf(h.database, guildId(n))).toEqual([expect.objectContaining({ state: 'posted' })]);
      }
    });

    it('GIVEN schedules THEN nextDueAt is the earliest next post, so a jumping clock can stop there and tick', async () => {
      const h = await harness(WEDNESDAY_0800);
      expect(await h.service.nextDueAt()).toBeNull();
      await setUpTips(h.service, { timeZone: 'Asia/Kolkata' }); // 09:00 IST = 03:30 UTC, next on the 16th
      await setUpTips(h.service, { guildId: guildId(2), channelId: channelId(2) });
      expect(await h.service.nextDueAt()).toEqual(new Date('2025-01-15T09:00:00Z'));
      // Jumping a whole day at once lands past Kolkata's post on a new local date; stepping through does not.
      for (let due = (await h.service.nextDueAt()); due && due <= new Date('2025-01-16T08:00:00Z'); due = (await h.service.nextDueAt())) {
        await h.tickAt(due.toISOString());
      }
      expect(h.poster.inChannel(CHANNEL)).toHaveLength(1);
      expect(h.poster.inChannel(channelId(2))).toHaveLength(1);
    });

    it('GIVEN a server re-set up to a later time after today\'s post THEN it does not post twice today', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      await h.tickAt('2025-01-15T09:00:00Z');
      const { upcoming } = (await setUpTips(h.service, { time: '18:00' }));
      expect(upcoming[0]?.localDate).toBe('2025-01-16');
      await h.tickAt('2025-01-15T18:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
      await h.tickAt('2025-01-16T18:00:00Z');
      expect(h.poster.messages).toHaveLength(2);
    });
  });

  describe('postDueTips: catch-up after downtime', () => {
    it('GIVEN the bot was down at 09:00 WHEN it starts at 15:00 the same local day THEN it posts that day\'s tip', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.restart();
      expect(await h.tickAt('2025-01-15T15:00:00Z')).toMatchObject({ posted: 1 });
      expect(await postsOf(h.database)).toEqual([expect.objectContaining({ local_date: '2025-01-15', state: 'posted' })]);
    });

    it('GIVEN the bot was down over a whole day WHEN it starts before today\'s time THEN nothing is posted for the missed day', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.restart();
      expect(await h.tickAt('2025-01-16T08:00:00Z')).toMatchObject({ missed: 1, posted: 0 });
      expect(h.poster.messages).toHaveLength(0);
      await h.tickAt('2025-01-16T09:00:00Z');
      expect((await postsOf(h.database)).map((post) => post.local_date)).toEqual(['2025-01-16']);
    });

    it('GIVEN the bot was down over a whole day WHEN it starts after today\'s time THEN it posts today\'s tip only', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.restart();
      await h.tickAt('2025-01-17T10:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
      expect((await postsOf(h.database)).map((post) => `${post.local_date} ${post.state}`)).toEqual(['2025-01-17 posted']);
    });

    it('GIVEN a zone ahead of UTC THEN "the same day" is the server\'s local day', async () => {
      // 09:00 in Kolkata is 03:30 UTC; at 19:00 UTC it is already 00:30 the next day there.
      const h = await harness('2025-01-15T00:00:00Z');
      await setUpTips(h.service, { timeZone: 'Asia/Kolkata' });
      h.restart();
      await h.tickAt('2025-01-15T18:29:00Z'); // 23:59 local: still that day
      expect((await postsOf(h.database)).map((post) => post.local_date)).toEqual(['2025-01-15']);

      const late = await harness('2025-01-15T00:00:00Z');
      await setUpTips(late.service, { timeZone: 'Asia/Kolkata' });
      await late.tickAt('2025-01-15T18:31:00Z'); // 00:01 on the 16th
      expect(late.poster.messages).toHaveLength(0);
    });

    it('GIVEN a send still failing when the local day ends THEN that day is given up, not posted the next day', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service, { time: '23:58' });
      h.poster.failChannel(CHANNEL, 'transient');
      await h.tickAt('2025-01-15T23:58:00Z');
      await h.tickAt('2025-01-15T23:59:00Z');
      h.poster.clearFailures();
      await h.tickAt('2025-01-16T00:00:00Z');
      expect(h.poster.messages).toHaveLength(0);
      expect(await postsOf(h.database)).toEqual([expect.objectContaining({ local_date: '2025-01-15', state: 'abandoned' })]);
      await h.tickAt('2025-01-16T23:58:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });
  });

  describe('postDueTips: failures', () => {
    for (const failure of ['forbidden', 'gone'] as const) {
      it(`GIVEN the channel answers ${failure === 'gone' ? '404' : '403'} THEN the schedule pauses with the reason and the moderator is told once`, async () => {
        const h = await harness(WEDNESDAY_0800);
        await setUpTips(h.service);
        h.poster.failChannel(CHANNEL, failure);
        expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ paused: 1 });
        await h.tickAt('2025-01-15T09:01:00Z');
        await h.tickAt('2025-01-16T09:00:00Z');

        expect(h.poster.attempts).toBe(1);
        const status = (await h.service.status(GUILD));
        expect(status.schedule).toMatchObject({ status: 'paused', next: null });
        expect(status.schedule?.pauseReason).toContain(`<#${CHANNEL}>`);
        expect(status.recentChanges[0]).toMatchObject({ actorId: 'system', action: 'auto-pause' });
        expect(h.poster.directMessages).toHaveLength(1);
        expect(h.poster.directMessages[0]).toMatchObject({ userId: MODERATOR, message: { allowed_mentions: { parse: [] } } });
        expect(h.poster.directMessages[0]?.message.content).toContain('/tips resume');
      });
    }

    it('GIVEN the moderator does not accept DMs and the server has no system channel THEN the schedule is still paused and nothing else is tried', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'forbidden').failDirectMessages('forbidden');
      await h.tickAt('2025-01-15T09:00:00Z');
      expect((await h.service.status(GUILD)).schedule?.status).toBe('paused');
      expect(h.poster.directMessages).toHaveLength(0);
      expect(h.poster.messages).toHaveLength(0);
    });

    it('GIVEN the moderator does not accept DMs THEN the server is told once in its system channel, pinging nobody', async () => {
      const h = await harness(WEDNESDAY_0800, { systemChannelOf: (guild) => (guild === GUILD ? SYSTEM_CHANNEL : null) });
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'gone').failDirectMessages('forbidden');
      await h.tickAt('2025-01-15T09:00:00Z');
      await h.tickAt('2025-01-15T09:01:00Z');
      await h.tickAt('2025-01-16T09:00:00Z');
      expect((await h.service.status(GUILD)).schedule?.status).toBe('paused');
      const told = h.poster.inChannel(SYSTEM_CHANNEL);
      expect(told).toHaveLength(1);
      expect(told[0]?.message).toMatchObject({ allowed_mentions: { parse: [] } });
      expect(told[0]?.message.content).toContain(`<#${CHANNEL}> no longer exists`);
      expect(told[0]?.message.content).toContain('/tips resume');
      expect(told[0]?.message.content).toContain(`<@${MODERATOR}>`);
    });

    it('GIVEN the moderator accepts DMs THEN the system channel stays quiet', async () => {
      const h = await harness(WEDNESDAY_0800, { systemChannelOf: () => SYSTEM_CHANNEL });
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'forbidden');
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.directMessages).toHaveLength(1);
      expect(h.poster.inChannel(SYSTEM_CHANNEL)).toHaveLength(0);
    });

    it('GIVEN the system channel is the tips channel that failed THEN it is not tried again', async () => {
      const h = await harness(WEDNESDAY_0800, { systemChannelOf: () => CHANNEL });
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'forbidden').failDirectMessages('forbidden');
      await h.tickAt('2025-01-15T09:00:00Z');
      expect(h.poster.attempts).toBe(1);
      expect((await h.service.status(GUILD)).schedule?.status).toBe('paused');
    });

    it('GIVEN a paused-by-failure schedule WHEN access is fixed and it is resumed THEN it posts again', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'forbidden');
      await h.tickAt('2025-01-15T09:00:00Z');
      h.poster.clearFailures();
      await h.service.resume(GUILD, MODERATOR);
      await h.tickAt('2025-01-16T09:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN a transient failure THEN the claim stays and the next tick resends with the same nonce, posting once', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'transient', 2);
      expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ retrying: 1 });
      expect(await h.tickAt('2025-01-15T09:01:00Z')).toMatchObject({ retrying: 1 });
      expect(await postsOf(h.database)).toEqual([expect.objectContaining({ state: 'claimed', attempts: 2 })]);
      expect(h.poster.attempts).toBe(2);

      expect(await h.tickAt('2025-01-15T09:02:00Z')).toMatchObject({ posted: 1 });
      expect(h.poster.messages).toHaveLength(1);
      expect(h.poster.messages[0]?.message.nonce).toBe(tipNonce(GUILD, '2025-01-15'));
      expect((await h.service.status(GUILD)).schedule?.status).toBe('active');
    });

    it('GIVEN Discord refuses the payload THEN that day is skipped (no retry every minute) and the next day posts', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.failChannel(CHANNEL, 'invalid', 1);
      expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ failed: 1 });
      await h.tickAt('2025-01-15T09:01:00Z');
      expect(h.poster.attempts).toBe(1);
      await h.tickAt('2025-01-16T09:00:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });

    it('GIVEN one server fails THEN the others due at the same minute are still posted', async () => {
      const h = await harness(WEDNESDAY_0800);
      for (let n = 1; n <= 3; n += 1) await setUpTips(h.service, { guildId: guildId(n), channelId: channelId(n) });
      h.poster.failChannel(channelId(2), 'forbidden');
      expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ due: 3, posted: 2, paused: 1 });
    });

    it('GIVEN an unexpected error THEN it is contained, and the claim is retried next tick', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      h.poster.crashAfter(0);
      await expect(h.tickAt('2025-01-15T09:00:00Z')).resolves.toMatchObject({ retrying: 1 });
      h.poster.clearFailures();
      await h.tickAt('2025-01-15T09:01:00Z');
      expect(h.poster.messages).toHaveLength(1);
    });
  });

  describe('postDueTips: many servers', () => {
    it('GIVEN 40 servers due at the same minute THEN posts them concurrently, never more at once than the limit', async () => {
      // Sends slow enough that claims (a round trip each on PostgreSQL) keep up with them.
      const poster = new FakePoster({ sendLatencyMs: 100 });
      const h = await harness(WEDNESDAY_0800, { concurrency: 5, poster });
      for (let n = 1; n <= 40; n += 1) await setUpTips(h.service, { guildId: guildId(n), channelId: channelId(n) });
      expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ due: 40, posted: 40 });
      expect(poster.maxInFlight).toBe(5);
    });

    it('GIVEN servers of other shards THEN a tick posts only to the servers this process owns', async () => {
      const h = await harness(WEDNESDAY_0800, { ownsGuild: (id) => BigInt(id) % 2n === 0n });
      for (let n = 1; n <= 6; n += 1) await setUpTips(h.service, { guildId: guildId(n), channelId: channelId(n) });
      expect(await h.tickAt('2025-01-15T09:00:00Z')).toMatchObject({ due: 3, posted: 3 });
      expect(h.poster.messages.map((message) => message.channelId).sort()).toEqual([channelId(2), channelId(4), channelId(6)]);
      expect(await postsOf(h.database, guildId(1))).toEqual([]);
      expect((await h.service.status(guildId(1))).schedule?.next?.localDate).toBe('2025-01-15');
    });
  });

  describe('postDueTips: days and DST', () => {
    it('GIVEN weekdays THEN a week ticking every minute has posts Monday to Friday only', async () => {
      const h = await harness('2025-01-12T00:00:00Z'); // Sunday
      await setUpTips(h.service, { days: 'weekdays', time: '07:30' });
      for (let at = Date.parse('2025-01-12T00:00:00Z'); at < Date.parse('2025-01-19T00:00:00Z'); at += 15 * MINUTE_MS) {
        await h.tickAt(new Date(at).toISOString());
      }
      expect((await postsOf(h.database)).map((post) => post.local_date)).toEqual(['2025-01-13', '2025-01-14', '2025-01-15', '2025-01-16', '2025-01-17']);
    });

    const TRANSITIONS = [
      { zone: 'Europe/London', date: '2025-03-30', time: '01:30', expected: '2025-03-30T01:00:00.000Z' },
      { zone: 'Europe/London', date: '2025-10-26', time: '01:30', expected: '2025-10-26T00:30:00.000Z' },
      { zone: 'America/New_York', date: '2025-03-09', time: '02:30', expected: '2025-03-09T07:00:00.000Z' },
      { zone: 'America/New_York', date: '2025-11-02', time: '01:30', expected: '2025-11-02T05:30:00.000Z' },
      { zone: 'Asia/Kolkata', date: '2025-03-30', time: '09:00', expected: '2025-03-30T03:30:00.000Z' },
      { zone: 'Australia/Lord_Howe', date: '2025-10-05', time: '02:15', expected: '2025-10-04T15:30:00.000Z' },
      { zone: 'Australia/Lord_Howe', date: '2025-04-06', time: '01:45', expected: '2025-04-05T14:45:00.000Z' },
      { zone: 'Pacific/Chatham', date: '2025-09-28', time: '03:00', expected: '2025-09-27T14:00:00.000Z' },
      { zone: 'Pacific/Chatham', date: '2025-04-06', time: '03:00', expected: '2025-04-05T13:15:00.000Z' },
    ];

    for (const { zone, date, time, expected } of TRANSITIONS) {
      it(`GIVEN ${time} in ${zone} WHEN ticking every minute across ${date} and its neighbours THEN one post per local date, at ${expected} on the transition day`, async () => {
        const start = Date.parse(`${date}T00:00:00Z`) - 2 * 24 * 60 * MINUTE_MS;
        const h = await harness(new Date(start).toISOString());
        await setUpTips(h.service, { timeZone: zone, time });
        const sentAt = new Map<string, string[]>();
        for (let at = start; at < start + 4 * 24 * 60 * MINUTE_MS; at += MINUTE_MS) {
          const before = h.poster.messages.length;
          await h.tickAt(new Date(at).toISOString());
          if (h.poster.messages.length > before) {
            const local = localDateOf(new Date(at), zone);
            sentAt.set(local, [...(sentAt.get(local) ?? []), new Date(at).toISOString()]);
          }
        }
        expect(sentAt.get(date)).toEqual([expected]);
        for (const [local, times] of sentAt) {
          expect(times, local).toEqual([postOnDate({ zone, time, days: 'daily' }, local)?.at.toISOString()]);
        }
        expect((await postsOf(h.database)).every((post) => post.state === 'posted')).toBe(true);
        expect(new Set((await postsOf(h.database)).map((post) => post.local_date)).size).toBe((await postsOf(h.database)).length);
      });
    }
  });

  describe('rotation', () => {
    async function postDays(h: TipHarness, firstDay: number, days: number, guild = GUILD): Promise<string[]> {
      for (let day = firstDay; day < firstDay + days; day += 1) {
        await h.tickAt(new Date(Date.parse('2025-01-01T09:00:00Z') + day * 24 * 60 * MINUTE_MS).toISOString());
      }
      return (await postsOf(h.database, guild)).map((post) => post.tip_id);
    }

    it('GIVEN six tips THEN six days post six different tips, and only the seventh repeats one', async () => {
      const h = await harness('2025-01-01T08:00:00Z');
      await setUpTips(h.service);
      const tips = await postDays(h, 0, 7);
      expect(new Set(tips.slice(0, 6)).size).toBe(6);
      expect(tips.slice(0, 6)).toContain(tips[6]);
    });

    it("GIVEN /tip today before setup THEN the same day's first post and /tip today after setup are that tip", async () => {
      const h = await harness('2025-01-01T08:00:00Z', { catalogue: testCatalogue(20) });
      const before = (await h.service.todaysTip(GUILD)).tip.id;
      await setUpTips(h.service, { timeZone: 'UTC' });
      expect((await h.service.todaysTip(GUILD)).tip.id).toBe(before);
      expect(await postDays(h, 0, 1)).toEqual([before]);
    });

    it('GIVEN a restart mid-rotation THEN the order continues without a repeat', async () => {
      const h = await harness('2025-01-01T08:00:00Z');
      await setUpTips(h.service);
      const uninterrupted = await postDays(h, 0, 6);

      const other = await harness('2025-01-01T08:00:00Z');
      await setUpTips(other.service);
      await postDays(other, 0, 3);
      other.restart();
      expect(await postDays(other, 3, 3)).toEqual(uninterrupted);
    });

    it('GIVEN two servers THEN each has its own order', async () => {
      const h = await harness('2025-01-01T08:00:00Z', { catalogue: testCatalogue(20) });
      await setUpTips(h.service, { guildId: guildId(1), channelId: channelId(1) });
      await setUpTips(h.service, { guildId: guildId(2), channelId: channelId(2) });
      await postDays(h, 0, 20);
      const first = (await postsOf(h.database, guildId(1))).map((post) => post.tip_id);
      const second = (await postsOf(h.database, guildId(2))).map((post) => post.tip_id);
      expect(new Set(first).size).toBe(20);
      expect(new Set(second).size).toBe(20);
      expect(first).not.toEqual(second);
    });

    it('GIVEN tips added to the data mid-rotation THEN they join it, and nothing repeats until all were posted', async () => {
      const h = await harness('2025-01-01T08:00:00Z');
      await setUpTips(h.service);
      await postDays(h, 0, 3);
      h.restart({ catalogue: testCatalogue(9) });
      const tips = await postDays(h, 3, 6);
      expect(new Set(tips).size).toBe(9);
      expect(tips).toEqual(expect.arrayContaining(['people-tip-7', 'strategy-tip-8', 'people-tip-9']));
    });

    it('GIVEN today\'s post THEN /tip today shows the same tip the schedule posted', async () => {
      const h = await harness(WEDNESDAY_0800);
      await setUpTips(h.service);
      const before = (await h.service.todaysTip(GUILD)).tip.id;
      await h.tickAt('2025-01-15T09:00:00Z');
      expect((await postsOf(h.database))[0]?.tip_id).toBe(before);
      expect((await h.service.todaysTip(GUILD)).tip.id).toBe(before);
    });
  });
});
