export { plural } from '../../core/plural.js';

/** `2026-03-01 14:05 UTC`. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
