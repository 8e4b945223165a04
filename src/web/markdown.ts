import { Marked, type Tokens, type TokenizerAndRendererExtension } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Member text (Discord Markdown) to HTML for the public pages. `marked` parses, configured to the
 * subset Discord renders — bold, italics, underline, strikethrough, spoilers, code, quotes (`>` and
 * `>>>`), lists, `#`–`###` headings, `-#` subtext, links, mentions, custom emoji and timestamps — and
 * every other construct (raw HTML, tables, images, reference links, indented code, rules) reads as
 * typed. sanitize-html then keeps only the tags this renderer makes, with http(s) links only, so
 * what the parser lets through by mistake is still inert. Every member link is `rel="ugc nofollow"`,
 * and a masked link shows the host it really goes to.
 */

/** Names a mention may be shown with: a member only by the name they agreed to, never by id. */
export interface WebMentionNames {
  /** The member's public name, or null: they are "a member". */
  user(id: string): string | null;
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const NO_WEB_NAMES: WebMentionNames = { user: () => null, role: () => undefined, channel: () => undefined };

/** Bidi embeddings, overrides and isolates, and NUL: they could reorder or hide the page's own words around member text. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is removed
const UNSAFE_CHARACTERS = /[\u0000\u202a-\u202e\u2066-\u2069]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

/** An address a member gave, if it is one the page may link to: absolute http(s) without credentials. */
function safeHref(href: string): URL | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
  return url;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'u', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'span', 'h3', 'h4', 'h5', 'small', 'time'],
  allowedAttributes: { a: ['href', 'rel'], span: ['tabindex'], ol: ['start'], time: ['datetime'] },
  allowedClasses: { span: ['spoiler', 'mention', 'host'], p: ['subtext'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'ugc nofollow' } }) },
};

interface MentionToken extends Tokens.Generic {
  readonly type: 'mention';
  readonly html: string;
}

