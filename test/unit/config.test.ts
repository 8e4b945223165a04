import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';

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

  it('GIVEN a token without an application id THEN asks for the application id', () => {
    expect(problemsOf({ DISCORD_TOKEN: TOKEN })).toEqual([expect.stringMatching(/^DISCORD_APPLICATION_ID: required/)]);
  });

  it('GIVEN a malformed token THEN never echoes it', () => {
    const secret = 'supersecret.value';
    const problems = problemsOf({ DISCORD_TOKEN: secret, DISCORD_APPLICATION_ID: '123456789012345678' });
    expect(problems.join('\n')).not.toContain(secret);
  });
});
