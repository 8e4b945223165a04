import {
  ApplicationCommandOptionType,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';

/** Discord's rules for chat-input command JSON, checked before Discord would refuse it. */
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_DESCRIPTION = 100;

export function commandProblems(command: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  return [
    ...nameAndDescriptionProblems(command.name, command.description, command.name),
    ...optionsProblems(command.options ?? [], command.name),
  ];
}

/** Context-menu names may have capitals and spaces ("Mark as answer"); they take no description or options. */
const MENU_NAME = /^[-_' \p{L}\p{N}]{1,32}$/u;
/** Discord's cap per type and scope: a sixth message command is refused (30032). */
export const MAX_CONTEXT_MENU_COMMANDS = 5;

export function contextMenuProblems(command: RESTPostAPIContextMenuApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  if (!MENU_NAME.test(command.name) || command.name.trim() !== command.name) {
    problems.push(`"${command.name}": a context-menu name must be 1–32 letters, digits, spaces, '-', '_' or "'"`);
  }
  if ('description' in command && command.description) problems.push(`"${command.name}": context-menu commands take no description`);
  if ('options' in command && command.options) problems.push(`"${command.name}": context-menu commands take no options`);
  return problems;
}

function nameAndDescriptionProblems(name: string, description: string, path: string): string[] {
  const problems: string[] = [];
  if (!NAME.test(name) || name !== name.toLowerCase()) {
    problems.push(`${path}: name "${name}" must be 1–32 lower-case letters, digits, '-' or '_'`);
  }
  if (description.length < 1 || description.length > MAX_DESCRIPTION) {
    problems.push(`${path}: description must be 1–${MAX_DESCRIPTION} characters (has ${description.length})`);
  }
  return problems;
}

function optionsProblems(options: readonly APIApplicationCommandOption[], path: string): string[] {
  const problems: string[] = [];
  if (options.length > MAX_OPTIONS) {
    problems.push(`${path}: at most ${MAX_OPTIONS} options (has ${options.length})`);
  }
  const names = new Set<string>();
  let optionalSeen = false;
  for (const option of options) {
    const optionPath = `${path} ${option.name}`;
    problems.push(...nameAndDescriptionProblems(option.name, option.description, optionPath));
    if (names.has(option.name)) problems.push(`${optionPath}: duplicate option name`);
    names.add(option.name);
    if (option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup) {
      problems.push(...optionsProblems(option.options ?? [], optionPath));
      continue;
    }
    if (option.required && optionalSeen) problems.push(`${optionPath}: required options must come before optional ones`);
    if (!option.required) optionalSeen = true;
    if ('choices' in option && option.choices) {
      if (option.choices.length > MAX_CHOICES) problems.push(`${optionPath}: at most ${MAX_CHOICES} choices`);
      for (const choice of option.choices) {
        if (choice.name.length < 1 || choice.name.length > 100) problems.push(`${optionPath}: choice names must be 1–100 characters`);
      }
      if ('autocomplete' in option && option.autocomplete) problems.push(`${optionPath}: choices and autocomplete are exclusive`);
    }
  }
  return problems;
}