function mentionExtension(namesNow: () => WebMentionNames): TokenizerAndRendererExtension {
  const names: WebMentionNames = { user: (id) => namesNow().user(id), role: (id) => namesNow().role(id), channel: (id) => namesNow().channel(id) };
  const patterns: [RegExp, (match: RegExpExecArray) => string][] = [
    [/^<@&(\d{1,25})>/, ([, id]) => `<span class="mention">@${escapeHtml(names.role(id ?? '') ?? 'role')}</span>`],
    [/^<@!?(\d{1,25})>/, ([, id]) => {
      const name = names.user(id ?? '');
      return `<span class="mention">${name === null ? 'a member' : `@${escapeHtml(name)}`}</span>`;
    }],
    [/^<#(\d{1,25})>/, ([, id]) => `<span class="mention">#${escapeHtml(names.channel(id ?? '') ?? 'channel')}</span>`],
    [/^<\/([\w -]{1,100}):\d{1,25}>/, ([, command]) => `<span class="mention">/${escapeHtml(command ?? '')}</span>`],
    [/^<a?:(\w{1,32}):\d{1,25}>/, ([, emoji]) => `:${escapeHtml(emoji ?? '')}:`],
    [/^<t:(-?\d{1,13})(?::[tTdDfFR])?>/, ([, seconds]) => {
      const date = new Date(Number(seconds) * 1000);
      if (Number.isNaN(date.getTime())) return escapeHtml(`<t:${seconds ?? ''}>`);
      const iso = date.toISOString();
      return `<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
    }],
  ];
  return {
    name: 'mention',
    level: 'inline',
    start: (src) => src.indexOf('<'),
    tokenizer(src): MentionToken | undefined {
      for (const [pattern, render] of patterns) {
        const match = pattern.exec(src);
        if (match) return { type: 'mention', raw: match[0], html: render(match) };
      }
      return undefined;
    },
    renderer: (token) => (token as MentionToken).html,
  };
}

/** A wrapper around inline Markdown: `__underline__`, `||spoiler||`. */
function wrapped(name: string, marker: string, open: string, close: string): TokenizerAndRendererExtension {
  const quoted = marker.replace(/[|]/g, '\\|');
  const pattern = new RegExp(`^${quoted}(?=\\S)([\\s\\S]*?\\S)${quoted}(?!${quoted[0] === '\\' ? '\\|' : marker[0]})`);
  return {
    name,
    level: 'inline',
    start: (src) => src.indexOf(marker),
    tokenizer(src) {
      const match = pattern.exec(src);
      if (!match) return undefined;
      return { type: name, raw: match[0], tokens: this.lexer.inlineTokens(match[1] ?? '') };
    },
    renderer(token) {
      return `${open}${this.parser.parseInline(token.tokens ?? [])}${close}`;
    },
  };
}

const subtext: TokenizerAndRendererExtension = {
  name: 'subtext',
  level: 'block',
  start: (src) => src.match(/^-# /m)?.index,
  tokenizer(src) {
    const match = /^-# +([^\n]+)(?:\n|$)/.exec(src);
    if (!match) return undefined;
    return { type: 'subtext', raw: match[0], tokens: this.lexer.inlineTokens(match[1] ?? '') };
  },
  renderer(token) {
    return `<p class="subtext"><small>${this.parser.parseInline(token.tokens ?? [])}</small></p>\n`;
  },
};

/** `>>> ` quotes everything after it, to the end of the message. */
const longQuote: TokenizerAndRendererExtension = {
  name: 'longQuote',
  level: 'block',
  start: (src) => src.match(/^>>> /m)?.index,
  tokenizer(src) {
    const match = /^>>> ([\s\S]*)$/.exec(src);
    if (!match) return undefined;
    return { type: 'longQuote', raw: match[0], tokens: this.lexer.blockTokens(match[1] ?? '', []) };
  },
  renderer(token) {
    return `<blockquote>${this.parser.parse(token.tokens ?? [])}</blockquote>\n`;
  },
};

const none = () => undefined;

function createParser(names: () => WebMentionNames): Marked {
  const marked = new Marked({ gfm: true, breaks: true, async: false });
  marked.use({
    extensions: [mentionExtension(names), wrapped('underline', '__', '<u>', '</u>'), wrapped('spoiler', '||', '<span class="spoiler" tabindex="0">', '</span>'), subtext, longQuote],
    tokenizer: {
      // Not Discord Markdown: left as the text the member typed.
      html: none,
      tag: none,
      table: none,
      hr: none,
      def: none,
      lheading: none,
      code: none,
      reflink: none,
      heading(src) {
        const match = /^(#{1,3}) +([^\n]+?)(?:\n+|$)/.exec(src);
        if (!match) return undefined;
        return { type: 'heading', raw: match[0], depth: match[1]?.length ?? 1, text: match[2] ?? '', tokens: this.lexer.inline(match[2] ?? '') };
      },
    },
    renderer: {
      // A member's heading sits under the page's own h1 and h2.
      heading({ tokens, depth }) {
        return `<h${depth + 2}>${this.parser.parseInline(tokens)}</h${depth + 2}>\n`;
      },
      html: ({ text }) => escapeHtml(text),
      link({ href, tokens }) {
        const label = this.parser.parseInline(tokens);
        const url = safeHref(href);
        if (!url) return label;
        const plainLabel = tokens.length === 1 && tokens[0]?.type === 'text' ? tokens[0].raw : null;
        // A masked link says where it goes: `[bank.com](evil.example)` shows evil.example beside it.
        const showsItself = plainLabel !== null && (plainLabel === href || plainLabel === url.href);
        const host = showsItself ? '' : ` <span class="host">(${escapeHtml(url.hostname)})</span>`;
        return `<a href="${escapeHtml(url.href)}" rel="ugc nofollow">${label}</a>${host}`;
      },
      image({ href, text }) {
        const url = safeHref(href);
        return url ? `<a href="${escapeHtml(url.href)}" rel="ugc nofollow">${escapeHtml(text || url.hostname)}</a> <span class="host">(${escapeHtml(url.hostname)})</span>` : escapeHtml(text);
      },
    },
  });
  return marked;
}

// One parser for every page (building one costs more than parsing an answer); parsing is synchronous,
// so the names of the text being parsed are simply the ones set for that call.
let currentNames: WebMentionNames = NO_WEB_NAMES;
const parser = createParser(() => currentNames);

/** Member text as safe HTML, mentions shown by the names `names` allows. */
export function renderMemberMarkdown(text: string, names: WebMentionNames = NO_WEB_NAMES): string {
  currentNames = names;
  try {
    return sanitizeHtml(parser.parse(text.replace(UNSAFE_CHARACTERS, ''), { async: false }), SANITIZE);
  } finally {
    currentNames = NO_WEB_NAMES;
  }
}

/** Member text as one plain line (titles, meta descriptions, JSON-LD): mentions named, Markdown left as typed, cut at `max`. */
export function plainMemberText(text: string, names: WebMentionNames = NO_WEB_NAMES, max = 300): string {
  const named = text
    .replace(UNSAFE_CHARACTERS, '')
    .replace(/<@&(\d{1,25})>/g, (_, id: string) => `@${names.role(id) ?? 'role'}`)
    .replace(/<@!?(\d{1,25})>/g, (_, id: string) => {
      const name = names.user(id);
      return name === null ? 'a member' : `@${name}`;
    })
    .replace(/<#(\d{1,25})>/g, (_, id: string) => `#${names.channel(id) ?? 'channel'}`)
    .replace(/<\/([\w -]{1,100}):\d{1,25}>/g, (_, command: string) => `/${command}`)
    .replace(/<a?:(\w{1,32}):\d{1,25}>/g, (_, emoji: string) => `:${emoji}:`)
    .replace(/\s+/g, ' ')
    .trim();
  const characters = [...named];
  return characters.length <= max ? named : `${characters.slice(0, max - 1).join('')}…`;
}
