import { describe, expect, it } from 'vitest';
import { trimInvisible, visibleLength } from '../../src/core/visible-text.js';
import { answerText, questionText } from '../../src/qa/text-rules.js';

const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff', '\u00ad', '\u180e', '\u034f', '\u3164', '\u115f', '\u2800', '\ufe0f', '\u{e0041}', '\u0000', ' ', '\u3000'];

describe('visible text', () => {
  it.each(INVISIBLE.map((char) => [JSON.stringify(char), char]))('GIVEN only %s THEN nothing shows', (_name, char) => {
    expect(visibleLength(char.repeat(20))).toBe(0);
    expect(trimInvisible(char.repeat(20))).toBe('');
  });

  it('GIVEN invisible characters around and inside words THEN the ends are trimmed, the inside kept, only what shows counted', () => {
    expect(trimInvisible('\u200b\ufeff hire\u200bfast \u2060')).toBe('hire\u200bfast');
    expect(visibleLength('hire\u200bfast')).toBe(8);
    expect(visibleLength('👩‍👩‍👧‍👦')).toBe(4);
  });

  it('GIVEN a question or answer of only invisible characters THEN the service refuses it as empty', () => {
    expect(() => questionText('\u200b'.repeat(40))).toThrow(/at least 10 characters/);
    expect(() => questionText(`ok${'\u2060'.repeat(40)}`)).toThrow(/at least 10 characters/);
    expect(() => answerText('\ufeff\u200d\u3164\u2800')).toThrow(/The answer is empty/);
    expect(questionText('\u200bHow do we hire well?\u200b')).toBe('How do we hire well?');
  });
});
