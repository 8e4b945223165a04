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

// Tuesday 10 March 2026, 08:00 UTC.
const START = '2026-03-10T08:00:00Z';
const MODERATOR = '310000000000000001';
const MEMBER = '310000000000000002';

interface Server {
  readonly guildId: string;
  readonly channelId: string;
}

/**
 * How to make each background job's work due in one server, and when it is due. Every job in
 * createApp must be here: a job that forgets `ownsGuild` would post every server from every shard.
 */
const DUE_WORK: Record<string, { readonly dueAt: string; seed(app: App, server: Server): Promise<unknown> | unknown }> = {
  tips: {
    dueAt: '2026-03-10T09:00:00Z',
    seed: (app, { guildId, channelId }) => app.context.tips.setup({ guildId, channelId, time: '09:00', timeZone: 'UTC', days: 'daily', actorId: MODERATOR }),
  },
  announcements: {
    dueAt: '2026-03-10T09:00:00Z',
    seed: (app, { guildId, channelId }) =>
      submitAnnouncement(app.context.announcements, { guildId, channelId, authorId: MODERATOR, at: '2026-03-10 09:00', timeZone: 'UTC' }),
  },
  // The weekly digest (Mondays at the tips time) of a server with an unanswered question.
  qa: {
    dueAt: '2026-03-16T09:00:00Z',
    async seed(app, { guildId, channelId }) {
      await app.context.qa.settings.setup(guildId, { userId: MODERATOR, moderator: true }, { channel: { id: channelId, kind: 'text' }, digestChannelId: channelId });
      await app.context.qa.asking.ask({ guildId, userId: MEMBER, text: 'How do you run a good incident review?', anonymous: false, target: { channelId, kind: 'text' } });
    },
  },
};

function shardApp(db: Db, clock: ManualClock, shardId: number, shardCount: number) {
  const poster = new FakePoster();
  /** Posts each job reported as made, by feature. */
  const posted = new Map<string, number>();
  const app = createApp({
    config: parseConfig({}),
    db,
    clock,
    logger: silentLogger,
    poster,
    registry: new CommandRegistry([]),
    ownsGuild: shardOwnership([shardId], shardCount),
    observePosts: (feature, counts) => posted.set(feature, (posted.get(feature) ?? 0) + counts.posted),
  });
  const runJobs = async () => {
    for (const job of app.jobs) await job.tick();
  };
  return { app, poster, posted, runJobs };
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
    const servers: Server[] = [0, 1].map((shard) => ({ guildId: snowflakeForShard(shard, 2), channelId: `2${shard}0000000000000001` }));
    // Each server is set up through its own shard, as its interactions would be.
    for (const [index, server] of servers.entries()) for (const work of Object.values(DUE_WORK)) await work.seed(shards[index]?.app as App, server);
    const seeded = shards.map((shard) => shard.poster.messages.length);

    for (const dueAt of [...new Set(Object.values(DUE_WORK).map((work) => work.dueAt))].sort()) {
      clock.set(dueAt);
      for (const shard of shards) await shard.runJobs();
      // A second round (the next minute, or a restarted shard) finds nothing left to post.
      for (const shard of shards) await shard.runJobs();
    }

    const scheduled = shards.map((shard, index) => shard.poster.messages.slice(seeded[index]));
    scheduled.forEach((messages, index) => {
      // Every job really had work in this shard's server, and did it.
      const features = [...(shards[index]?.posted ?? new Map<string, number>())].filter(([, count]) => count > 0);
      expect(features).toHaveLength(Object.keys(DUE_WORK).length);
      expect(new Set(messages.map((message) => message.channelId))).toEqual(new Set([servers[index]?.channelId]));
    });
    // Every scheduled post carries its claim's nonce: the same nonce twice would be the same post twice.
    const nonces = scheduled.flat().map((message) => message.message.nonce);
    expect(nonces.every((nonce) => nonce !== undefined)).toBe(true);
    expect(new Set(nonces).size).toBe(nonces.length);
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
