import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseProxyConfig } from '../../src/config/index.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('GIVEN an empty environment THEN applies the documented defaults and runs without a token', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      token: undefined,
      databasePath: 'data/cto-mentor.db',
      logLevel: 'info',
      healthPort: undefined,
      shardCount: 1,
      restGlobalRequestsPerSecond: 50,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('GIVEN valid values THEN parses them', () => {
    const config = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: '223456789012345678',
      DATABASE_PATH: '/tmp/x.db',
      LOG_LEVEL: 'debug',
      HEALTH_PORT: '8080',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api',
      SHARD_COUNT: 'auto',
    });
    expect(config).toMatchObject({ token: TOKEN, devGuildId: '223456789012345678', healthPort: 8080, shardCount: 'auto', logLevel: 'debug' });
  });

  it('GIVEN empty assignments (VAR=) THEN treats them as unset', () => {
    expect(parseConfig({ DISCORD_GUILD_ID: '', HEALTH_PORT: '', DISCORD_API_URL: '' }).devGuildId).toBeUndefined();
  });

  it('GIVEN several bad values THEN names every bad variable in one error', () => {
    const problems = problemsOf({
      DISCORD_TOKEN: 'not-a-token',
      DISCORD_GUILD_ID: '12',
      LOG_LEVEL: 'loud',
      HEALTH_PORT: '70000',
      DISCORD_API_URL: 'ftp://example.com',
      SHARD_COUNT: 'many',
    });
    const variables = problems.map((problem) => problem.split(':')[0]);
    expect(variables).toEqual(
      expect.arrayContaining(['DISCORD_TOKEN', 'DISCORD_GUILD_ID', 'LOG_LEVEL', 'HEALTH_PORT', 'DISCORD_API_URL', 'SHARD_COUNT', 'DISCORD_APPLICATION_ID']),
    );
    expect(problems.find((problem) => problem.startsWith('LOG_LEVEL'))).toContain('debug');
  });

  it('GIVEN no WEB_PORT THEN the community site is off; with WEB_PORT and WEB_BASE_URL THEN both are parsed, bad ones named', () => {
    expect(parseConfig({})).toMatchObject({ webPort: undefined, webBaseUrl: undefined });
    expect(parseConfig({ WEB_PORT: '8081', WEB_BASE_URL: 'https://example.org/community' })).toMatchObject({ webPort: 8081, webBaseUrl: 'https://example.org/community' });
    expect(problemsOf({ WEB_PORT: 'eighty', WEB_BASE_URL: 'javascript:alert(1)' }).map((problem) => problem.split(':')[0])).toEqual(['WEB_PORT', 'WEB_BASE_URL']);
  });

  it('GIVEN SHARD_IDS THEN this host runs those shards of SHARD_COUNT: ranges and lists, checked against the count', () => {
    expect(parseConfig({}).shardIds).toBeUndefined();
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-3' }).shardIds).toEqual([0, 1, 2, 3]);
    expect(parseConfig({ SHARD_COUNT: '8', SHARD_IDS: ' 6, 4-5,4 ' }).shardIds).toEqual([4, 5, 6]);
    expect(parseConfig({ SHARD_COUNT: '2', SHARD_IDS: '1' }).shardIds).toEqual([1]);
    expect(problemsOf({ SHARD_COUNT: '4', SHARD_IDS: '2-5' })).toEqual([expect.stringMatching(/^SHARD_IDS: shard ids run from 0 to SHARD_COUNT - 1 \(3\); got 4, 5/)]);
    expect(problemsOf({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toEqual([expect.stringMatching(/^SHARD_IDS: needs SHARD_COUNT/)]);
    expect(problemsOf({ SHARD_IDS: '0' })).toEqual([expect.stringMatching(/^SHARD_IDS: needs SHARD_COUNT/)]);
    expect(problemsOf({ SHARD_COUNT: '4', SHARD_IDS: '3-1' })).toEqual([expect.stringMatching(/^SHARD_IDS: 3-1: a range goes from the lower id/)]);
    expect(problemsOf({ SHARD_COUNT: '4', SHARD_IDS: 'first' })).toEqual([expect.stringMatching(/^SHARD_IDS: expected shard ids such as/)]);
  });

  it('GIVEN DISCORD_REST_PROXY THEN it is a flag that needs DISCORD_API_URL (the proxy)', () => {
    expect(parseConfig({}).restProxy).toBe(false);
    expect(parseConfig({ DISCORD_REST_PROXY: 'true', DISCORD_API_URL: 'http://rest-proxy:8080/api' }).restProxy).toBe(true);
    expect(problemsOf({ DISCORD_REST_PROXY: 'true' })).toEqual([expect.stringMatching(/^DISCORD_REST_PROXY: needs DISCORD_API_URL/)]);
    expect(problemsOf({ DISCORD_REST_PROXY: 'yes please' })).toEqual([expect.stringMatching(/^DISCORD_REST_PROXY: expected one of .*true, false/)]);
  });

  it('GIVEN HOST_ID THEN it names this host on its claims; unset, the machine\'s host name is used', () => {
    expect(parseConfig({}).hostId).toBeUndefined();
    expect(parseConfig({ HOST_ID: ' host-a ' }).hostId).toBe('host-a');
    expect(problemsOf({ HOST_ID: 'x'.repeat(101) }).map((problem) => problem.split(':')[0])).toEqual(['HOST_ID']);
  });

  it("GIVEN the REST proxy's environment THEN defaults to loopback:8080 relaying to discord.com, bad values named", () => {
    expect(parseProxyConfig({})).toEqual({ logLevel: 'info', port: 8080, host: '127.0.0.1', upstreamApiUrl: 'https://discord.com/api', globalRequestsPerSecond: 50 });
    expect(parseProxyConfig({ PROXY_PORT: '0', PROXY_HOST: '0.0.0.0', PROXY_UPSTREAM_API_URL: 'http://127.0.0.1:9999/api', REST_GLOBAL_REQUESTS_PER_SECOND: '20' })).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      upstreamApiUrl: 'http://127.0.0.1:9999/api',
      globalRequestsPerSecond: 20,
    });
    expect(() => parseProxyConfig({ PROXY_PORT: 'eighty', PROXY_UPSTREAM_API_URL: 'ftp://x' })).toThrow(/PROXY_PORT[\s\S]*PROXY_UPSTREAM_API_URL/);
  });

  it('GIVEN a token without an application id THEN asks for the application id', () => {
    expect(problemsOf({ DISCORD_TOKEN: TOKEN })).toEqual([expect.stringMatching(/^DISCORD_APPLICATION_ID: required/)]);
  });

  it('GIVEN a malformed token THEN never echoes it', () => {
    const secret = 'supersecret.value';
    const problems = problemsOf({ DISCORD_TOKEN: secret, DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(problems.join('\n')).not.toContain(secret);
  });
});
