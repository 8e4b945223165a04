import { describe, expect, it } from 'vitest';
import { plainMemberText, renderMemberMarkdown, type WebMentionNames } from '../../src/web/markdown.js';
import { scriptJson } from '../../src/web/render/json-ld.js';
import { textSlug } from '../../src/web/slugs.js';

const SAM = '310000000000000001';
const ALEX = '310000000000000002';
const names: WebMentionNames = { user: (id) => (id === SAM ? 'Sam' : null), role: (id) => (id === '410000000000000001' ? 'Moderators' : undefined), channel: () => undefined };
const render = (text: string) => renderMemberMarkdown(text, names);

const SAFE_TAGS = new Set(['p', 'br', 'strong', 'em', 'u', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span', 'h3', 'h4', 'h5', 'small', 'time']);
const SAFE_ATTRIBUTE = /^(?:href="https?:\/\/[^"]*"|rel="ugc nofollow"|class="[a-z ]*"|tabindex="0"|datetime="[^"]*"|start="\d+")$/;

/**
 * What a browser would run or load from the HTML: any tag outside the renderer's few, or an attribute
 * other than an http(s) href and the renderer's own. Text never holds a raw `<`, so every `<` opens a tag.
 */
function activeParts(html: string): string[] {
  return [...html.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)].flatMap(([tag, , name = '', attributes = '']) => {
    if (!SAFE_TAGS.has(name.toLowerCase())) return [tag];
    const rest = attributes.replace(/\s*\/$/, '').trim();
    const parts = rest ? rest.match(/[\w-]+="[^"]*"|\S+/g) ?? [] : [];
    return parts.filter((part) => !SAFE_ATTRIBUTE.test(part)).map((part) => `${name} ${part}`);
  });
}

describe('member Markdown on the site', () => {
  it('GIVEN Discord formatting THEN it renders as Discord shows it: bold, italics, underline, strikethrough, spoiler, code, quotes, lists, headings, subtext', () => {
    expect(render('**bold** *it* __under__ ~~gone~~ ||secret|| `code`')).toBe(
      '<p><strong>bold</strong> <em>it</em> <u>under</u> <del>gone</del> <span class="spoiler" tabindex="0">secret</span> <code>code</code></p>\n',
    );
    expect(render('> quoted')).toContain('<blockquote>');
    expect(render('>>> all of\nthis')).toMatch(/^<blockquote><p>all of<br \/>this<\/p>\n<\/blockquote>/);
    expect(render('- one\n- two')).toContain('<li>one</li>');
    expect(render('# Title')).toBe('<h3>Title</h3>\n');
    expect(render('#### not a heading on Discord')).toBe('<p>#### not a heading on Discord</p>\n');
    expect(render('-# small print')).toBe('<p class="subtext"><small>small print</small></p>\n');
    expect(render('```js\nconst a = "<b>";\n```')).toBe('<pre><code>const a = "&lt;b&gt;";\n</code></pre>\n');
  });

  it('GIVEN <script>, raw HTML and event handlers THEN they show as text and nothing is active', () => {
    for (const attack of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<iframe src="https://evil.example"></iframe>', '<style>body{display:none}</style>']) {
      const html = render(attack);
      expect(activeParts(html)).toEqual([]);
      expect(html).toContain('&lt;');
    }
  });

  it('GIVEN javascript:, data:, vbscript: and obfuscated link targets THEN no link is made, the label stays', () => {
    for (const target of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '<javascript:alert(1)>', '//evil.example/x', '/relative', 'https://user:pass@evil.example/']) {
      const html = render(`[press here](${target})`);
      expect(html, target).not.toContain('<a ');
      expect(activeParts(html), target).toEqual([]);
    }
    expect(render('<javascript:alert(1)>')).not.toContain('<a ');
  });

  it('GIVEN a masked link whose label looks like another address (link hijack) THEN the real host is shown beside it, and every link is ugc nofollow', () => {
    const html = render('[https://bank.example/login](https://evil.example/steal)');
    expect(html).toBe('<p><a href="https://evil.example/steal" rel="ugc nofollow">https://bank.example/login</a> <span class="host">(evil.example)</span></p>\n');
    expect(render('see https://example.com/a')).toContain('<a href="https://example.com/a" rel="ugc nofollow">');
    // An internationalised look-alike host shows in punycode, as the browser will go there.
    expect(render('[paypal.com](https://pаypal.com/)')).toContain('(xn--pypal-4ve.com)');
    // Markdown inside the label cannot smuggle a second link or an attribute.
    expect(activeParts(render('[a](https://ok.example/ "title" onclick="alert(1)")'))).toEqual([]);
  });

  it('GIVEN HTML entities THEN they stay inert text, never markup', () => {
    const html = render('&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &amp;');
    expect(activeParts(html)).toEqual([]);
    expect(html).not.toMatch(/<(script|img)/i);
  });

  it('GIVEN Unicode tricks (bidi overrides, NUL, zero-width joiners in a scheme) THEN controls are dropped and no link is made from them', () => {
    expect(render('invoice\u202Egpj.exe')).toBe('<p>invoicegpj.exe</p>\n');
    expect(render('a\u0000b')).toBe('<p>ab</p>\n');
    expect(render('[x](java\u200Bscript:alert(1))')).not.toContain('<a ');
    expect(plainMemberText('title\u2066\u202E reversed')).toBe('title reversed');
  });

  it('GIVEN mentions THEN members show by the name they agreed to or as "a member", roles and channels by name, never an id', () => {
    const html = render(`<@${SAM}> thanks <@!${ALEX}> and <@&410000000000000001> in <#510000000000000001>, see </ask:610000000000000001> <:wave:710000000000000001> <t:1700000000:R>`);
    expect(html).toContain('<span class="mention">@Sam</span>');
    expect(html).toContain('<span class="mention">a member</span>');
    expect(html).toContain('@Moderators');
    expect(html).toContain('#channel');
    expect(html).toContain('/ask');
    expect(html).toContain(':wave:');
    expect(html).toContain('<time datetime="2023-11-14T22:13:20.000Z">');
    expect(html).not.toMatch(/\d{17,}/);
    expect(plainMemberText(`ask <@${ALEX}> or <@${SAM}>`, names)).toBe('ask a member or @Sam');
  });

  it('GIVEN text for JSON-LD THEN </script> cannot close the script element', () => {
    const json = scriptJson({ text: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ text: '</script><script>alert(1)</script>' });
  });

  it('GIVEN question text THEN its URL words are readable ASCII without mentions or ids', () => {
    expect(textSlug(`How do I hire <@${SAM}>'s first engineer? Ça va`)).toBe('how-do-i-hire-s-first-engineer-ca-va');
    expect(textSlug('   ')).toBe('');
    expect(textSlug('a'.repeat(200)).length).toBeLessThanOrEqual(60);
  });
});
