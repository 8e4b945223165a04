import { createHash } from 'node:crypto';
import type { REST } from 'discord.js';
import { ApplicationCommandType, Routes, type RESTPostAPIApplicationCommandsJSONBody, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;
/** What deploy registers: slash commands and context-menu commands alike. */
export type DeployJson = RESTPostAPIApplicationCommandsJSONBody;

/** How members find a command: `/ask`, or `Apps › Mark as answer` for a message command. */
export function commandLabel(command: Pick<DeployJson, 'name' | 'type'>): string {
  if (command.type === ApplicationCommandType.Message) return `Apps › ${command.name}`;
  if (command.type === ApplicationCommandType.User) return `Apps (user) › ${command.name}`;
  return `/${command.name}`;
}

export interface DeployTarget {
  readonly applicationId: string;
  /** A development server: commands appear there at once. Without it, commands are global. */
  readonly guildId?: string | undefined;
}

interface DeployPlan {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  readonly unchanged: string[];
}

export function commandsRoute({ applicationId, guildId }: DeployTarget): `/${string}` {
  return guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
}

/** Compares what Discord has with what the code defines, by label (type and name) and canonical JSON. */
function planDeploy(existing: readonly DeployJson[], desired: readonly DeployJson[]): DeployPlan {
  const before = new Map(existing.map((command) => [commandLabel(command), canonicalJson(command)]));
  const after = new Map(desired.map((command) => [commandLabel(command), canonicalJson(command)]));
  const names = (predicate: (name: string) => boolean, from: Map<string, string>) => [...from.keys()].filter(predicate).sort();
  return {
    added: names((name) => !before.has(name), after),
    changed: names((name) => before.has(name) && before.get(name) !== after.get(name), after),
    removed: names((name) => !after.has(name), before),
    unchanged: names((name) => before.get(name) === after.get(name), after),
  };
}

/** Registers the commands with one bulk overwrite; a dry run only reads. */
export async function deployCommands(
  rest: REST,
  target: DeployTarget,
  desired: readonly DeployJson[],
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<DeployPlan> {
  const route = commandsRoute(target);
  const existing = (await rest.get(route)) as DeployJson[];
  const plan = planDeploy(existing, desired);
  if (!dryRun && (plan.added.length > 0 || plan.changed.length > 0 || plan.removed.length > 0)) {
    await rest.put(route, { body: desired });
  }
  return plan;
}

export function hashCommands(commands: readonly DeployJson[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...commands].map(canonicalJson).sort()))
    .digest('hex');
}

// Fields Discord adds or fills with defaults; they are not part of what we define.
const SERVER_FIELDS = new Set(['id', 'application_id', 'version', 'guild_id', 'dm_permission', 'integration_types', 'handler']);

/** Stable JSON with server-side and empty fields removed, so equal definitions compare equal. */
function canonicalJson(command: DeployJson): string {
  return JSON.stringify(canonicalise(command));
}

function canonicalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalise);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(([key, child]) => !SERVER_FIELDS.has(key) && !isEmpty(child))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, child]) => [key, canonicalise(child)]);
  return Object.fromEntries(entries);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
}
