import { describe, expect, it } from 'vitest';
import { AllowedMentionsTypes, ChannelType, OverwriteType, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { DiscordError } from '../../src/local-discord/errors.js';
import { computePinged } from '../../src/local-discord/mentions.js';
import { ALL_PERMISSIONS, channelPermissions } from '../../src/local-discord/permissions.js';
import { RateLimiter, DEFAULT_RATE_LIMITS } from '../../src/local-discord/rate-limits.js';
import { nextSnowflake, shardForGuild, snowflakeForShard } from '../../src/local-discord/snowflake.js';
import type { ChannelRecord, GuildRecord } from '../../src/local-discord/state/records.js';
import { validateModal } from '../../src/local-discord/validation/callback.js';
import { validateMessageBody } from '../../src/local-discord/validation/message.js';

const GUILD = '1000000000000000000';
const MOD = '1000000000000000001';
const USER = '1000000000000000002';

function guild(overrides: Partial<GuildRecord> = {}): GuildRecord {
  return {
    id: GUILD,
    name: 'g',
    ownerId: '1000000000000000099',
    locale: 'en-US',
    features: [],
    createdAt: 0,
    joinedAt: '',
    roles: new Map([
      [GUILD, { id: GUILD, guildId: GUILD, name: '@everyone', permissions: P.ViewChannel | P.SendMessages, position: 0, color: 0, hoist: false, mentionable: false, managed: false }],
      [MOD, { id: MOD, guildId: GUILD, name: 'Mods', permissions: P.ManageMessages, position: 1, color: 0, hoist: false, mentionable: true, managed: false }],
    ]),
    channelIds: new Set(),
    members: new Map([[USER, { userId: USER, roles: [MOD], nick: null, joinedAt: '' }]]),
    botPresent: true,
    ...overrides,
  };
}

function channel(overwrites: ChannelRecord['overwrites'], extra: Partial<ChannelRecord> = {}): ChannelRecord {
  return { id: '1000000000000000010', type: ChannelType.GuildText, guildId: GUILD, name: 'c', parentId: null, position: 0, topic: null, nsfw: false, overwrites, lastMessageId: null, recipientId: null, thread: null, flags: 0, availableTags: [], deleted: false, messages: new Map(), ...extra };
}

function errorsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DiscordError);
    return (error as DiscordError).toJSON();
  }
  throw new Error('expected a Discord error');
}

describe('permissions', () => {
  it('applies @everyone, then role overwrites combined, then the member overwrite', () => {
    const g = guild();
    const c = channel([
      { id: GUILD, type: OverwriteType.Role, allow: '0', deny: String(P.SendMessages) },
      { id: MOD, type: OverwriteType.Role, allow: String(P.SendMessages), deny: '0' },
      { id: USER, type: OverwriteType.Member, allow: '0', deny: String(P.ManageMessages) },
    ]);
    const perms = channelPermissions(g, c, USER, () => undefined);
    expect(perms & P.SendMessages).toBe(P.SendMessages);
    expect(perms & P.ManageMessages).toBe(0n);
  });

  it('owner and Administrator get everything; no ViewChannel means nothing; threads use the parent', () => {
    const g = guild();
    expect(channelPermissions(g, channel([]), g.ownerId, () => undefined)).toBe(ALL_PERMISSIONS);
    const hidden = channel([{ id: GUILD, type: OverwriteType.Role, allow: '0', deny: String(P.ViewChannel) }]);
    expect(channelPermissions(g, hidden, USER, () => undefined)).toBe(0n);
    const thread = channel([], { id: '1000000000000000011', type: ChannelType.PublicThread, parentId: hidden.id, thread: { ownerId: USER, archived: false, locked: false, invitable: true, autoArchiveDuration: 60, createdAt: '', archiveTimestamp: '', lastActivityAt: 0, appliedTags: [], messageCount: 0, totalMessageSent: 0, memberIds: new Set() } });
    expect(channelPermissions(g, thread, USER, (id) => (id === hidden.id ? hidden : undefined))).toBe(0n);
    g.roles.set(MOD, { ...(g.roles.get(MOD) as NonNullable<ReturnType<typeof g.roles.get>>), permissions: P.Administrator });
    expect(channelPermissions(g, hidden, USER, () => undefined)).toBe(ALL_PERMISSIONS);
  });

  it('without SendMessages, MentionEveryone/AttachFiles/EmbedLinks are implicitly denied', () => {
    const g = guild();
    g.roles.set(GUILD, { ...(g.roles.get(GUILD) as NonNullable<ReturnType<typeof g.roles.get>>), permissions: P.ViewChannel | P.MentionEveryone | P.EmbedLinks });
    const perms = channelPermissions(g, channel([]), USER, () => undefined);
    expect(perms & (P.MentionEveryone | P.EmbedLinks)).toBe(0n);
  });
});

describe('mentions', () => {
  const base = { guild: guild(), canMentionEveryone: false, repliedUserId: null, userExists: () => true };
  it('parses users, mentionable roles and @here by default, and honours explicit lists', () => {
    expect(computePinged({ ...base, content: `@here <@&${MOD}> <@!${USER}>`, allowedMentions: undefined })).toEqual({ everyone: false, roles: [MOD], users: [USER] });
    expect(computePinged({ ...base, canMentionEveryone: true, content: '@here', allowedMentions: { parse: [AllowedMentionsTypes.Everyone] } }).everyone).toBe(true);
    expect(computePinged({ ...base, content: `<@${USER}>`, allowedMentions: { users: [] } }).users).toEqual([]);
    expect(computePinged({ ...base, content: 'reply', allowedMentions: { parse: [] }, repliedUserId: USER }).users).toEqual([]);
    expect(computePinged({ ...base, content: 'reply', allowedMentions: undefined, repliedUserId: USER }).users).toEqual([USER]);
  });
});

