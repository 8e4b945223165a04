import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { DiscordError, FormErrors } from '../errors.js';
import type { FormPath } from '../errors.js';
import { checkLength, parseBody, parseInto } from './form.js';
import { commandSchema } from './schemas.js';
import type { CommandInput, CommandOptionInput } from './schemas.js';

/** Chat-input command and option names (application-commands, Application Command Naming); USER and MESSAGE names are any 1–32 characters, spaces and capitals included. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const T = ApplicationCommandType;
const COMMAND_TYPES = [T.ChatInput, T.User, T.Message] as const;

/**
 * How many commands of each type an application may have per scope, global or one guild (application-commands,
 * Registering a Command): 100 chat-input, 5 user and 5 message commands.
 */
export const COMMAND_LIMITS: Readonly<Record<number, number>> = { [T.ChatInput]: 100, [T.User]: 5, [T.Message]: 5 };

/** Discord's answer to one command too many of a type: 400 30032 (what Discord answers bots that register a sixth context menu). */
export function tooManyCommands(type: number): DiscordError {
  return new DiscordError(400, 30032, `Maximum number of application commands reached (${COMMAND_LIMITS[type] ?? 0})`);
}
const O = ApplicationCommandOptionType;
const VALUE_TYPES = new Set<number>([O.String, O.Integer, O.Boolean, O.User, O.Channel, O.Role, O.Mentionable, O.Number, O.Attachment]);
const CHOICE_TYPES = new Set<number>([O.String, O.Integer, O.Number]);

