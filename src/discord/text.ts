/**
 * Member (and moderator) text in what the bot sends. Two rules: inside Markdown the bot writes (a link
 * label, bold, a list line, a title) it is escaped, so it reads as typed and cannot open, close or
 * re-target the bot's formatting; as a body the bot shows (a question, an answer) it keeps its
 * formatting but makes no masked link, so every address a member gives is visible. Cuts never split
 * a character a reader sees as one (an emoji, a flag, a letter with its accents).
 */

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Cuts text to a Discord limit at a grapheme boundary, marking the cut. Lengths are UTF-16 units,
 * which are never fewer than the code points Discord counts.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** Every character Discord's Markdown gives a meaning to, backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|>#[\]()<:-])/g, '\\$1');
}

/** Code spans and blocks Discord renders as code (closed ones only: an unclosed fence is plain text). */
const CODE = /```[\s\S]*?```|``[^`]*?``|`[^`\n]+`/g;

/**
 * Member text shown as a body: its formatting kept, its brackets escaped outside code so that
 * `[label](address)` reads as typed and the address shows. The member's own escapes stay as they are.
 */
export function defuseLinks(text: string): string {
  let result = '';
  let from = 0;
  for (const code of text.matchAll(CODE)) {
    result += escapeBrackets(text.slice(from, code.index)) + code[0];
    from = code.index + code[0].length;
  }
  return result + escapeBrackets(text.slice(from));
}

function escapeBrackets(text: string): string {
  return text.replace(/\\[\s\S]|[[\]]/g, (match) => (match.startsWith('\\') ? match : `\\${match}`));
}

/**
 * `render(text)` within `max`: the text is cut before it is rendered (a cut after escaping could split
 * an escape or leave a code fence open), and cut shorter until what the rendering adds fits.
 */
export function fitRendered(text: string, max: number, render: (text: string) => string): string {
  let budget = max;
  for (;;) {
    const rendered = render(truncate(text, budget));
    if (rendered.length <= max) return rendered;
    if (budget <= 1) return render('');
    budget = Math.max(1, Math.min(budget - 1, Math.floor((budget * max) / rendered.length)));
  }
}

/** Bidi embeddings, overrides and isolates: on one line they would reorder the bot's own words after them. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of member text: whitespace (newlines included) collapsed, bidi controls removed, cut to
 * `max`. For plain text (labels, thread names) and, escaped, inside the bot's Markdown.
 */
export function oneLine(text: string, max: number): string {
  return truncate(text.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim(), max);
}

/** One line of member text inside the bot's Markdown (a link label, a list line): cut to `max` visible characters, then escaped. */
export function inline(text: string, max: number): string {
  return escapeMarkdown(oneLine(text, max));
}

/** Member text as a quote in the bot's message: every line a quote line, links defused, `max` in all. */
export function quoted(text: string, max: number): string {
  return fitRendered(text.trim(), max, (cut) =>
    defuseLinks(cut)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n'),
  );
}

/** Member text as the body of an embed or message, within Discord's limit for it. */
export function body(text: string, max: number): string {
  return fitRendered(text, max, defuseLinks);
}

/**
 * Lines joined within `max` (an embed field, a description) without cutting one: a cut line could end
 * inside a link. What does not fit is counted at the end.
 */
export function joinWithin(lines: readonly string[], max: number, separator = '\n'): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `${separator}…and ${lines.length - index} more`;
    const next = length + (kept.length > 0 ? separator.length : 0) + line.length;
    const reserve = index < lines.length - 1 ? more.length : 0;
    if (next + reserve > max) return kept.length > 0 ? `${kept.join(separator)}${separator}…and ${lines.length - index} more` : truncate(line, max);
    kept.push(line);
    length = next;
  }
  return kept.join(separator);
}

/** Names of a server's members, roles and channels, as far as the bot knows them; undefined when it does not. */
export interface MentionNames {
  user(id: string): string | undefined;
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

/** Knows no names: every mention becomes its neutral placeholder. */
export const NO_NAMES: MentionNames = { user: () => undefined, role: () => undefined, channel: () => undefined };

/**
 * Mentions in member text made readable for where Discord shows text as typed (thread names, menu
 * labels, autocomplete choices, embed titles): `<@&id>` → `@Moderators`, `<@id>` → `@sam`,
 * `<#id>` → `#general`, `</ask:id>` → `/ask`, `<:emoji:id>` → `:emoji:`. An id the server does not
 * know becomes `@unknown-role`, `@unknown-user` or `#unknown-channel`: never the raw id.
 */
export function plainMentions(text: string, names: MentionNames): string {
  return text
    .replace(/<@&(\d{1,25})>/g, (_, id: string) => `@${names.role(id) ?? 'unknown-role'}`)
    .replace(/<@!?(\d{1,25})>/g, (_, id: string) => `@${names.user(id) ?? 'unknown-user'}`)
    .replace(/<#(\d{1,25})>/g, (_, id: string) => `#${names.channel(id) ?? 'unknown-channel'}`)
    .replace(/<\/([\w -]{1,100}):\d{1,25}>/g, (_, command: string) => `/${command}`)
    .replace(/<a?:(\w{1,32}):\d{1,25}>/g, (_, emoji: string) => `:${emoji}:`);
}

/** One plain line of member text with its mentions named (a thread name, a menu label, a choice). */
export function plainLine(text: string, max: number, names: MentionNames): string {
  return oneLine(plainMentions(text, names), max);
}
