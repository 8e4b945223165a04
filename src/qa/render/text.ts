import { truncate } from '../../discord/text.js';

/** One line of member text for lists and titles: whitespace collapsed, cut to `max`. */
export function oneLine(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), max);
}

/** Member text quoted in markdown: every line a quote line, cut to `max`. */
export function quoted(text: string, max: number): string {
  return truncate(text.trim(), max)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `2026-03-01 14:05 UTC`. */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
