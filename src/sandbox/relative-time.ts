import { plural } from '../core/plural.js';

/** `in 3 days`, `2 hours ago`, `in a minute`: how Discord shows a `<t:…:R>` timestamp. */
export function relativeTime(at: Date, now: Date): string {
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  const size = Math.abs(seconds);
  const units: [number, string][] = [
    [365 * 86_400, 'year'],
    [30 * 86_400, 'month'],
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  const [unit, name] = units.find(([length]) => size >= length * 0.75) ?? [1, 'second'];
  const amount = Math.max(1, Math.round(size / unit));
  const phrase = amount === 1 ? (name === 'hour' ? 'an hour' : `a ${name}`) : plural(amount, name);
  if (name === 'second' && size < 45) return seconds >= 0 ? 'in a few seconds' : 'a few seconds ago';
  return seconds >= 0 ? `in ${phrase}` : `${phrase} ago`;
}
