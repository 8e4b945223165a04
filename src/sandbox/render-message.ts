import { relativeTime } from './relative-time.js';
import { ButtonStyle, ComponentType, type APIEmbed, type APIMessage, type APIMessageTopLevelComponent } from 'discord-api-types/v10';

/** The parts of a message the sandbox can act on: buttons and select options, numbered as shown. */
export interface Actionable {
  readonly buttons: { readonly number: number; readonly label: string; readonly customId: string; readonly disabled: boolean }[];
  readonly selects: { readonly customId: string; readonly options: { readonly number: number; readonly label: string; readonly value: string }[] }[];
}

interface RenderOptions {
  readonly color: boolean;
  /** Turns `<@id>`, `<@&id>` and `<#id>` into readable names. */
  readonly mentionName: (kind: 'user' | 'role' | 'channel', id: string) => string;
  /** The sandbox's clock, for `<t:…:R>` ("in 3 days"); without it relative times are dated. */
  readonly now?: () => Date;
  /** The message's number in the sandbox, for `reply N`, `delete N` and `apps … on N`. */
  readonly number?: number;
}

const style = (on: boolean, code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Renders a Discord message for a terminal: embeds, fields, footers, numbered buttons and menus. */
export function renderMessage(message: APIMessage & { ephemeralFor?: string | null }, options: RenderOptions): { text: string; actionable: Actionable } {
  const bold = style(options.color, 1);
  const dim = style(options.color, 2);
  const lines: string[] = [];
  const private_ = Boolean(message.ephemeralFor) || Boolean((message.flags ?? 0) & 64);
  const number = options.number === undefined ? '' : ` · message ${options.number}`;
  lines.push(dim(`── ${message.author.username}${number}${private_ ? ' · only you can see this' : ''} ──`));
  if (message.referenced_message) lines.push(dim(`↪ replying to ${message.referenced_message.author.username}: ${markdown(excerpt(message.referenced_message.content), options)}`));
  if (message.content) lines.push(markdown(message.content, options));
  for (const embed of message.embeds) lines.push(...renderEmbed(embed, options, bold, dim));
  for (const attachment of message.attachments) lines.push(dim(`📎 ${attachment.filename} (${attachment.size} bytes)`));
  const actionable = numberComponents(message.components ?? []);
  if (actionable.buttons.length > 0) {
    lines.push(actionable.buttons.map((b) => `[${b.number}] ${b.label}${b.disabled ? ' (disabled)' : ''}`).join('  '));
  }
  for (const select of actionable.selects) {
    lines.push(dim('Select (type `select N`):'));
    for (const option of select.options) lines.push(`  ${option.number}) ${option.label}`);
  }
  return { text: lines.join('\n'), actionable };
}

/** The start of a replied-to message, on one line, as Discord shows it above a reply. */
function excerpt(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line || '(no text)';
}

function renderEmbed(embed: APIEmbed, options: RenderOptions, bold: (text: string) => string, dim: (text: string) => string): string[] {
  const lines: string[] = [];
  if (embed.author?.name) lines.push(dim(embed.author.name));
  if (embed.title) lines.push(bold(markdown(embed.title, options)));
  if (embed.description) lines.push(markdown(embed.description, options));
  for (const field of embed.fields ?? []) lines.push(`${bold(markdown(field.name, options))}: ${markdown(field.value, options)}`);
  if (embed.footer?.text) lines.push(dim(`— ${embed.footer.text}`));
  return ['', ...lines];
}

function numberComponents(components: readonly APIMessageTopLevelComponent[]): Actionable {
  const buttons: Actionable['buttons'][number][] = [];
  const selects: Actionable['selects'][number][] = [];
  let selectNumber = 0;
  for (const row of components) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      if (component.type === ComponentType.Button && component.style !== ButtonStyle.Link && component.style !== ButtonStyle.Premium) {
        buttons.push({ number: buttons.length + 1, label: component.label ?? component.custom_id, customId: component.custom_id, disabled: Boolean(component.disabled) });
      } else if (component.type === ComponentType.StringSelect) {
        selects.push({
          customId: component.custom_id,
          options: component.options.map((option) => ({ number: ++selectNumber, label: option.label, value: option.value })),
        });
      }
    }
  }
  return { buttons, selects };
}

/** Discord markdown made readable as plain text: mentions named, links shown, timestamps dated. */
export function markdown(text: string, options: RenderOptions): string {
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${options.mentionName('user', id)}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${options.mentionName('role', id)}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${options.mentionName('channel', id)}`)
    .replace(/<t:(-?\d+)(?::(\w))?>/g, (_, seconds: string, style?: string) => timestamp(new Date(Number(seconds) * 1000), style, options.now))
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 <$2>')
    .replace(/\*\*([^*]+)\*\*/g, options.color ? '\u001b[1m$1\u001b[0m' : '$1')
    .replace(/\\([\\*_~`|>#[\]()-])/g, '$1');
}

/** A `<t:…>` timestamp as Discord shows it, in UTC: relative ones (`:R`) against the sandbox's clock. */
function timestamp(at: Date, style: string | undefined, now: (() => Date) | undefined): string {
  if (style === 'R' && now) return relativeTime(at, now());
  const iso = at.toISOString();
  if (style === 't') return `${iso.slice(11, 16)} UTC`;
  if (style === 'T') return `${iso.slice(11, 19)} UTC`;
  if (style === 'd' || style === 'D') return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
