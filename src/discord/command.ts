import type {
  AnySelectMenuInteraction,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import type { CustomId } from './custom-id.js';
import type { CommandRequirements } from './preconditions.js';

/** Anything with a name that serialises to a chat-input command (every SlashCommandBuilder variant). */
interface CommandDefinition {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * Component handlers of a command, reached through custom_ids that start with the command's name
 * (see custom-id.ts). Each handler validates its own payload.
 */
interface ComponentHandlers {
  button?(interaction: ButtonInteraction, context: AppContext, customId: CustomId): Promise<unknown>;
  select?(interaction: AnySelectMenuInteraction, context: AppContext, customId: CustomId): Promise<unknown>;
  modal?(interaction: ModalSubmitInteraction, context: AppContext, customId: CustomId): Promise<unknown>;
}

/** What every module in commands/ exports as its default export. */
export interface Command {
  readonly data: CommandDefinition;
  execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<unknown>;
  autocomplete?(interaction: AutocompleteInteraction, context: AppContext): Promise<unknown>;
  readonly components?: ComponentHandlers;
  /**
   * What must hold before execute, autocomplete or a component handler runs, checked by the router
   * (see preconditions.ts). A command whose contexts are only Guild is also refused in DMs.
   */
  readonly requires?: CommandRequirements;
}

/** Identity helper that gives command modules full type checking without a class. */
export function defineCommand(command: Command): Command {
  return command;
}
