import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from './command.js';
import { commandProblems } from './command-rules.js';
import { requirementProblems } from './requirements.js';

const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/** Every slash command the bot has, by name; the single source for routing, /help and deploy. */
export class CommandRegistry {
  readonly #commands = new Map<string, Command>();
  readonly #json = new Map<string, RESTPostAPIChatInputApplicationCommandsJSONBody>();

  constructor(commands: Iterable<Command>) {
    for (const command of commands) {
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

  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
    return this.all().flatMap((command) => this.#json.get(command.data.name) ?? []);
  }
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

function assertCommandModule(module: unknown, file: string): Command {
  const command = (module as { default?: unknown }).default;
  if (!isCommand(command)) {
    throw new Error(`commands/${file} must default-export a command with "data" (a SlashCommandBuilder) and "execute".`);
  }
  return command;
}

function isCommand(value: unknown): value is Command {
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
