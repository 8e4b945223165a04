import { DateTime } from 'luxon';
import { addDays, localDateOf, postOnDate } from '../scheduling/time/schedule.js';

/** The weekly digest goes out on Mondays, at the server's tip time in its tip zone (else 09:00 UTC). */
export const DIGEST_DEFAULTS = { zone: 'UTC', time: '09:00' } as const;

export interface DigestSlot {
  /** ISO-8601 UTC instant. */
  readonly at: string;
  /** The local date of that Monday: the week's key (one digest per server per week). */
  readonly week: string;
}

/**
 * The first digest strictly after `after`. The wall-clock maths (DST gaps and repeats) is the tip
 * schedule's, reused rather than copied.
 */
export function nextDigestSlot(after: Date, zone: string, time: string): DigestSlot {
  const today = localDateOf(after, zone);
  const weekday = DateTime.fromISO(today, { zone: 'utc' }).weekday; // 1 = Monday
  let monday = addDays(today, (8 - weekday) % 7);
  for (let week = 0; week < 4; week += 1, monday = addDays(monday, 7)) {
    const post = postOnDate({ time, zone, days: 'daily' }, monday);
    if (post && post.at.getTime() > after.getTime()) return { at: post.at.toISOString(), week: monday };
  }
  throw new Error(`No digest time within four weeks of ${today} in ${zone}`);
}
