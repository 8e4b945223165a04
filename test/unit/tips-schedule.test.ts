import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  firstPostOnOrAfter,
  localDateOf,
  nextPostAfter,
  normaliseLocalTime,
  parseLocalTime,
  postOnDate,
  upcomingPosts,
  type ScheduleRule,
} from '../../src/scheduling/time/schedule.js';
import { resolveTimeZone, searchTimeZones } from '../../src/scheduling/time/time-zones.js';

const daily = (zone: string, time: string): ScheduleRule => ({ zone, time, days: 'daily' });
const utc = (rule: ScheduleRule, date: string) => postOnDate(rule, date)?.at.toISOString();

/** Both DST transition days of 2025 (or a plain day for zones without DST). */
const TRANSITION_DAYS: readonly { zone: string; date: string; kind: string }[] = [
  { zone: 'Europe/London', date: '2025-03-30', kind: 'spring forward 01:00→02:00' },
  { zone: 'Europe/London', date: '2025-10-26', kind: 'fall back 02:00→01:00' },
  { zone: 'America/New_York', date: '2025-03-09', kind: 'spring forward 02:00→03:00' },
  { zone: 'America/New_York', date: '2025-11-02', kind: 'fall back 02:00→01:00' },
  { zone: 'Asia/Kolkata', date: '2025-03-30', kind: 'no DST, +05:30' },
  { zone: 'Australia/Lord_Howe', date: '2025-10-05', kind: 'spring forward 02:00→02:30' },
  { zone: 'Australia/Lord_Howe', date: '2025-04-06', kind: 'fall back 02:00→01:30' },
  { zone: 'Pacific/Chatham', date: '2025-09-28', kind: 'spring forward 02:45→03:45' },
  { zone: 'Pacific/Chatham', date: '2025-04-06', kind: 'fall back 03:45→02:45' },
];

/**
 * The brute-force answer: every UTC minute around the date with its local wall-clock time; the
 * post is the earliest minute showing the wanted time, or in a gap the earliest minute after it.
 */
