import { ApplicationCommandOptionType as O } from 'discord-api-types/v10';
import type { APIApplicationCommandOption, APIAttachment } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { memberPayload, rolePayload, userPayload } from '../payloads.js';
import { permissionsIn } from '../services/access.js';
import { nextSnowflake } from '../snowflake.js';
import type { GuildRecord } from '../state/records.js';
import type { AttachmentInput, OptionValue } from './types.js';

type Resolved = Record<'users' | 'members' | 'roles' | 'channels' | 'attachments', Record<string, unknown>>;

interface BuiltOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  options?: BuiltOption[];
  focused?: boolean;
}

export interface CommandData {
  data: Record<string, unknown>;
  /** Full path, e.g. `tips setup`. */
  commandName: string;
}

function fail(message: string): never {
  throw new Error(message);
}

function isAttachment(value: OptionValue): value is AttachmentInput {
  return typeof value === 'object' && value !== null && 'filename' in value;
}

/**
 * The `data` of an APPLICATION_COMMAND (or autocomplete) interaction for `/name [group] [sub]`, with option values
 * checked against the command the bot registered and `resolved` filled in for users, roles, channels and files.
 */
export function buildCommandData(
  core: Core,
  command: string,
  values: Record<string, OptionValue>,
  guild: GuildRecord | null,
  channelId: string,
  focused?: string,
  unchecked = false,
): CommandData {
  const [rawName, ...path] = command.trim().replace(/^\//, '').split(/\s+/);
  const name = rawName ?? '';
  const registered = core.commands.find(name, guild?.id ?? null) ?? fail(`command /${name} is not registered${guild ? ` for guild ${guild.id}` : ''} (did the bot deploy it?)`);
  const resolved: Resolved = { users: {}, members: {}, roles: {}, channels: {}, attachments: {} };

  let definitions: readonly APIApplicationCommandOption[] = registered.options ?? [];
  const wrappers: { type: number; name: string }[] = [];
  for (const segment of path) {
    const next = definitions.find((o) => o.name === segment && (o.type === O.Subcommand || o.type === O.SubcommandGroup));
    if (!next) fail(`/${name} has no subcommand or group "${segment}"`);
    wrappers.push({ type: next.type, name: next.name });
    definitions = 'options' in next && next.options ? (next.options as readonly APIApplicationCommandOption[]) : [];
  }
  if (definitions.some((o) => o.type === O.Subcommand || o.type === O.SubcommandGroup)) {
    fail(`/${[name, ...path].join(' ')} needs a subcommand: ${definitions.map((o) => o.name).join(', ')}`);
  }

  for (const key of Object.keys(values)) {
    if (!definitions.some((d) => d.name === key)) fail(`/${[name, ...path].join(' ')} has no option "${key}"`);
  }
  const leaf: BuiltOption[] = [];
  for (const definition of definitions) {
    const value = values[definition.name];
    if (value === undefined) {
      if ('required' in definition && definition.required && focused === undefined) fail(`option "${definition.name}" is required`);
      continue;
    }
    if (definition.name === focused) {
      leaf.push({ type: definition.type, name: definition.name, value: String(value), focused: true });
      continue;
    }
    leaf.push({ type: definition.type, name: definition.name, value: convert(core, definition, value, resolved, guild, channelId, unchecked || focused !== undefined) });
  }
  let options: BuiltOption[] = leaf;
  for (const wrapper of [...wrappers].reverse()) options = [{ type: wrapper.type, name: wrapper.name, options }];

  const data: Record<string, unknown> = { id: registered.id, name: registered.name, type: registered.type, options };
  if (registered.guild_id) data.guild_id = registered.guild_id;
  const used = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0));
  if (Object.keys(used).length > 0) data.resolved = used;
  return { data, commandName: [registered.name, ...path].join(' ') };
}

