import { Collection, GuildBanManager, LimitedCollection, PermissionOverwriteManager, RoleManager, type CacheFactory } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { makeLimitedCache } from '../../src/discord/client.js';

/** What discord.js's CachedManager passes: the manager's class (twice, unless overridden) and what it holds. */
const cacheOf = (factory: CacheFactory, manager: { name: string }) => factory(manager as never, {} as never, manager as never);

describe('makeLimitedCache', () => {
  const factory = makeLimitedCache({ GuildBanManager: 0, GuildMemberManager: { maxSize: 0, keepOverLimit: () => true } }, ['GuildSoundboardSoundManager']);

  it('GIVEN managers limited to zero THEN they share one collection that stays empty', () => {
    const bans = cacheOf(factory, GuildBanManager);
    const sounds = cacheOf(factory, { name: 'GuildSoundboardSoundManager' });
    expect(bans).toBe(sounds);
    expect(bans).toBeInstanceOf(LimitedCollection);
    bans.set('1', {} as never);
    expect(bans.size).toBe(0);
  });

  it('GIVEN managers without a limit, or with one that keeps some entries THEN each gets its own collection', () => {
    expect(cacheOf(factory, RoleManager)).not.toBe(cacheOf(factory, RoleManager));
    expect(cacheOf(factory, PermissionOverwriteManager)).toBeInstanceOf(Collection);
    const members = cacheOf(factory, { name: 'GuildMemberManager' });
    members.set('bot', {} as never);
    expect(members.size).toBe(1);
    expect(cacheOf(factory, { name: 'GuildMemberManager' }).size).toBe(0);
  });
});
