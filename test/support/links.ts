import type { LoggedMessage } from '../../src/local-discord/index.js';

/** Code spans and fences blanked out (same length), since Markdown inside them is never a link. */
function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?```|``[^`]*?``|`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** From `open` (just past an opening bracket), the index of the closer that balances it; -1 if none. */
function closing(text: string, open: number, opener: string, closer: string): number {
  let depth = 1;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') {
      index += 1;
      continue;
    }
    if (char === opener) depth += 1;
    else if (char === closer && (depth -= 1) === 0) return index;
  }
  return -1;
}

/**
 * Targets of masked links `[label](target)` in Markdown, found from every unescaped `[` outside code:
 * a superset of what a Markdown reader makes links of (an inner link in a label counts too, as
 * CommonMark would render it), so a label that member text broke open is always caught.
 */
export function markdownLinkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const targets: string[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '\\') {
      index += 1;
      continue;
    }
    if (text[index] !== '[') continue;
    const labelEnd = closing(text, index + 1, '[', ']');
    if (labelEnd < 0 || text[labelEnd + 1] !== '(') continue;
    const targetEnd = closing(text, labelEnd + 2, '(', ')');
    if (targetEnd < 0) continue;
    const target = text.slice(labelEnd + 2, targetEnd).trim().split(/\s+/)[0] ?? '';
    targets.push(target.replace(/^<(.*)>$/, '$1'));
  }
  return targets;
}

/**
 * Every place a message can link somewhere: masked links where Discord renders them (content, embed
 * descriptions, field values; not titles, field names, footers or author names), embed and author
 * URLs, link buttons.
 */
export function messageLinkTargets(message: Pick<LoggedMessage, 'content' | 'embeds' | 'components'>): string[] {
  const texts = [message.content, ...message.embeds.flatMap((embed) => [embed.description, ...(embed.fields ?? []).map((field) => field.value)])];
  const urls = message.embeds.flatMap((embed) => [embed.url, embed.author?.url]);
  const rows = (message.components ?? []) as readonly { components?: readonly { url?: string }[] }[];
  const buttons = rows.flatMap((row) => row.components ?? []).map((component) => component.url);
  return [...texts.flatMap((text) => (text ? markdownLinkTargets(text) : [])), ...[...urls, ...buttons].filter((url): url is string => Boolean(url))];
}

/** Links of the bot's own making: messages and channels of the same server on discord.com. */
export function isOwnServerLink(target: string, guildId: string): boolean {
  return new RegExp(`^https://discord\\.com/channels/${guildId}/\\d{17,20}(/\\d{17,20})?$`).test(target);
}
