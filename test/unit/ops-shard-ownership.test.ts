import { describe, expect, it } from 'vitest';
import { createApp, shardOwnership, type App } from '../../src/app/create-context.js';
import { parseConfig } from '../../src/config/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Db } from '../../src/db/index.js';
import { CommandRegistry } from '../../src/discord/registry.js';
import { snowflakeForShard } from '../../src/local-discord/index.js';
import { submitAnnouncement } from '../support/announcements.js';
import { createTestDatabase } from '../support/database.js';
import { FakePoster } from '../support/fake-poster.js';

// Tuesday 10 March 2026, 08:00 UTC; everything below is due at 09:00.
const START = '2026-03-10T08:00:00Z';
const DUE = '2026-03-10T09:00:00Z';
const MODERATOR = '310000000000000001';

/**
 * How to make each background job's work due in one server. Every job in createApp must be here:
 * a job that forgets `ownsGuild` would post every server from every shard, i.e. N times.
 */
const DUE_WORK: Record<string, (app: App, server: { guildId: string; channelId: string }) => Promise<unknown> | unknown> = {
  tips: (app, { guildId, channelId }) =>
    app.context.tips.setup({ guildId, channelId, time: '09:00', timeZone: 'UTC', days: 'daily', actorId: MODERATOR }),
  announcements: (app, { guildId, channelId }) =>
    submitAnnouncement(app.context.announcements, { guildId, channelId, authorId: MODERATOR, at: '2026-03-10 09:00', timeZone: 'UTC' }),
};

function shardApp(db: Db, clock: ManualClock, shardId: number, shardCount: number) {
  const poster = new FakePoster();
  const app = createApp({
    config: parseConfig({}),
    db,
    clock,
    logger: silentLogger,
    poster,
    registry: new CommandRegistry([]),
    ownsGuild: shardOwnership([shardId], shardCount),
  });
  const runJobs = async () => {
    for (const job of app.jobs) await job.tick();
  };
  return { app, poster, runJobs };
}

describe('background jobs and shards', () => {
  it('GIVEN createApp THEN every background job has its due work described here, so its shard ownership is tested', () => {
    const { app } = shardApp(createTestDatabase(), new ManualClock(START), 0, 1);
    const untested = app.jobs.map((job) => job.name).filter((name) => !(name in DUE_WORK));
    // A new job? Add how to make its work due to DUE_WORK, and make it filter with ownsGuild.
    expect(untested).toEqual([]);
  });

  it('GIVEN due work in a server of each shard, in one shared database THEN each shard posts only its own server, and nothing twice', async () => {
    const db = createTestDatabase();
    const clock = new ManualClock(START);
    const shards = [shardApp(db, clock, 0, 2), shardApp(db, clock, 1, 2)];
    const servers = [0, 1].map((shard) => ({ guildId: snowflakeForShard(shard, 2), channelId: `2${shard}0000000000000001` }));
    for (const server of servers) for (const makeDue of Object.values(DUE_WORK)) await makeDue(shards[0]?.app as App, server);

    clock.set(DUE);
    for (const shard of shards) await shard.runJobs();
    // A second round (the next minute, or a restarted shard) finds nothing left to post.
    for (const shard of shards) await shard.runJobs();

    const jobs = Object.keys(DUE_WORK).length;
    shards.forEach((shard, index) => {
      const channels = shard.poster.messages.map((message) => message.channelId);
      expect(channels).toEqual(Array.from({ length: jobs }, () => servers[index]?.channelId));
    });
  });

  it('GIVEN one shard THEN it owns every server', () => {
    const owns = shardOwnership(undefined, undefined);
    expect([snowflakeForShard(0, 2), snowflakeForShard(1, 2)].every(owns)).toBe(true);
    expect(shardOwnership([0], 1)(snowflakeForShard(1, 2))).toBe(true);
  });

  it('GIVEN a guild id THEN ownership follows Discord: (guild_id >> 22) % shard count', () => {
    for (const count of [2, 3, 16]) {
      for (let shard = 0; shard < count; shard += 1) {
        const guildId = snowflakeForShard(shard, count);
        expect(Number((BigInt(guildId) >> 22n) % BigInt(count))).toBe(shard);
        expect(shardOwnership([shard], count)(guildId)).toBe(true);
        expect(shardOwnership([(shard + 1) % count], count)(guildId)).toBe(false);
      }
    }
  });
});