/** `field` is `name`, or the locale under `name_localizations` (whose path already names it). */
function checkName(errors: FormErrors, path: FormPath, name: string, chatInput: boolean, locale?: string): void {
  const at: FormPath = locale === undefined ? [...path, 'name'] : path;
  if (chatInput) {
    if (!NAME.test(name) || name !== name.toLowerCase()) errors.add(at, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  } else {
    checkLength(errors, at, name, 1, 32);
  }
}

function checkOptions(errors: FormErrors, path: FormPath, options: readonly CommandOptionInput[], depth: number): void {
  checkLength(errors, path, options, 0, 25);
  const names = new Set<string>();
  let sawOptional = false;
  const hasSubcommands = options.some((o) => o.type === O.Subcommand || o.type === O.SubcommandGroup);
  options.forEach((option, i) => {
    const at: FormPath = [...path, i];
    checkName(errors, at, option.name, true);
    checkLength(errors, [...at, 'description'], option.description, 1, 100);
    if (names.has(option.name)) errors.add([...at, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    names.add(option.name);
    const isSub = option.type === O.Subcommand || option.type === O.SubcommandGroup;
    if (!isSub && !VALUE_TYPES.has(option.type)) {
      errors.add([...at, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of {${[O.Subcommand, O.SubcommandGroup, ...VALUE_TYPES].join(', ')}}.`);
    }
    if (hasSubcommands && !isSub) {
      errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
    }
    if (option.type === O.SubcommandGroup) {
      if (depth > 0) errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups can only be at the top level');
      (option.options ?? []).forEach((sub, j) => {
        if (sub.type !== O.Subcommand) errors.add([...at, 'options', j, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups can only contain sub-commands');
      });
      checkOptions(errors, [...at, 'options'], option.options ?? [], depth + 1);
      return;
    }
    if (option.type === O.Subcommand) {
      if (depth > 1) errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands can only be nested one level deep');
      (option.options ?? []).forEach((sub, j) => {
        if (sub.type === O.Subcommand || sub.type === O.SubcommandGroup) {
          errors.add([...at, 'options', j, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands cannot contain sub-commands');
        }
      });
      checkOptions(errors, [...at, 'options'], option.options ?? [], depth + 1);
      return;
    }
    if (option.required) {
      if (sawOptional) errors.add([...at, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else {
      sawOptional = true;
    }
    if (option.choices) {
      if (!CHOICE_TYPES.has(option.type)) errors.add([...at, 'choices'], 'APPLICATION_COMMAND_OPTION_CHOICES_NOT_ALLOWED', 'Choices are only allowed for string, integer and number options');
      if (option.autocomplete) errors.add([...at, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES', 'Autocomplete and choices are mutually exclusive');
      checkLength(errors, [...at, 'choices'], option.choices, 0, 25);
      option.choices.forEach((choice, k) => {
        checkLength(errors, [...at, 'choices', k, 'name'], choice.name, 1, 100);
        if (typeof choice.value === 'string') checkLength(errors, [...at, 'choices', k, 'value'], choice.value, 1, 100);
        const wantsString = option.type === O.String;
        if (wantsString !== (typeof choice.value === 'string')) {
          errors.add([...at, 'choices', k, 'value'], 'BASE_TYPE_INVALID', 'Choice value does not match the option type');
        }
      });
    }
    if (option.autocomplete && !CHOICE_TYPES.has(option.type)) {
      errors.add([...at, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', 'Autocomplete is only allowed for string, integer and number options');
    }
  });
}

/** Check one command definition as Discord does; errors are added under `path`. */
function checkCommand(errors: FormErrors, path: FormPath, command: CommandInput): void {
  const type = command.type ?? ApplicationCommandType.ChatInput;
  // PRIMARY_ENTRY_POINT (4) belongs to apps with Activities, which this bot is not: refused rather than stored.
  if (!(COMMAND_TYPES as readonly number[]).includes(type)) {
    errors.add([...path, 'type'], 'BASE_TYPE_CHOICES', `Value must be one of {${COMMAND_TYPES.join(', ')}}.`);
    return;
  }
  const chatInput = type === ApplicationCommandType.ChatInput;
  checkName(errors, path, command.name, chatInput);
  // Localized names follow the same rules as the name.
  for (const [locale, localized] of Object.entries(command.name_localizations ?? {})) {
    if (localized !== null) checkName(errors, [...path, 'name_localizations', locale], localized, chatInput, locale);
  }
  if (chatInput) checkLength(errors, [...path, 'description'], command.description ?? '', 1, 100);
  else if (command.description) errors.add([...path, 'description'], 'APPLICATION_COMMAND_DESCRIPTION_INVALID', 'Context menu commands cannot have a description');
  else if (Object.values(command.description_localizations ?? {}).some((text) => text)) {
    errors.add([...path, 'description_localizations'], 'APPLICATION_COMMAND_DESCRIPTION_INVALID', 'Context menu commands cannot have a description');
  }
  if (command.options?.length) {
    if (!chatInput) errors.add([...path, 'options'], 'APPLICATION_COMMAND_OPTIONS_INVALID', 'Context menu commands cannot have options');
    else checkOptions(errors, [...path, 'options'], command.options, 0);
  }
}

export function validateCommand(raw: unknown): CommandInput {
  const command = parseBody(commandSchema, raw);
  const errors = new FormErrors();
  checkCommand(errors, [], command);
  errors.throwIfAny();
  return command;
}

/** Bulk overwrite: every command valid, names unique per type, at most COMMAND_LIMITS of each type. */
export function validateCommandList(raw: unknown): CommandInput[] {
  if (!Array.isArray(raw)) {
    const errors = new FormErrors();
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    throw errors.toError();
  }
  const errors = new FormErrors();
  const commands: CommandInput[] = [];
  raw.forEach((item, i) => {
    const parsed = parseInto(errors, commandSchema, item, [i]);
    if (parsed) commands.push(parsed);
  });
  errors.throwIfAny();
  const seen = new Set<string>();
  const perType = new Map<number, number>();
  commands.forEach((command, i) => {
    checkCommand(errors, [i], command);
    const type = command.type ?? ApplicationCommandType.ChatInput;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${command.name}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMAND_ALREADY_EXISTS', 'Application command names must be unique');
    seen.add(key);
  });
  const maxChatInput = COMMAND_LIMITS[T.ChatInput] ?? 0;
  if ((perType.get(T.ChatInput) ?? 0) > maxChatInput) errors.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${maxChatInput} or fewer in length.`);
  errors.throwIfAny();
  for (const type of [T.User, T.Message]) if ((perType.get(type) ?? 0) > (COMMAND_LIMITS[type] ?? 0)) throw tooManyCommands(type);
  return commands;
}
