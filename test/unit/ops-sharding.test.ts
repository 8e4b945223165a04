import { afterEach, describe, expect, it } from 'vitest';
import { planShards, processRestBudget, restShare, shardAssignment, spawnDelay, spawnDelayFor } from '../../src/app/sharding.js';
import { LocalDiscord, type LocalDiscordOptions } from '../../src/local-discord/index.js';

describe('planShards (GET /gateway/bot on the configured API)', () => {
  let discord: LocalDiscord | undefined;
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });

  const plan = async (options: LocalDiscordOptions, shardCount: number | 'auto', shardIds?: readonly number[]) => {
    discord = await LocalDiscord.start({ port: 0, ...options });
    return planShards({ token: discord.token, discordApiUrl: discord.apiUrl, shardCount, shardIds });
  };

  it("GIVEN SHARD_COUNT=auto THEN uses Discord's recommended count", async () => {
    expect(await plan({ recommendedShards: 3, maxConcurrency: 4 }, 'auto')).toEqual({ count: 3, ids: [0, 1, 2], maxConcurrency: 4, spawnDelayMs: 0 });
  });

  it('GIVEN an explicit count and max_concurrency 1 THEN shards start 5.5 s apart, as Discord requires', async () => {
    expect(await plan({ recommendedShards: 1, maxConcurrency: 1 }, 4)).toEqual({ count: 4, ids: [0, 1, 2, 3], maxConcurrency: 1, spawnDelayMs: 5_500 });
  });

  it('GIVEN SHARD_IDS THEN this host plans only its own shards of the count, and needs sessions only for those', async () => {
    expect(await plan({ maxConcurrency: 1, sessionStartLimit: 2 }, 4, [2, 3])).toEqual({ count: 4, ids: [2, 3], maxConcurrency: 1, spawnDelayMs: 5_500 });
  });

  it('GIVEN fewer session starts left today than shards THEN refuses to start rather than be locked out half-way', async () => {
    await expect(plan({ sessionStartLimit: 1 }, 2)).rejects.toThrow(/allows 1 more gateway sessions today, fewer than the 2 shards/);
  });
});

describe('spawnDelay', () => {
  it('GIVEN max_concurrency M THEN shards i and i + M (same identify bucket) start at least 5.5 s apart', () => {
    expect(spawnDelay(2, 2)).toBe(0);
    expect(spawnDelay(16, 16)).toBe(0);
    expect(spawnDelay(2, 1)).toBe(5_500);
    expect(spawnDelay(32, 16)).toBe(344);
    expect(spawnDelay(32, 16) * 16).toBeGreaterThanOrEqual(5_500);
  });
});

describe('spawnDelayFor (the shards of one host)', () => {
  it('GIVEN shards in distinct identify buckets THEN no pause; sharing one THEN 5.5 s between them', () => {
    expect(spawnDelayFor([2, 3], 2)).toBe(0);
    expect(spawnDelayFor([1, 3], 2)).toBe(5_500);
    expect(spawnDelayFor([4, 5, 6, 7, 8, 9], 4)).toBe(1_375);
    expect(spawnDelayFor([5], 1)).toBe(0);
  });
});

describe('shardAssignment', () => {
  it('GIVEN the environment a ShardingManager gives its processes THEN reads the shard ids and count', () => {
    expect(shardAssignment({ SHARDS: '1', SHARD_COUNT: '4' })).toEqual({ ids: [1], count: 4 });
    expect(shardAssignment({ SHARDS: '[0,2]', SHARD_COUNT: '4' })).toEqual({ ids: [0, 2], count: 4 });
    expect(() => shardAssignment({ SHARD_COUNT: '4' })).toThrow();
    expect(() => shardAssignment({ SHARDS: '-1', SHARD_COUNT: '4' })).toThrow();
  });
});

describe('restShare', () => {
  it("GIVEN Discord's global limit per bot THEN each shard process gets its share, never zero", () => {
    expect(restShare(50, { ids: [0], count: 1 })).toBe(50);
    expect(restShare(50, { ids: [1], count: 2 })).toBe(25);
    expect(restShare(50, { ids: [0, 1], count: 4 })).toBe(25);
    expect(restShare(50, { ids: [3], count: 64 })).toBe(1);
  });

  it('GIVEN the shared REST proxy THEN each process may use the whole limit (the proxy holds all of them to it)', () => {
    expect(processRestBudget({ restGlobalRequestsPerSecond: 50, restProxy: true }, { ids: [1], count: 2 })).toBe(50);
    expect(processRestBudget({ restGlobalRequestsPerSecond: 50, restProxy: false }, { ids: [1], count: 2 })).toBe(25);
  });
});
