import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';

/** A parsed `/command [sub] name: value …` line, ready for the emulator's driver. */
export interface SlashLine {
  /** `/tips setup`: the command and its subcommand path, as the driver takes it. */
  readonly path: string;
  readonly options: Record<string, string | number | boolean>;
  /** Set when an option's value ends with `?`: show the bot's suggestions instead of running. */
  readonly autocomplete?: { readonly option: string };
}

/** How the sandbox turns `#channel`, `@role` and `@member` into ids. */
export interface NameResolver {
  channel(name: string): string | undefined;
  role(name: string): string | undefined;
  user(name: string): string | undefined;
}

export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

type LeafOption = Exclude<APIApplicationCommandOption, { type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup }>;

/** Parses a slash command as typed in Discord; options by name, quotes optional. */
export function parseSlashLine(line: string, commands: readonly APIApplicationCommand[], names: NameResolver): SlashLine {
  const firstOption = line.search(/\s[\w-]+:/);
  const head = (firstOption === -1 ? line : line.slice(0, firstOption)).trim().replace(/^\//, '').split(/\s+/);
  const rest = firstOption === -1 ? '' : line.slice(firstOption);
  const [name, ...subPath] = head;
  // Only chat-input commands are typed after a slash; context menus (Apps) may share a name.
  const command = commands.find((candidate) => candidate.name === name && (candidate.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput);
  if (!command) throw new CommandLineError(`Unknown command /${name ?? ''}. Type /help to list them.`);

  const { path, leafOptions } = resolveSubcommand(command, subPath);
  const options: Record<string, string | number | boolean> = {};
  let autocomplete: SlashLine['autocomplete'];
  for (const [optionName, rawValue] of splitOptions(rest, leafOptions)) {
    const option = leafOptions.find((candidate) => candidate.name === optionName);
    if (!option) throw new CommandLineError(`/${path} has no option "${optionName}". Options: ${leafOptions.map((o) => o.name).join(', ') || 'none'}.`);
    const value = unquote(rawValue);
    if (value.endsWith('?') && 'autocomplete' in option && option.autocomplete) {
      // Discord sends what the member has typed so far, as text, even for number options.
      autocomplete = { option: option.name };
      options[option.name] = value.slice(0, -1).trim();
      continue;
    }
    options[option.name] = convert(option, value, names);
  }
  if (!autocomplete) {
    const missing = leafOptions.filter((option) => option.required && !(option.name in options)).map((option) => `${option.name}:`);
    if (missing.length > 0) throw new CommandLineError(`/${path} needs ${missing.join(' ')}`);
  }
  return { path: `/${path}`, options, ...(autocomplete ? { autocomplete } : {}) };
}

function resolveSubcommand(command: APIApplicationCommand, subPath: readonly string[]): { path: string; leafOptions: LeafOption[] } {
  let options: readonly APIApplicationCommandOption[] = command.options ?? [];
  const path = [command.name];
  for (const part of subPath) {
    const nested = options.find(
      (option) =>
        option.name === part &&
        (option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup),
    );
    if (!nested || !('options' in nested)) throw new CommandLineError(`/${path.join(' ')} has no subcommand "${part}".`);
    path.push(part);
    options = nested.options ?? [];
  }
  const nestedNames = options
    .filter((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup)
    .map((option) => option.name);
  if (nestedNames.length > 0) throw new CommandLineError(`/${path.join(' ')} needs one of: ${nestedNames.join(', ')}`);
  return { path: path.join(' '), leafOptions: options as LeafOption[] };
}

/** Splits ` a: x y b: z` into [a, 'x y'], [b, 'z']; only known option names start a new option. */
function splitOptions(text: string, options: readonly LeafOption[]): [string, string][] {
  const known = new Set(options.map((option) => option.name));
  const markers = [...text.matchAll(/(?:^|\s)([\w-]+):/g)].filter((match) => known.has(match[1] ?? '') || match.index === 0);
  return markers.map((match, index) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = markers[index + 1]?.index ?? text.length;
    return [match[1] ?? '', text.slice(start, end).trim()];
  });
}

function unquote(value: string): string {
  const match = /^(["'“”])([\s\S]*)\1$/.exec(value) ?? /^[“"]([\s\S]*)[”"]$/.exec(value);
  return match ? (match[2] ?? match[1] ?? value) : value;
}

function convert(option: LeafOption, value: string, names: NameResolver): string | number | boolean {
  const type = option.type;
  switch (type) {
    case ApplicationCommandOptionType.Boolean:
      if (/^(true|yes|on|1)$/i.test(value)) return true;
      if (/^(false|no|off|0)$/i.test(value)) return false;
      throw new CommandLineError(`${option.name}: expected true or false`);
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const number = Number(value);
      if (!Number.isFinite(number) || (type === ApplicationCommandOptionType.Integer && !Number.isInteger(number))) {
        throw new CommandLineError(`${option.name}: expected a number`);
      }
      return number;
    }
    case ApplicationCommandOptionType.Channel:
      return resolveName(option.name, value, '#', names.channel, 'channel');
    case ApplicationCommandOptionType.Role:
      return resolveName(option.name, value, '@', names.role, 'role');
    case ApplicationCommandOptionType.User:
      return resolveName(option.name, value, '@', names.user, 'member');
    case ApplicationCommandOptionType.Mentionable:
      return resolveName(option.name, value, '@', (name) => names.role(name) ?? names.user(name), 'role or member');
    case ApplicationCommandOptionType.Attachment:
      throw new CommandLineError(`${option.name}: the sandbox cannot attach files`);
    default:
      return value;
  }
}

function resolveName(optionName: string, value: string, sigil: string, lookup: (name: string) => string | undefined, kind: string): string {
  if (/^\d{17,20}$/.test(value)) return value;
  const name = value.startsWith(sigil) ? value.slice(1) : value;
  const id = lookup(name);
  if (!id) throw new CommandLineError(`${optionName}: no ${kind} called ${sigil}${name}`);
  return id;
}

/** A parsed `apps "Name" on N` / `apps "Name" on @member` line: an Apps (context-menu) command and its target. */
interface AppsLine {
  readonly name: string;
  readonly target: { readonly kind: 'message'; readonly number: number } | { readonly kind: 'user'; readonly name: string };
}

/**
 * Parses what follows `apps`: the command's name, quoted (it may hold spaces) or not, then `on` and a message
 * number as the sandbox shows them or a member (`@sam` or `sam`).
 */
export function parseAppsLine(text: string): AppsLine {
  const quoted = /^["“]([^"”]+)["”]\s+on\s+(\S+)\s*$/i.exec(text.trim());
  const plain = quoted ? null : /^(.+?)\s+on\s+(\S+)\s*$/i.exec(text.trim());
  const [, name = '', target = ''] = quoted ?? plain ?? [];
  if (!name.trim() || !target) throw new CommandLineError('Use apps "Command name" on N (a message number as log shows it) or apps "Command name" on @member.');
  if (/^#?\d+$/.test(target)) return { name: name.trim(), target: { kind: 'message', number: Number(target.replace('#', '')) } };
  return { name: name.trim(), target: { kind: 'user', name: target.replace(/^@/, '') } };
}
