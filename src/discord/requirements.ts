import {
  ApplicationCommandOptionType as OptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, MessageCommand } from './command.js';
import type { ContextKey } from './command-context.js';
import { definedForServersOnly, guildOnly, type Precondition, type PreconditionKind } from './preconditions.js';

/** What a command's preconditions apply to: a subcommand path (`['setup']`, `[]`), or a component action. */
export type RequirementTarget = { readonly subcommand: readonly string[] } | { readonly component: string };

const ORDER: readonly PreconditionKind[] = ['server', 'member', 'message', 'resource', 'channel'];

/**
 * The preconditions the router checks for one use of a command, in the order it checks them: the
 * server, who acts, the message they clicked, what they act on, then the bot in the channels they named.
 */
export function preconditionsFor(command: Command, json: RESTPostAPIChatInputApplicationCommandsJSONBody, target: RequirementTarget): Precondition<ContextKey>[] {
  const { requires } = command;
  const specific = 'component' in target ? requires?.components?.[target.component] : requires?.subcommands?.[target.subcommand.join(' ')];
  const inDirectMessages = 'component' in target && (requires?.directMessageComponents ?? []).includes(target.component);
  const all = [...(definedForServersOnly(json.contexts) && !inDirectMessages ? [guildOnly] : []), ...(requires?.all ?? []), ...(specific ?? [])];
  return ORDER.flatMap((kind) => all.filter((precondition) => precondition.kind === kind));
}

/** The same for a message command: the server, then what it declares, in the router's order. */
export function messagePreconditionsFor(command: MessageCommand, json: RESTPostAPIContextMenuApplicationCommandsJSONBody): Precondition<ContextKey>[] {
  const all = [...(definedForServersOnly(json.contexts) ? [guildOnly] : []), ...(command.requires?.all ?? [])];
  return ORDER.flatMap((kind) => all.filter((precondition) => precondition.kind === kind));
}

/**
 * Mistakes in a command's declared preconditions, found when the bot starts: a subcommand that does
 * not exist, and default member permissions without a member precondition (server admins can change
 * who sees a command in Server Settings → Integrations, so the bot must check who acts itself).
 */
export function requirementProblems(command: Command, json: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  const problems: string[] = [];
  const paths = subcommandPaths(json);
  for (const key of Object.keys(command.requires?.subcommands ?? {})) {
    if (!paths.includes(key)) problems.push(`/${json.name}: requires.subcommands names "${key}", which is not one of its subcommands`);
  }
  const restricted = json.default_member_permissions !== undefined && json.default_member_permissions !== null;
  const checksMember = (preconditions: readonly Precondition<ContextKey>[] | undefined) => (preconditions ?? []).some((precondition) => precondition.kind === 'member');
  const everywhere = checksMember(command.requires?.all) || (paths.length > 0 && paths.every((path) => checksMember(command.requires?.subcommands?.[path])));
  if (restricted && !everywhere) {
    problems.push(`/${json.name}: has default member permissions but no member precondition for every subcommand; declare one in requires (e.g. memberPermission(...)) so the bot checks it too`);
  }
  return problems;
}

/** `setup`, `group sub`: every subcommand of a command. */
function subcommandPaths(json: RESTPostAPIChatInputApplicationCommandsJSONBody): string[] {
  return (json.options ?? []).flatMap((option) => {
    if (option.type === OptionType.Subcommand) return [option.name];
    if (option.type === OptionType.SubcommandGroup) return (option.options ?? []).map((sub) => `${option.name} ${sub.name}`);
    return [];
  });
}
