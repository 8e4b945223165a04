import type {
  AnySelectMenuInteraction,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { ContextKey, ContextOf } from './command-context.js';
import type { CustomId } from './custom-id.js';
import type { CommandRequirements, Precondition } from './preconditions.js';

/** Anything with a name that serialises to a chat-input command (every SlashCommandBuilder variant). */
interface CommandDefinition {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * Component handlers of a command, reached through custom_ids that start with the command's name
 * (see custom-id.ts). Each handler validates its own payload.
 */
interface ComponentHandlers<K extends ContextKey> {
  button?(interaction: ButtonInteraction, context: ContextOf<K>, customId: CustomId): Promise<unknown>;
  select?(interaction: AnySelectMenuInteraction, context: ContextOf<K>, customId: CustomId): Promise<unknown>;
  modal?(interaction: ModalSubmitInteraction, context: ContextOf<K>, customId: CustomId): Promise<unknown>;
}

/**
 * What every module in commands/ exports as its default export. `uses` names the services the command
 * needs (none when left out); the router hands its handlers and preconditions only those. `Command`
 * without a parameter is any command, as the registry holds them.
 */
export interface Command<K extends ContextKey = ContextKey> {
  readonly data: CommandDefinition;
  readonly uses?: readonly K[];
  execute(interaction: ChatInputCommandInteraction, context: ContextOf<K>): Promise<unknown>;
  autocomplete?(interaction: AutocompleteInteraction, context: ContextOf<K>): Promise<unknown>;
  readonly components?: ComponentHandlers<K>;
  /**
   * What must hold before execute, autocomplete or a component handler runs, checked by the router
   * (see preconditions.ts). A command whose contexts are only Guild is also refused in DMs.
   */
  readonly requires?: CommandRequirements<K>;
}

/**
 * Identity helper that gives command modules full type checking without a class: `uses` fixes what
 * the handlers see (`uses: ['tips']` → `execute(interaction, { tips })`), and a precondition that needs
 * a service the command did not declare does not compile.
 */
export function defineCommand<const K extends ContextKey = never>(command: { readonly uses?: readonly K[] } & Command<NoInfer<K>>): Command<K> {
  return command;
}

/** Anything with a name that serialises to a context-menu command (a ContextMenuCommandBuilder). */
interface ContextMenuDefinition {
  readonly name: string;
  toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody;
}

/**
 * A message command (Apps → Name on a message, type 3): what a module in commands/ exports instead
 * of a slash command. Discord hands it the target message in full (`interaction.targetMessage`),
 * whatever the bot's intents; the ids in it are checked by the handler against the server the
 * interaction came from.
 */
export interface MessageCommand<K extends ContextKey = ContextKey> {
  readonly kind: 'message';
  readonly data: ContextMenuDefinition;
  readonly uses?: readonly K[];
  execute(interaction: MessageContextMenuCommandInteraction, context: ContextOf<K>): Promise<unknown>;
  /** Checked by the router before execute, as for slash commands (a Guild-only command is refused in DMs). */
  readonly requires?: { readonly all?: readonly Precondition<K>[] };
}

/** As defineCommand, for a message command. */
export function defineMessageCommand<const K extends ContextKey = never>(
  command: { readonly uses?: readonly K[] } & Omit<MessageCommand<NoInfer<K>>, 'kind'>,
): MessageCommand<K> {
  return { ...command, kind: 'message' };
}
