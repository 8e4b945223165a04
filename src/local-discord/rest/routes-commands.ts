import { ApplicationCommandType } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { COMMAND_LIMITS, tooManyCommands, validateCommand, validateCommandList } from '../validation/commands.js';
import { commandSchema } from '../validation/schemas.js';
import { parseBody } from '../validation/form.js';
import { created, noContent, ok, param } from './types.js';
import type { RestRequest, RouteDef } from './types.js';

function scope(core: Core, request: RestRequest): string | null {
  if (param(request, 'applicationId') !== core.config.applicationId) throw Errors.unauthorized();
  const guildId = request.params.guildId;
  if (guildId) core.state.requireGuild(guildId);
  return guildId ?? null;
}

function routesFor(base: string): RouteDef[] {
  return [
    { method: 'GET', pattern: base, handle: (core, r) => ok(core.commands.list(scope(core, r))) },
    {
      method: 'PUT',
      pattern: base,
      rules: (r) => void validateCommandList(r.body),
      handle: (core, r) => {
        const guildId = scope(core, r);
        return ok(core.commands.overwrite(guildId, validateCommandList(r.body)));
      },
    },
    {
      method: 'POST',
      pattern: base,
      rules: (r) => void validateCommand(r.body),
      handle: (core, r) => {
        const guildId = scope(core, r);
        const input = validateCommand(r.body);
        // A new command (not one replacing its namesake) must fit its type's limit in the scope.
        const type = input.type ?? ApplicationCommandType.ChatInput;
        const existing = core.commands.list(guildId).filter((c) => c.type === type);
        if (!existing.some((c) => c.name === input.name) && existing.length >= (COMMAND_LIMITS[type] ?? 0)) throw tooManyCommands(type);
        const [command, isNew] = core.commands.upsert(guildId, input);
        return isNew ? created(command) : ok(command);
      },
    },
    { method: 'GET', pattern: `${base}/:commandId`, handle: (core, r) => ok(core.commands.get(scope(core, r), param(r, 'commandId'))) },
    {
      method: 'PATCH',
      pattern: `${base}/:commandId`,
      handle: (core, r) => {
        const guildId = scope(core, r);
        const current = core.commands.get(guildId, param(r, 'commandId'));
        const patch = parseBody(commandSchema.partial(), r.body);
        validateCommand({ ...current, ...patch });
        return ok(core.commands.edit(guildId, current.id, patch));
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:commandId`,
      handle: (core, r) => {
        core.commands.delete(scope(core, r), param(r, 'commandId'));
        return noContent();
      },
    },
  ];
}

export const commandRoutes: RouteDef[] = [
  ...routesFor('/applications/:applicationId/commands'),
  ...routesFor('/applications/:applicationId/guilds/:guildId/commands'),
];
