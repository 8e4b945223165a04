import { DateTime } from 'luxon';
import type { PlannedPost } from './schedule.js';

/** `Wed 15 Jan 2025, 09:00 GMT (Europe/London) · 09:00 UTC`: the server's zone first, then UTC. */
export function formatPostTime(post: PlannedPost, zone: string): string {
  const local = DateTime.fromJSDate(post.at, { zone });
  const utc = DateTime.fromJSDate(post.at, { zone: 'utc' });
  const sameDay = local.toISODate() === utc.toISODate();
  return `${local.toFormat('ccc d LLL yyyy, HH:mm ZZZZ')} (${zone}) · ${utc.toFormat(sameDay ? 'HH:mm' : 'ccc d LLL, HH:mm')} UTC`;
}
