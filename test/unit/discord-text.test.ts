import { describe, expect, it } from 'vitest';
import { body, defuseLinks, escapeMarkdown, fitRendered, inline, joinWithin, NO_NAMES, oneLine, plainLine, plainMentions, quoted, truncate, type MentionNames } from '../../src/discord/text.js';
import { markdownLinkTargets } from '../support/links.js';

const FAMILY = '👩‍👩‍👧‍👦';
const graphemes = (text: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].map(({ segment }) => segment);

describe('truncate', () => {
  it('GIVEN text within the limit THEN returns it unchanged', () => {
    expect(truncate('short', 5)).toBe('short');
  });

  it.each([
    ['a surrogate pair', '🦀'.repeat(50)],
    ['a ZWJ family', FAMILY.repeat(20)],
    ['a flag', '🇫🇷'.repeat(40)],
    ['a letter with combining accents', 'e\u0301\u0323'.repeat(60)],
  ])('GIVEN %s at every cut THEN keeps whole graphemes, fits the limit and marks the cut', (_name, text) => {
    for (let max = 2; max < 60; max += 1) {
      const cut = truncate(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith('…')).toBe(true);
      const kept = graphemes(cut.slice(0, -1));
      expect(kept).toEqual(graphemes(text).slice(0, kept.length));
    }
  });
});

describe('member text in the bot’s Markdown', () => {
  it('GIVEN text that closes a link label THEN escaped, the bot’s link keeps its target', () => {
    const label = inline('hire ](https://evil.example/login) [x', 90);
    expect(markdownLinkTargets(`**#3** [${label}](https://discord.com/channels/1/2/3)`)).toEqual(['https://discord.com/channels/1/2/3']);
  });

  it('GIVEN a trailing backslash THEN it cannot escape the bot’s closing bracket', () => {
    expect(markdownLinkTargets(`[${inline('ends with \\', 90)}](https://discord.com/channels/1/2/3)`)).toEqual(['https://discord.com/channels/1/2/3']);
  });

  it('GIVEN every Markdown character THEN each is escaped once', () => {
    expect(escapeMarkdown('*_~`|>#[]()<:-\\')).toBe('\\*\\_\\~\\`\\|\\>\\#\\[\\]\\(\\)\\<\\:\\-\\\\');
  });

  it('GIVEN a masked link in a body THEN it reads as typed, code and the member’s own escapes are left alone', () => {
    const text = 'See [docs](https://evil.example) and `[a](b)`\n```\n[c](d)\n```\nand \\[e\\](f)';
    const defused = defuseLinks(text);
    expect(markdownLinkTargets(defused)).toEqual([]);
    expect(defused).toContain('`[a](b)`');
    expect(defused).toContain('```\n[c](d)\n```');
    expect(defused).toContain('\\[e\\](f)');
  });

  it('GIVEN an unclosed code fence THEN what follows is plain text and is defused', () => {
    expect(markdownLinkTargets(defuseLinks('```\n[x](https://evil.example)'))).toEqual([]);
  });

  it('GIVEN a body cut inside a code fence THEN the cut text still makes no link', () => {
    const text = `${'word '.repeat(5)}\`\`\`\n[x](https://evil.example)\n${'y'.repeat(200)}\n\`\`\``;
    const cut = body(text, 80);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(markdownLinkTargets(cut)).toEqual([]);
  });

  it('GIVEN text of brackets only THEN the rendering fits its limit after escaping', () => {
    expect(fitRendered('['.repeat(5000), 4096, defuseLinks).length).toBeLessThanOrEqual(4096);
    expect(quoted('\n'.repeat(2000) + 'x'.repeat(2000), 700).length).toBeLessThanOrEqual(700);
  });

  it('GIVEN lines that do not all fit THEN whole lines are kept and the rest counted', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `[line ${index}](https://discord.com/channels/1/2/${index})`);
    const joined = joinWithin(lines, 200);
    expect(joined.length).toBeLessThanOrEqual(200);
    expect(joined).toMatch(/…and \d+ more$/);
    for (const target of markdownLinkTargets(joined)) expect(target).toMatch(/^https:\/\/discord\.com\/channels\/1\/2\/\d$/);
  });

  it('GIVEN newlines THEN oneLine makes one line', () => {
    expect(oneLine('a\n\n b\tc', 100)).toBe('a b c');
  });

  it('GIVEN a right-to-left override THEN oneLine drops it, so the bot’s words after it keep their order', () => {
    expect(oneLine('\u202eexe.live\u202c and \u2067isolate\u2069', 100)).toBe('exe.live and isolate');
  });
});

describe('plainMentions', () => {
  const names: MentionNames = {
    role: (id) => (id === '111111111111111111' ? 'Moderators' : undefined),
    user: (id) => (id === '222222222222222222' ? 'Sam Lee' : undefined),
    channel: (id) => (id === '333333333333333333' ? 'general' : undefined),
  };

  it('GIVEN member text with mentions THEN each is its name, and an unknown one a neutral placeholder, never the id', () => {
    const text = 'Ask <@&111111111111111111> or <@222222222222222222> (<@!222222222222222222>) in <#333333333333333333>; not <@&999999999999999991>, <@999999999999999992> or <#999999999999999993>. Try </ask:444444444444444444> <:shipit:555555555555555555>';
    expect(plainMentions(text, names)).toBe('Ask @Moderators or @Sam Lee (@Sam Lee) in #general; not @unknown-role, @unknown-user or #unknown-channel. Try /ask :shipit:');
    expect(plainLine(`#3 · ${text}`, 40, NO_NAMES)).toBe('#3 · Ask @unknown-role or @unknown-user…');
  });
});