function convert(
  core: Core,
  definition: APIApplicationCommandOption,
  value: OptionValue,
  resolved: Resolved,
  guild: GuildRecord | null,
  channelId: string,
  lenient: boolean,
): string | number | boolean {
  const label = `option "${definition.name}"`;
  switch (definition.type) {
    case O.String: {
      if (typeof value !== 'string') return lenient && typeof value !== 'object' ? value : fail(`${label} expects a string`);
      checkChoice(definition, value, lenient);
      if (!lenient && definition.min_length !== undefined && value.length < definition.min_length) fail(`${label} is shorter than ${definition.min_length}`);
      if (!lenient && definition.max_length !== undefined && value.length > definition.max_length) fail(`${label} is longer than ${definition.max_length}`);
      return value;
    }
    case O.Integer:
    case O.Number: {
      if (typeof value !== 'number' || (definition.type === O.Integer && !Number.isInteger(value))) {
        return lenient && typeof value !== 'object' ? value : fail(`${label} expects ${definition.type === O.Integer ? 'an integer' : 'a number'}`);
      }
      checkChoice(definition, value, lenient);
      if (!lenient && definition.min_value !== undefined && value < definition.min_value) fail(`${label} is below ${definition.min_value}`);
      if (!lenient && definition.max_value !== undefined && value > definition.max_value) fail(`${label} is above ${definition.max_value}`);
      return value;
    }
    case O.Boolean:
      if (typeof value !== 'boolean') return lenient && typeof value !== 'object' ? value : fail(`${label} expects a boolean`);
      return value;
    case O.User:
    case O.Mentionable:
    case O.Role: {
      if (typeof value !== 'string') fail(`${label} expects an id`);
      // Unchecked: a role of another server too, as no client could pick.
      const role = guild?.roles.get(value) ?? (lenient ? [...core.state.guilds.values()].find((other) => other.roles.has(value))?.roles.get(value) : undefined);
      if (role && definition.type !== O.User) {
        resolved.roles[value] = rolePayload(role);
        return value;
      }
      const user = definition.type !== O.Role ? core.state.user(value) : undefined;
      if (!user) fail(`${label}: unknown ${definition.type === O.Role ? 'role' : 'user'} ${value}`);
      resolved.users[value] = userPayload(user);
      const member = guild?.members.get(value);
      const channel = core.state.channels.get(channelId);
      if (member && channel) {
        const { user: _user, deaf: _deaf, mute: _mute, ...rest } = memberPayload(member, user);
        resolved.members[value] = { ...rest, permissions: permissionsIn(core, channel, value).toString() };
      }
      return value;
    }
    case O.Channel: {
      if (typeof value !== 'string') fail(`${label} expects a channel id`);
      const channel = core.state.requireChannel(value);
      if (!lenient && definition.channel_types?.length && !definition.channel_types.includes(channel.type as never)) fail(`${label} does not accept channel type ${channel.type}`);
      resolved.channels[value] = {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        permissions: permissionsIn(core, channel, core.bot.id).toString(),
        ...(channel.parentId ? { parent_id: channel.parentId } : {}),
      };
      return value;
    }
    case O.Attachment: {
      if (!isAttachment(value)) fail(`${label} expects { filename, data }`);
      const data = typeof value.data === 'string' ? Buffer.from(value.data, value.encoding ?? 'utf8') : Buffer.from(value.data);
      const id = nextSnowflake();
      const contentType = value.contentType ?? 'application/octet-stream';
      const url = `${core.httpUrl}/attachments/${channelId}/${id}/${encodeURIComponent(value.filename)}`;
      core.state.attachments.set(id, { id, filename: value.filename, contentType, size: data.length, data, messageId: null });
      const attachment: APIAttachment = { id, filename: value.filename, size: data.length, url, proxy_url: url, content_type: contentType, ephemeral: true };
      resolved.attachments[id] = attachment;
      return id;
    }
    default:
      return fail(`${label} has an unsupported type ${definition.type}`);
  }
}

function checkChoice(definition: APIApplicationCommandOption, value: string | number, lenient: boolean): void {
  if (lenient || !('choices' in definition) || !definition.choices?.length) return;
  const choices = definition.choices as readonly { value: string | number }[];
  if (!choices.some((c) => c.value === value)) fail(`option "${definition.name}" must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
}
