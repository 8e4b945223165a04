import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../src/sandbox/relative-time.js';

describe('relativeTime, as Discord shows <t:…:R>', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const at = (iso: string) => relativeTime(new Date(iso), now);
  it.each([
    ['2026-12-12T08:00:00Z', 'in 5 days'],
    ['2026-12-08T12:00:00Z', 'in a day'],
    ['2026-12-07T15:00:00Z', 'in 3 hours'],
    ['2026-12-07T13:00:00Z', 'in an hour'],
    ['2026-12-07T12:01:00Z', 'in a minute'],
    ['2026-12-07T12:00:10Z', 'in a few seconds'],
    ['2026-12-05T12:00:00Z', '2 days ago'],
    ['2027-12-07T12:00:00Z', 'in a year'],
  ])('GIVEN %s THEN %s', (iso, text) => {
    expect(at(iso)).toBe(text);
  });
});
