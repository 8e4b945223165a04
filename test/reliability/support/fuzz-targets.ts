import { ApplicationCommandOptionType as O, InteractionContextType, type APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import type { CommandRegistry } from '../../../src/discord/registry.js';

/** One invocable command path (`/qa setup`), with its options as registered. */
export interface CommandTarget {
  readonly path: string;
  readonly options: readonly APIApplicationCommandBasicOption[];
  /** Discord offers it in DMs with the bot too. */
  readonly inDms: boolean;
}

/**
 * Every command, subcommand and subcommand of a group the registry holds, with its options: what the
 * fuzz test invokes, so a new command or option is fuzzed without anyone listing it.
 */
export function commandTargets(registry: CommandRegistry): CommandTarget[] {
  const targets: CommandTarget[] = [];
  for (const command of registry.toJSON()) {
    const contexts = command.contexts ?? null;
    const inDms = contexts === null || contexts.includes(InteractionContextType.BotDM);
    const walk = (path: string, options: readonly { type: number }[] | undefined): void => {
      const nested = (options ?? []).filter((option) => option.type === O.Subcommand || option.type === O.SubcommandGroup);
      if (nested.length === 0) {
        targets.push({ path, options: (options ?? []) as APIApplicationCommandBasicOption[], inDms });
        return;
      }
      for (const option of nested as { type: number; name: string; options?: { type: number }[] }[]) walk(`${path} ${option.name}`, option.options);
    };
    walk(`/${command.name}`, command.options);
  }
  return targets;
}

/** The options of a target that ask for autocomplete. */
export function autocompleteOptions(target: CommandTarget): APIApplicationCommandBasicOption[] {
  return target.options.filter((option) => 'autocomplete' in option && option.autocomplete === true);
}
