import { describe, expect, it } from 'vitest';
import { plural } from '../../src/core/plural.js';

describe('plural', () => {
  it.each([
    [0, 'answer', '0 answers'],
    [1, 'answer', '1 answer'],
    [2, 'answer', '2 answers'],
    [1204, 'member', '1,204 members'],
  ])('GIVEN %i %s THEN %s', (count, noun, text) => {
    expect(plural(count, noun)).toBe(text);
  });

  it('GIVEN an irregular plural THEN uses it', () => {
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
  });
});
