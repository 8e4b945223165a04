import { describe, expect, it } from 'vitest';
import { parseScheduleTime, repeatedTimeNote } from '../../src/announcements/schedule-time.js';
import { UserError } from '../../src/core/errors.js';

const NOW = new Date('2026-03-10T08:00:00Z');

function refused(typed: string, zone: string | null = null, defaultZone = 'UTC'): UserError {
  try {
    parseScheduleTime(typed, zone, defaultZone, NOW);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`expected ${typed} to be refused`);
}

describe('parseScheduleTime: `at:` in a zone', () => {
  it('GIVEN a local time and a zone THEN it is that wall-clock time there', () => {
    expect(parseScheduleTime('2026-03-12 09:00', 'Asia/Kolkata', 'UTC', NOW)).toEqual({ at: new Date('2026-03-12T03:30:00Z'), zone: 'Asia/Kolkata', note: null });
    expect(parseScheduleTime('2026-03-12T9:05', null, 'Europe/Berlin', NOW).at).toEqual(new Date('2026-03-12T08:05:00Z'));
    expect(parseScheduleTime('  2026-3-12 09:00 ', 'utc', 'Europe/Berlin', NOW).zone).toBe('UTC');
  });

  it('GIVEN the time as members type it and the zone as a city or abbreviation THEN reads both', () => {
    expect(parseScheduleTime('2026-03-12 9am', 'IST', 'UTC', NOW).at).toEqual(new Date('2026-03-12T03:30:00Z'));
    expect(parseScheduleTime('2026-03-12 9:30 pm', 'Berlin', 'UTC', NOW).at).toEqual(new Date('2026-03-12T20:30:00Z'));
    expect(parseScheduleTime('2026-03-12 21h', 'pst', 'UTC', NOW)).toMatchObject({ at: new Date('2026-03-13T04:00:00Z'), zone: 'America/Los_Angeles' }) // PDT from 8 March;
  });

  it('GIVEN no zone THEN the default zone is used', () => {
    expect(parseScheduleTime('2026-07-01 09:00', null, 'Europe/London', NOW).at).toEqual(new Date('2026-07-01T08:00:00Z'));
  });

  it('GIVEN a time inside a spring-forward gap THEN it is refused, suggesting the time after the gap', () => {
    const error = refused('2026-03-29 01:30', 'Europe/London');
    expect(error.identifier).toBe('announce.nonexistent-time');
    expect(error.message).toContain('2026-03-29 01:30 does not exist in Europe/London');
    expect(error.message).toContain('02:30');
  });

  it('GIVEN a time that happens twice (clocks going back) THEN the first is taken and the moderator told', () => {
    const parsed = parseScheduleTime('2026-10-25 01:30', 'Europe/London', 'UTC', NOW);
    expect(parsed.at).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(parsed.note).toContain('happens twice in Europe/London');
    expect(parsed.note).toContain('first, 01:30 GMT+1 (00:30 UTC)');
    expect(repeatedTimeNote(new Date('2026-10-25T01:30:00Z'), 'Europe/London')).toContain('second');
    expect(repeatedTimeNote(new Date('2026-10-25T03:30:00Z'), 'Europe/London')).toBeNull();
  });

  it.each([
    ['tomorrow 9am', 'announce.invalid-time'],
    ['2026-02-30 09:00', 'announce.invalid-time'],
    ['2026-03-12 24:00', 'announce.invalid-time'],
    ['2026-03-10 07:59', 'announce.past-time'],
    ['2026-03-10 08:00', 'announce.past-time'],
    ['2027-03-12 09:00', 'announce.too-far'],
  ])('GIVEN `%s` THEN refuses it (%s)', (typed, identifier) => {
    expect(refused(typed).identifier).toBe(identifier);
  });

  it('GIVEN an unknown zone THEN refuses it with suggestions, and member text cannot break the code span', () => {
    const error = refused('2026-03-12 09:00', 'Europe/Londn`x');
    expect(error.identifier).toBe('announce.unknown-zone');
    expect(error.message).toContain("`Europe/Londn'x`");
    expect(error.message).toContain('Europe/London');
  });
});
