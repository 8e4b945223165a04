import { ApplicationCommandType, InteractionContextType, ApplicationIntegrationType } from 'discord-api-types/v10';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { Errors } from '../errors.js';
import { nextSnowflake } from '../snowflake.js';
import type { CommandInput } from '../validation/schemas.js';
import { withoutNulls } from './message-content.js';

const GLOBAL = 'global';

/** Registered application commands, global and per guild, as Discord stores them. */
export class CommandStore {
  private readonly scopes = new Map<string, Map<string, APIApplicationCommand>>();

  constructor(private readonly applicationId: string) {}

  list(guildId: string | null): APIApplicationCommand[] {
    return [...(this.scopes.get(guildId ?? GLOBAL)?.values() ?? [])];
  }

  get(guildId: string | null, id: string): APIApplicationCommand {
    const command = this.scopes.get(guildId ?? GLOBAL)?.get(id);
    if (!command) throw Errors.unknownCommand();
    return command;
  }

  /** The command an invocation refers to: the guild's own first, then global (as the Discord client shows them). */
  find(name: string, guildId: string | null, type: ApplicationCommandType = ApplicationCommandType.ChatInput): APIApplicationCommand | undefined {
    const match = (scope: string) => [...(this.scopes.get(scope)?.values() ?? [])].find((c) => c.name === name && c.type === type);
    return (guildId ? match(guildId) : undefined) ?? match(GLOBAL);
  }

  /** PUT: replace the whole scope; commands keep their id when name and type match (Discord's upsert rule). */
  overwrite(guildId: string | null, inputs: CommandInput[]): APIApplicationCommand[] {
    const scope = guildId ?? GLOBAL;
    const previous = this.scopes.get(scope) ?? new Map<string, APIApplicationCommand>();
    const next = new Map<string, APIApplicationCommand>();
    for (const input of inputs) {
      const type = input.type ?? ApplicationCommandType.ChatInput;
      const existing = [...previous.values()].find((c) => c.name === input.name && c.type === type);
      const command = this.build(input, guildId, existing?.id);
      next.set(command.id, command);
    }
    this.scopes.set(scope, next);
    return [...next.values()];
  }

  /** POST: create, or replace the command with the same name and type. Returns [command, created]. */
  upsert(guildId: string | null, input: CommandInput): [APIApplicationCommand, boolean] {
    const scope = guildId ?? GLOBAL;
    const commands = this.scopes.get(scope) ?? new Map<string, APIApplicationCommand>();
    this.scopes.set(scope, commands);
    const type = input.type ?? ApplicationCommandType.ChatInput;
    const existing = [...commands.values()].find((c) => c.name === input.name && c.type === type);
    const command = this.build(input, guildId, existing?.id);
    commands.set(command.id, command);
    return [command, !existing];
  }

  edit(guildId: string | null, id: string, patch: Partial<CommandInput>): APIApplicationCommand {
    const current = this.get(guildId, id);
    const merged = { ...this.toInput(current), ...patch } as CommandInput;
    const command = this.build(merged, guildId, id);
    this.scopes.get(guildId ?? GLOBAL)?.set(id, command);
    return command;
  }

  delete(guildId: string | null, id: string): void {
    this.get(guildId, id);
    this.scopes.get(guildId ?? GLOBAL)?.delete(id);
  }

  private toInput(command: APIApplicationCommand): CommandInput {
    return {
      name: command.name,
      type: command.type,
      description: command.description,
      options: (command.options ?? []) as CommandInput['options'],
      default_member_permissions: command.default_member_permissions,
      contexts: command.contexts ?? null,
      integration_types: command.integration_types ?? null,
      nsfw: command.nsfw ?? false,
    };
  }

  private build(input: CommandInput, guildId: string | null, id?: string): APIApplicationCommand {
    const type = input.type ?? ApplicationCommandType.ChatInput;
    const contexts = input.contexts ?? (input.dm_permission === false ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel]);
    return {
      id: id ?? nextSnowflake(),
      application_id: this.applicationId,
      version: nextSnowflake(),
      type,
      name: input.name,
      name_localizations: input.name_localizations ?? null,
      description: type === ApplicationCommandType.ChatInput ? (input.description ?? '') : '',
      description_localizations: input.description_localizations ?? null,
      ...(input.options?.length ? { options: withoutNulls(input.options) as APIApplicationCommand['options'] } : {}),
      default_member_permissions: input.default_member_permissions ?? null,
      dm_permission: guildId ? undefined : contexts.includes(InteractionContextType.BotDM),
      contexts: guildId ? null : contexts,
      integration_types: input.integration_types ?? [ApplicationIntegrationType.GuildInstall],
      nsfw: input.nsfw ?? false,
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }
}