describe('message and modal rules', () => {
  it('components: ≤ 5 rows, select alone in its row, unique custom ids, link buttons need a url', () => {
    const button = (id: string) => ({ type: 2, style: 1, label: 'b', custom_id: id });
    const tooMany = errorsOf(() => validateMessageBody({ components: Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [button(`b${i}`)] })) }, { mode: 'create', fileCount: 0 }));
    expect(tooMany).toMatchObject({ code: 50035, errors: { components: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } });
    const layout = errorsOf(() =>
      validateMessageBody({ components: [{ type: 1, components: [button('a'), { type: 3, custom_id: 's', options: [{ label: 'x', value: 'x' }] }] }] }, { mode: 'create', fileCount: 0 }),
    );
    expect(JSON.stringify(layout)).toContain('COMPONENT_LAYOUT_WIDTH_EXCEEDED');
    const duplicate = errorsOf(() => validateMessageBody({ components: [{ type: 1, components: [button('a'), button('a')] }] }, { mode: 'create', fileCount: 0 }));
    expect(JSON.stringify(duplicate)).toContain('COMPONENT_CUSTOM_ID_DUPLICATED');
    const link = errorsOf(() => validateMessageBody({ components: [{ type: 1, components: [{ type: 2, style: 5, label: 'l', custom_id: 'x' }] }] }, { mode: 'create', fileCount: 0 }));
    expect(link).toMatchObject({ errors: { components: { '0': { components: { '0': { url: { _errors: [{ code: 'BASE_TYPE_REQUIRED' }] } } } } } } });
    expect(errorsOf(() => validateMessageBody({ content: 'x'.repeat(2_001) }, { mode: 'create', fileCount: 0 }))).toMatchObject({
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } },
    });
    expect(errorsOf(() => validateMessageBody({ content: 'x', allowed_mentions: { parse: ['users'], users: [USER] } }, { mode: 'create', fileCount: 0 }))).toMatchObject({ code: 50035 });
  });

  it('modals: title ≤ 45, 1–5 components, text input style and length', () => {
    expect(errorsOf(() => validateModal({ custom_id: 'm', title: 't'.repeat(46), components: [] }))).toMatchObject({
      errors: { data: { title: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] }, components: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } },
    });
    const bad = errorsOf(() => validateModal({ custom_id: 'm', title: 'ok', components: [{ type: 18, label: 'L', component: { type: 4, custom_id: 'a', style: 3, max_length: 5_000 } }] }));
    expect(JSON.stringify(bad)).toContain('"style"');
    expect(JSON.stringify(bad)).toContain('"max_length"');
  });
});

describe('rate limiter and snowflakes', () => {
  it('counts per route + major parameter and resets with the window', () => {
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, routes: { 'POST /x': { limit: 2, windowMs: 1_000 } } });
    const check = (major: string, now: number) => limiter.check('POST /x', major, { globalExempt: true, routeLimited: true }, now);
    expect(check('a', 0).violation).toBeUndefined();
    expect(check('a', 10).headers['X-RateLimit-Remaining']).toBe('0');
    expect(check('a', 20).violation?.kind).toBe('route');
    expect(check('b', 20).violation).toBeUndefined();
    expect(check('a', 1_000).violation).toBeUndefined();
  });

  it('GIVEN a client that opens each global window at the edge of the grace THEN it is refused; GIVEN one whose 1 s windows arrive late by up to the grace THEN it never is', () => {
    const globalCheck = (limiter: RateLimiter, now: number) => limiter.check('GET /y', '', { globalExempt: false, routeLimited: false }, now);
    const burst = (limiter: RateLimiter, at: number) => Array.from({ length: 50 }, () => globalCheck(limiter, at)).filter((verdict) => verdict.violation).length;
    // 50 requests every 950 ms would be 52.6/s: windows may open early, but never closer than 1 s apart.
    const edgy = new RateLimiter(DEFAULT_RATE_LIMITS);
    const refused = Array.from({ length: 20 }, (_, window) => burst(edgy, window * 950)).reduce((sum, count) => sum + count, 0);
    expect(refused).toBeGreaterThan(0);
    // discord.js's windows are 1 s apart by its clock; each burst reaches Discord up to 50 ms (the grace) later or earlier.
    const honest = new RateLimiter(DEFAULT_RATE_LIMITS);
    const lateness = [0, 50, 0, 30, 50, 0, 10, 50, 0, 0];
    expect(lateness.map((late, window) => burst(honest, window * 1_000 + late))).toEqual(lateness.map(() => 0));
  });

  it('places guild ids on the requested shard', () => {
    for (const shard of [0, 1, 2]) expect(shardForGuild(snowflakeForShard(shard, 3), 3)).toBe(shard);
    const a = nextSnowflake();
    const b = nextSnowflake();
    expect(BigInt(b) > BigInt(a)).toBe(true);
  });
});
