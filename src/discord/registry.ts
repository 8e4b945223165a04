import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody, RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord.js';
import type { Command, MessageCommand } from './command.js';
import { commandProblems, contextMenuProblems, MAX_CONTEXT_MENU_COMMANDS } from './command-rules.js';
import type { DeployJson } from './deploy.js';
import { requirementProblems } from './requirements.js';

const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/**
 * Every command the bot has, by name: slash commands and message commands (Apps → …); the single
 * source for routing, /help and deploy.
 */
export class CommandRegistry {
  readonly #commands = new Map<string, Command>();
  readonly #json = new Map<string, RESTPostAPIChatInputApplicationCommandsJSONBody>();
  readonly #messageCommands = new Map<string, MessageCommand>();
  readonly #messageJson = new Map<string, RESTPostAPIContextMenuApplicationCommandsJSONBody>();

  constructor(commands: Iterable<Command | MessageCommand>) {
    for (const command of commands) {
      if (isMessageCommand(command)) {
        this.#addMessageCommand(command);
        continue;
      }
      const { name } = command.data;
      if (this.#commands.has(name)) {
        throw new Error(`Two command modules define /${name}; command names must be unique.`);
      }
      const json = command.data.toJSON();
      const problems = commandProblems(json);
      if (problems.length > 0) {
        throw new Error(`/${name} breaks Discord's command rules:\n  ${problems.join('\n  ')}`);
      }
      const undeclared = requirementProblems(command, json);
      if (undeclared.length > 0) throw new Error(undeclared.join('\n'));
      this.#commands.set(name, command);
      this.#json.set(name, json);
    }
  }

  #addMessageCommand(command: MessageCommand): void {
    const { name } = command.data;
    if (this.#messageCommands.has(name)) throw new Error(`Two command modules define the message command "${name}"; names must be unique.`);
    const json = command.data.toJSON();
    const problems = contextMenuProblems(json);
    if (problems.length > 0) throw new Error(`The message command "${name}" breaks Discord's command rules:\n  ${problems.join('\n  ')}`);
    this.#messageCommands.set(name, command);
    this.#messageJson.set(name, json);
    if (this.#messageCommands.size > MAX_CONTEXT_MENU_COMMANDS) {
      throw new Error(`Discord allows at most ${MAX_CONTEXT_MENU_COMMANDS} message commands; commands/ defines ${this.#messageCommands.size}.`);
    }
  }

  /** A message command by its name as members see it ("Mark as answer"). */
  message(name: string): MessageCommand | undefined {
    return this.#messageCommands.get(name);
  }

  messageJson(name: string): RESTPostAPIContextMenuApplicationCommandsJSONBody | undefined {
    return this.#messageJson.get(name);
  }

  get(name: string): Command | undefined {
    return this.#commands.get(name);
  }

  /** The command's definition as Discord receives it (built once). */
  json(name: string): RESTPostAPIChatInputApplicationCommandsJSONBody | undefined {
    return this.#json.get(name);
  }

  all(): Command[] {
    return [...this.#commands.values()].sort((a, b) => a.data.name.localeCompare(b.data.name));
  }

  /** The slash commands (what /help lists). */
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
    return this.all().flatMap((command) => this.#json.get(command.data.name) ?? []);
  }

  /** The message commands' names, as members find them under Apps (what /help lists beside the slash commands). */
  messageCommandNames(): string[] {
    return [...this.#messageJson.keys()].sort((a, b) => a.localeCompare(b));
  }

  /** Everything Discord registers: the slash commands, then the message commands. */
  deployJSON(): DeployJson[] {
    const menus = [...this.#messageJson.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, json]) => json);
    return [...this.toJSON(), ...menus];
  }
}

function isMessageCommand(command: Command | MessageCommand): command is MessageCommand {
  return 'kind' in command && command.kind === 'message';
}

const MODULE_FILE = /^[a-z0-9-]+\.(ts|js)$/;

/** Loads every module in commands/ (each default-exports a Command) and builds the registry. */
export async function loadCommandRegistry(dir = COMMANDS_DIR): Promise<CommandRegistry> {
  const files = readdirSync(dir).filter((file) => MODULE_FILE.test(file) && !file.endsWith('.d.ts'));
  const commands = await Promise.all(
    files.map(async (file) => {
      const module: unknown = await import(new URL(file, `file://${dir.endsWith('/') ? dir : `${dir}/`}`).href);
      return assertCommandModule(module, file);
    }),
  );
  return new CommandRegistry(commands);
}

function assertCommandModule(module: unknown, file: string): Command | MessageCommand {
  const command = (module as { default?: unknown }).default;
  if (!isCommand(command)) {
    throw new Error(`commands/${file} must default-export a command with "data" (a SlashCommandBuilder or ContextMenuCommandBuilder) and "execute".`);
  }
  return command;
}

function isCommand(value: unknown): value is Command | MessageCommand {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Command>;
  return (
    typeof candidate.execute === 'function' &&
    typeof candidate.data === 'object' &&
    candidate.data !== null &&
    typeof candidate.data.name === 'string' &&
    typeof candidate.data.toJSON === 'function'
  );
}
