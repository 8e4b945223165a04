import { DateTime } from 'luxon';
import { DAY_MS } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import { parseLocalTime } from '../scheduling/time/schedule.js';
import { resolveTimeZone } from '../scheduling/time/time-zones.js';
import { truncate } from '../discord/text.js';

/** `at:` of `/announce schedule` and `/announce edit`: a local date and time in a zone → one instant. */

interface ScheduleTime {
  readonly at: Date;
  readonly zone: string;
  /** Set when the typed time needed interpreting (a time that happens twice), to tell the moderator. */
  readonly note: string | null;
}

/** A date, then a time of day in any form the daily tips accept (`09:00`, `9am`, `21h`). */
const AT_PATTERN = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T| +)(.+)$/;
const WALL_FORMAT = 'yyyy-MM-dd HH:mm';
/** Further ahead than this is more likely a typo in the year than a plan. */
const MAX_AHEAD_MS = 366 * DAY_MS;

export function parseScheduleTime(typed: string, zoneTyped: string | null, defaultZone: string, now: Date): ScheduleTime {
  const zone = zoneOf(zoneTyped ?? defaultZone);
  const match = AT_PATTERN.exec(typed.trim());
  const time = match ? parseLocalTime(match[4] ?? '') : null;
  if (!match || !time) {
    throw new UserError('announce.invalid-time', `\`${quoted(typed)}\` is not a date and time. Use \`YYYY-MM-DD HH:MM\`, for example \`2026-03-12 09:00\` or \`2026-03-12 9am\`.`);
  }
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const wall = { year, month, day, hour: time.hour, minute: time.minute };
  const local = DateTime.fromObject(wall, { zone });
  if (!local.isValid) {
    throw new UserError('announce.invalid-time', `\`${quoted(typed)}\` is not a real date and time (${local.invalidExplanation ?? 'out of range'}).`);
  }
  const wanted = DateTime.fromObject(wall, { zone: 'utc' }).toFormat(WALL_FORMAT);
  if (local.toFormat(WALL_FORMAT) !== wanted) {
    // luxon moves a time inside a spring-forward gap past the gap; say so rather than post at a time nobody typed.
    throw new UserError(
      'announce.nonexistent-time',
      `${wanted} does not exist in ${zone}: the clocks go forward that night. Pick another time, such as ${local.toFormat('HH:mm')}.`,
    );
  }
  // A time that happens twice (clocks going back): take the first, as the daily tips do, and say so.
  const candidates = local.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  const chosen = candidates[0] ?? local;
  const at = chosen.toJSDate();
  const note = candidates.length > 1 ? repeatedTimeNote(at, zone) : null;
  if (at.getTime() <= now.getTime()) {
    const current = DateTime.fromJSDate(now, { zone }).toFormat(WALL_FORMAT);
    throw new UserError('announce.past-time', `${wanted} in ${zone} has already passed (it is ${current} there now). Pick a later time, or use \`/announce post\` to post now.`);
  }
  if (at.getTime() - now.getTime() > MAX_AHEAD_MS) {
    throw new UserError('announce.too-far', `${wanted} is more than a year away. Schedule announcements at most a year ahead.`);
  }
  return { at, zone, note };
}

/** Set when the local time of `at` happens twice in `zone` (clocks going back): which one was taken. */
export function repeatedTimeNote(at: Date, zone: string): string | null {
  const local = DateTime.fromJSDate(at, { zone });
  const occurrences = local.getPossibleOffsets().map((candidate) => candidate.toMillis());
  if (occurrences.length < 2) return null;
  const which = local.toMillis() === Math.min(...occurrences) ? 'first' : 'second';
  return `${local.toFormat(WALL_FORMAT)} happens twice in ${zone} (the clocks go back that night); it posts at the ${which}, ${local.toFormat('HH:mm ZZZZ')} (${local.toUTC().toFormat('HH:mm')} UTC).`;
}

function zoneOf(typed: string): string {
  const lookup = resolveTimeZone(typed);
  if (lookup.zone !== null) return lookup.zone;
  const hint = lookup.suggestions.length > 0 ? ` Did you mean ${lookup.suggestions.map((zone) => `\`${zone}\``).join(', ')}?` : '';
  throw new UserError('announce.unknown-zone', `\`${quoted(typed)}\` is not a time zone I know.${hint}`);
}

/** Member-typed text shown in a code span must not close it. */
function quoted(text: string): string {
  return truncate(text.replace(/`/g, "'"), 64);
}