function oracle(zone: string, date: string) {
  const start = DateTime.fromISO(`${addDays(date, -1)}T00:00:00Z`, { zone: 'utc' });
  const minutes = Array.from({ length: 3 * 24 * 60 }, (_, index) => {
    const instant = start.plus({ minutes: index });
    return { instant, wall: instant.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm") };
  });
  return (time: string): string => {
    const wanted = `${date}T${time}`;
    const exact = minutes.find((minute) => minute.wall === wanted);
    const after = minutes.find((minute) => minute.wall > wanted);
    return (exact ?? after)?.instant.toJSDate().toISOString() ?? 'none';
  };
}

const everyMinuteOfTheDay = Array.from({ length: 24 * 60 }, (_, minute) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
);

describe('parseLocalTime', () => {
  it('GIVEN 24-hour times THEN parses them, with or without a leading zero', () => {
    expect(parseLocalTime('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseLocalTime('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    expect(normaliseLocalTime('7:30')).toBe('07:30');
  });

  it.each([
    ['9am', '09:00'],
    ['9 AM', '09:00'],
    ['9:30 pm', '21:30'],
    ['9.30p.m.', '21:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12:15 am', '00:15'],
    ['21h', '21:00'],
    ['21h30', '21:30'],
    ['0900', '09:00'],
    ['930', '09:30'],
    ['9', '09:00'],
    ['9.05', '09:05'],
    ['noon', '12:00'],
    ['midnight', '00:00'],
  ])('GIVEN %s as members type times THEN it is %s', (typed, time) => {
    expect(normaliseLocalTime(typed)).toBe(time);
  });

  it('GIVEN impossible times THEN refuses them', () => {
    for (const bad of ['25:00', '24:00', '12:60', '13pm', '0am', '2460', '09:00:00', '', ' : ', 'soon', '9 o clock']) {
      expect(parseLocalTime(bad), bad).toBeNull();
    }
  });
});

describe('postOnDate', () => {
  it('GIVEN ordinary days THEN the post is at the local time in each zone', () => {
    expect(utc(daily('Europe/London', '09:00'), '2025-01-15')).toBe('2025-01-15T09:00:00.000Z');
    expect(utc(daily('Europe/London', '09:00'), '2025-07-15')).toBe('2025-07-15T08:00:00.000Z');
    expect(utc(daily('America/New_York', '09:00'), '2025-07-15')).toBe('2025-07-15T13:00:00.000Z');
    expect(utc(daily('Asia/Kolkata', '09:00'), '2025-07-15')).toBe('2025-07-15T03:30:00.000Z');
    expect(utc(daily('Asia/Kolkata', '00:15'), '2025-07-15')).toBe('2025-07-14T18:45:00.000Z');
    expect(utc(daily('Australia/Lord_Howe', '09:00'), '2025-07-15')).toBe('2025-07-14T22:30:00.000Z');
    expect(utc(daily('Pacific/Chatham', '09:00'), '2025-07-15')).toBe('2025-07-14T20:15:00.000Z');
  });

  it('GIVEN a time inside a spring-forward gap THEN posts at the first minute after the gap', () => {
    expect(utc(daily('Europe/London', '01:30'), '2025-03-30')).toBe('2025-03-30T01:00:00.000Z'); // 02:00 BST
    expect(utc(daily('America/New_York', '02:30'), '2025-03-09')).toBe('2025-03-09T07:00:00.000Z'); // 03:00 EDT
    expect(utc(daily('Australia/Lord_Howe', '02:15'), '2025-10-05')).toBe('2025-10-04T15:30:00.000Z'); // 02:30 +11
    expect(utc(daily('Pacific/Chatham', '03:00'), '2025-09-28')).toBe('2025-09-27T14:00:00.000Z'); // 03:45 +13:45
  });

  it('GIVEN a time in the repeated hour of a fall-back THEN posts once, at its first occurrence', () => {
    expect(utc(daily('Europe/London', '01:30'), '2025-10-26')).toBe('2025-10-26T00:30:00.000Z'); // BST
    expect(utc(daily('America/New_York', '01:30'), '2025-11-02')).toBe('2025-11-02T05:30:00.000Z'); // EDT
    expect(utc(daily('Australia/Lord_Howe', '01:45'), '2025-04-06')).toBe('2025-04-05T14:45:00.000Z'); // +11
    expect(utc(daily('Pacific/Chatham', '03:00'), '2025-04-06')).toBe('2025-04-05T13:15:00.000Z'); // +13:45
  });

  for (const { zone, date, kind } of TRANSITION_DAYS) {
    it(`GIVEN every minute of ${date} in ${zone} (${kind}) THEN matches the brute-force answer and stays on that date`, () => {
      const expected = oracle(zone, date);
      for (const time of everyMinuteOfTheDay) {
        const post = postOnDate(daily(zone, time), date);
        expect(post?.at.toISOString(), `${zone} ${date} ${time}`).toBe(expected(time));
        expect(post && localDateOf(post.at, zone)).toBe(date);
      }
    });
  }

  it('GIVEN a date the zone skipped entirely (Samoa, 2011-12-30) THEN there is no post that date', () => {
    expect(postOnDate(daily('Pacific/Apia', '09:00'), '2011-12-30')).toBeNull();
    expect(firstPostOnOrAfter(daily('Pacific/Apia', '09:00'), '2011-12-30').localDate).toBe('2011-12-31');
  });

  it('GIVEN a weekday schedule THEN Saturday and Sunday have no post', () => {
    const rule: ScheduleRule = { zone: 'Europe/London', time: '09:00', days: 'weekdays' };
    expect(postOnDate(rule, '2025-03-07')).not.toBeNull(); // Friday
    expect(postOnDate(rule, '2025-03-08')).toBeNull();
    expect(postOnDate(rule, '2025-03-09')).toBeNull();
    expect(firstPostOnOrAfter(rule, '2025-03-08').localDate).toBe('2025-03-10');
  });
});

describe('remembered answers', () => {
  it('GIVEN the same post asked for twice THEN the same instant, each caller with a Date of its own', () => {
    const rule = daily('Europe/Berlin', '09:00');
    const first = postOnDate(rule, '2025-07-15');
    first?.at.setUTCFullYear(1999);
    expect(postOnDate(rule, '2025-07-15')?.at.toISOString()).toBe('2025-07-15T07:00:00.000Z');
    expect(postOnDate({ ...rule, zone: 'Europe/London' }, '2025-07-15')?.at.toISOString()).toBe('2025-07-15T08:00:00.000Z');
    expect(postOnDate({ ...rule, days: 'weekdays' }, '2025-07-19')).toBeNull();
  });
});

describe('nextPostAfter', () => {
  it('GIVEN a moment before today\'s time THEN the next post is today; after it, tomorrow', () => {
    const rule = daily('Europe/London', '09:00');
    expect(nextPostAfter(rule, new Date('2025-07-15T07:59:00Z'))).toEqual({ at: new Date('2025-07-15T08:00:00Z'), localDate: '2025-07-15' });
    expect(nextPostAfter(rule, new Date('2025-07-15T08:00:00Z')).localDate).toBe('2025-07-16');
  });

  it('GIVEN a zone ahead of UTC THEN uses the local date, not the UTC date', () => {
    // 20:00 UTC on the 14th is already 08:45 on the 15th in Chatham (+12:45).
    const next = nextPostAfter(daily('Pacific/Chatham', '09:00'), new Date('2025-07-14T20:00:00Z'));
    expect(next).toEqual({ at: new Date('2025-07-14T20:15:00Z'), localDate: '2025-07-15' });
  });

  it('GIVEN a date not before which to post THEN skips earlier dates (today already posted)', () => {
    const rule = daily('Europe/London', '18:00');
    expect(nextPostAfter(rule, new Date('2025-07-15T09:00:00Z'), '2025-07-16').localDate).toBe('2025-07-16');
  });

  it('GIVEN a Friday evening and a weekday schedule THEN the next post is Monday', () => {
    const rule: ScheduleRule = { zone: 'America/New_York', time: '08:30', days: 'weekdays' };
    expect(nextPostAfter(rule, new Date('2025-03-07T23:00:00Z'))).toEqual({ at: new Date('2025-03-10T12:30:00Z'), localDate: '2025-03-10' });
  });

  it('GIVEN a schedule across a DST change THEN the next three posts keep the local time', () => {
    const posts = upcomingPosts(daily('America/New_York', '09:00'), new Date('2025-03-08T12:00:00Z'), 3);
    expect(posts.map((post) => post.at.toISOString())).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z', '2025-03-10T13:00:00.000Z']);
  });
});

describe('time zones', () => {
  it('GIVEN exact, differently cased and current names THEN resolves them', () => {
    expect(resolveTimeZone('Europe/London')).toEqual({ zone: 'Europe/London' });
    expect(resolveTimeZone('europe/london')).toEqual({ zone: 'Europe/London' });
    expect(resolveTimeZone('Asia/Kolkata')).toEqual({ zone: 'Asia/Kolkata' });
    expect(resolveTimeZone('America/New York')).toEqual({ zone: 'America/New_York' });
    expect(resolveTimeZone('UTC')).toEqual({ zone: 'UTC' });
  });

  it('GIVEN a typo THEN refuses it with the likely zones as suggestions', () => {
    const typo = resolveTimeZone('Europe/Londn');
    expect(typo.zone).toBeNull();
    expect('suggestions' in typo && typo.suggestions[0]).toBe('Europe/London');
    expect(resolveTimeZone('Mars/Olympus').zone).toBeNull();
  });

  // What members type for a zone: abbreviations, countries, cities (big ones by population), nicknames.
  it.each([
    ['PST', 'America/Los_Angeles'],
    ['pdt', 'America/Los_Angeles'],
    ['PT', 'America/Los_Angeles'],
    ['Pacific Time', 'America/Los_Angeles'],
    ['EST', 'America/New_York'],
    ['ET', 'America/New_York'],
    ['EDT', 'America/New_York'],
    ['CST', 'America/Chicago'],
    ['MST', 'America/Denver'],
    ['HST', 'Pacific/Honolulu'],
    ['GMT', 'Europe/London'],
    ['BST', 'Europe/London'],
    ['CET', 'Europe/Berlin'],
    ['CEST', 'Europe/Berlin'],
    ['EET', 'Europe/Athens'],
    ['IST', 'Asia/Kolkata'],
    ['JST', 'Asia/Tokyo'],
    ['KST', 'Asia/Seoul'],
    ['SGT', 'Asia/Singapore'],
    ['AEST', 'Australia/Sydney'],
    ['NZST', 'Pacific/Auckland'],
    ['MSK', 'Europe/Moscow'],
    ['india', 'Asia/Kolkata'],
    ['india?', 'Asia/Kolkata'],
    ['Germany', 'Europe/Berlin'],
    ['France', 'Europe/Paris'],
    ['Japan', 'Asia/Tokyo'],
    ['UK', 'Europe/London'],
    ['Brazil', 'America/Sao_Paulo'],
    ['New Zealand', 'Pacific/Auckland'],
    ['Nigeria', 'Africa/Lagos'],
    ['London', 'Europe/London'],
    ['Mumbai', 'Asia/Kolkata'],
    ['Bangalore', 'Asia/Kolkata'],
    ['San Francisco', 'America/Los_Angeles'],
    ['Seattle', 'America/Los_Angeles'],
    ['NYC', 'America/New_York'],
    ['Boston', 'America/New_York'],
    ['Austin', 'America/Chicago'],
    ['Toronto', 'America/Toronto'],
    ['São Paulo', 'America/Sao_Paulo'],
    ['sao paulo', 'America/Sao_Paulo'],
    ['Munich', 'Europe/Berlin'],
    ['Kiev', 'Europe/Kyiv'],
    ['Sydney', 'Australia/Sydney'],
    ['Beijing', 'Asia/Shanghai'],
    ['Tel Aviv', 'Asia/Jerusalem'],
    ['Dubai', 'Asia/Dubai'],
    ['Lagos', 'Africa/Lagos'],
    ['Mexico City', 'America/Mexico_City'],
  ])('GIVEN %s THEN resolves to %s', (typed, zone) => {
    expect(resolveTimeZone(typed)).toEqual({ zone });
  });

  it.each([
    ['pst', 'America/Los_Angeles'],
    ['est', 'America/New_York'],
    ['cet', 'Europe/Berlin'],
    ['india', 'Asia/Kolkata'],
    ['united states', 'America/New_York'],
  ])('GIVEN %s in autocomplete THEN %s comes first', (typed, zone) => {
    expect(searchTimeZones(typed)[0]).toBe(zone);
  });

  it('GIVEN a country with several zones THEN asks which, most populous first', () => {
    const lookup = resolveTimeZone('United States');
    expect(lookup.zone).toBeNull();
    expect('suggestions' in lookup && lookup.suggestions.slice(0, 3)).toEqual(['America/New_York', 'America/Chicago', 'America/Los_Angeles']);
  });

  it('GIVEN a partial name THEN autocomplete offers matching zones, at most 25', () => {
    expect(searchTimeZones('kolk')).toEqual(['Asia/Kolkata']);
    expect(searchTimeZones('new y')).toContain('America/New_York');
    expect(searchTimeZones('america').length).toBeLessThanOrEqual(25);
    expect(searchTimeZones('')).toContain('UTC');
  });
});
