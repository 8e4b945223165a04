import { DateTime, FixedOffsetZone } from 'luxon';

/**
 * Schedule maths: a local wall-clock time in an IANA zone → the UTC instant of each day's post.
 * All zone and DST handling is luxon's; this file only decides which instant counts as "the" post
 * time on days when the wall-clock time is missing (spring forward) or happens twice (fall back).
 */

export const POST_DAYS = ['daily', 'weekdays'] as const;
export type PostDays = (typeof POST_DAYS)[number];

export interface ScheduleRule {
  /** `HH:MM`, 24-hour local wall-clock time. */
  readonly time: string;
  /** An IANA zone name, e.g. `Europe/London`. */
  readonly zone: string;
  readonly days: PostDays;
}

/** One day's post: when (UTC) and which local date it belongs to (`YYYY-MM-DD`). */
export interface PlannedPost {
  readonly at: Date;
  readonly localDate: string;
}

/** `9am`, `9:30 pm`, `9.30p.m.` */
const TWELVE_HOUR = /^(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.? ?m?\.?$/;
/** `09:00`, `9.30`, `21h`, `21h30`, `21 h`, `9` */
const TWENTY_FOUR_HOUR = /^(\d{1,2})(?:(?:[:.]|h ?)(\d{2})| ?h)?$/;
/** `0900`, `900` */
const DIGITS_ONLY = /^(\d{1,2})(\d{2})$/;
const WALL_FORMAT = "yyyy-MM-dd'T'HH:mm";
// Two weeks always contains a posting day, even for weekday schedules around skipped dates.
const MAX_DAYS_AHEAD = 14;

/**
 * A time of day as members type it → `{ hour, minute }`; null when it is not one. 24-hour `09:00`,
 * `9.30`, `0900`, `21h`, `21h30` and a bare hour; 12-hour `9am`, `9:30 pm`, `9 p.m.`; `noon`, `midnight`.
 */
export function parseLocalTime(text: string): { hour: number; minute: number } | null {
  const typed = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (typed === 'noon' || typed === 'midday') return { hour: 12, minute: 0 };
  if (typed === 'midnight') return { hour: 0, minute: 0 };
  const twelveHour = TWELVE_HOUR.exec(typed);
  if (twelveHour) {
    const [hour, minute] = [Number(twelveHour[1]), Number(twelveHour[2] ?? 0)];
    if (hour < 1 || hour > 12 || minute > 59) return null;
    return { hour: (hour % 12) + (twelveHour[3] === 'p' ? 12 : 0), minute };
  }
  const twentyFourHour = TWENTY_FOUR_HOUR.exec(typed) ?? DIGITS_ONLY.exec(typed);
  if (!twentyFourHour) return null;
  const [hour, minute] = [Number(twentyFourHour[1]), Number(twentyFourHour[2] ?? 0)];
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

/** `9:05` → `09:05`; throws on an invalid time (validate with parseLocalTime first). */
export function normaliseLocalTime(text: string): string {
  const parsed = parseLocalTime(text);
  if (!parsed) throw new Error(`Not a time: ${text}`);
  return `${String(parsed.hour).padStart(2, '0')}:${String(parsed.minute).padStart(2, '0')}`;
}

/** The calendar date in `zone` at `instant`, as `YYYY-MM-DD`. */
export function localDateOf(instant: Date, zone: string): string {
  return remembered(localDates, `${instant.getTime()}|${zone}`, () => isoDate(DateTime.fromJSDate(instant, { zone })));
}

export function addDays(localDate: string, days: number): string {
  // Calendar arithmetic on a date without a zone: UTC has no DST, so a day is always a day.
  return remembered(shiftedDates, `${localDate}|${days}`, () => isoDate(DateTime.fromISO(localDate, { zone: 'utc' }).plus({ days })));
}

function isPostingDay(localDate: string, days: PostDays): boolean {
  return days === 'daily' || DateTime.fromISO(localDate, { zone: 'utc' }).weekday <= 5;
}

/**
 * The post on one local date, or null when the schedule skips that date (a weekend for `weekdays`,
 * or a date the zone skipped entirely, like Pacific/Apia on 2011-12-30).
 */
export function postOnDate(rule: ScheduleRule, localDate: string): PlannedPost | null {
  const atMs = remembered(postTimes, `${rule.days}|${rule.time}|${rule.zone}|${localDate}`, () => {
    if (!isPostingDay(localDate, rule.days)) return null;
    const at = postInstant(localDate, rule.time, rule.zone);
    return isoDate(at) === localDate ? at.toMillis() : null;
  });
  // A fresh Date each time: callers own what they get.
  return atMs === null ? null : { at: new Date(atMs), localDate };
}

/** The first post on `localDate` or later, even when its time has already passed (catch-up). */
export function firstPostOnOrAfter(rule: ScheduleRule, localDate: string): PlannedPost {
  for (let offset = 0; offset <= MAX_DAYS_AHEAD; offset += 1) {
    const post = postOnDate(rule, addDays(localDate, offset));
    if (post) return post;
  }
  throw new Error(`No post within ${MAX_DAYS_AHEAD} days of ${localDate} for ${JSON.stringify(rule)}`);
}

/** The first post strictly after `instant`, on `notBeforeDate` or later when given. */
export function nextPostAfter(rule: ScheduleRule, instant: Date, notBeforeDate?: string): PlannedPost {
  // Start a day early: around a fall-back at midnight the local date can step backwards.
  let date = addDays(localDateOf(instant, rule.zone), -1);
  if (notBeforeDate && notBeforeDate > date) date = notBeforeDate;
  for (let step = 0; step <= MAX_DAYS_AHEAD + 1; step += 1) {
    const post = firstPostOnOrAfter(rule, date);
    if (post.at.getTime() > instant.getTime()) return post;
    date = addDays(post.localDate, 1);
  }
  throw new Error(`No post after ${instant.toISOString()} for ${JSON.stringify(rule)}`);
}

/** The next `count` posts after `instant` (setup and status show three). */
export function upcomingPosts(rule: ScheduleRule, instant: Date, count: number, notBeforeDate?: string): PlannedPost[] {
  const posts: PlannedPost[] = [];
  let next = nextPostAfter(rule, instant, notBeforeDate);
  while (posts.length < count) {
    posts.push(next);
    next = firstPostOnOrAfter(rule, addDays(next.localDate, 1));
  }
  return posts;
}

/**
 * The instant of wall-clock `time` on `localDate` in `zone`:
 * - a repeated time (fall back) → its first occurrence, so the post happens once and early;
 * - a missing time (spring forward) → the first minute after the gap.
 */
function postInstant(localDate: string, time: string, zone: string): DateTime {
  const { hour, minute } = parseLocalTime(time) ?? { hour: 0, minute: 0 };
  const date = DateTime.fromISO(localDate, { zone: 'utc' });
  const wall = { year: date.year, month: date.month, day: date.day, hour, minute };
  const wanted = DateTime.fromObject(wall, { zone: 'utc' }).toFormat(WALL_FORMAT);
  const guess = DateTime.fromObject(wall, { zone });

  // The offsets in force around that day; each gives a candidate for the same wall-clock time.
  const offsets = new Set([guess.minus({ days: 1 }).offset, guess.offset, guess.plus({ days: 1 }).offset]);
  const exact = [...offsets]
    .map((offset) => DateTime.fromObject(wall, { zone: FixedOffsetZone.instance(offset) }).setZone(zone))
    .filter((candidate) => candidate.toFormat(WALL_FORMAT) === wanted)
    .sort((a, b) => a.toMillis() - b.toMillis());
  if (exact[0]) return exact[0];

  // In a gap luxon moves the time forward by the gap's length; walk back to the gap's end.
  let instant = guess;
  for (let step = 0; step < 24 * 60; step += 1) {
    const previous = instant.minus({ minutes: 1 });
    if (previous.toFormat(WALL_FORMAT) < wanted) break;
    instant = previous;
  }
  return instant;
}

/**
 * luxon's zone maths costs about a millisecond a call, and a scheduler tick asks the same questions
 * for thousands of servers (same zone, time and date; same instant): the answers are pure, so they
 * are remembered, in bounded maps emptied when full.
 */
const MEMORY_LIMIT = 10_000;
const postTimes = new Map<string, number | null>();
const localDates = new Map<string, string>();
const shiftedDates = new Map<string, string>();

function remembered<T>(memory: Map<string, T>, key: string, compute: () => T): T {
  if (memory.has(key)) return memory.get(key) as T;
  const value = compute();
  if (memory.size >= MEMORY_LIMIT) memory.clear();
  memory.set(key, value);
  return value;
}

function isoDate(dateTime: DateTime): string {
  return dateTime.toFormat('yyyy-MM-dd');
}
