import { ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { memberPayload, userPayload } from '../payloads.js';
import { has } from '../permissions.js';
import { permissionsIn } from '../services/access.js';
import type { ChannelRecord, GuildRecord, StoredMessage } from '../state/records.js';
import type { CommandData } from './command-data.js';

/** A context-menu command's type, as the driver names it. */
export type ContextMenuKind = 'user' | 'message';

const TYPE: Record<ContextMenuKind, ApplicationCommandType.User | ApplicationCommandType.Message> = {
  user: ApplicationCommandType.User,
  message: ApplicationCommandType.Message,
};

function fail(message: string): never {
  throw new Error(message);
}

/**
 * The registered context-menu command a member picks under Apps: the guild's own first, then global, and only
 * where its `contexts` let Discord's client show it (a guild-only global command is not offered in a DM).
 */
function findContextMenu(core: Core, kind: ContextMenuKind, name: string, guild: GuildRecord | null): APIApplicationCommand {
  const registered = core.commands.find(name, guild?.id ?? null, TYPE[kind]);
  if (!registered) {
    const offered = [...(guild ? core.commands.list(guild.id) : []), ...core.commands.list(null)].filter((c) => c.type === TYPE[kind]).map((c) => `"${c.name}"`);
    fail(`no ${kind} command "${name}" is registered${guild ? ` for guild ${guild.id}` : ''} (did the bot deploy it?); ${kind} commands: ${offered.join(', ') || 'none'}`);
  }
  const context = guild ? InteractionContextType.Guild : InteractionContextType.BotDM;
  if (registered.contexts && !registered.contexts.includes(context)) fail(`the ${kind} command "${name}" is not offered ${guild ? 'in a server' : 'in a DM with the bot'} (its contexts: ${registered.contexts.join(', ')})`);
  return registered;
}

function base(registered: APIApplicationCommand, targetId: string, resolved: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return {
    id: registered.id,
    name: registered.name,
    type: registered.type,
    target_id: targetId,
    resolved,
    ...(registered.guild_id ? { guild_id: registered.guild_id } : {}),
  };
}

/**
 * `data` of a MESSAGE command on `target` (interactions/receiving-and-responding, Application Command Data
 * Structure): `target_id` and the message in `resolved.messages`, with its full content whatever the bot's
 * intents (Discord sends it: message-content intent FAQ, "content in message context menu commands").
 * Unless `unchecked`, the member must see the message as Discord's client would: not deleted, not someone's
 * ephemeral reply, in a channel where they may view and read history.
 */
export function messageCommandData(core: Core, name: string, target: StoredMessage, channel: ChannelRecord, guild: GuildRecord | null, userId: string, unchecked: boolean): CommandData {
  const registered = findContextMenu(core, 'message', name, guild);
  if (!unchecked) {
    if (target.deleted) fail(`message ${target.message.id} was deleted: Discord's client no longer shows it (pass unchecked to send it anyway)`);
    if (target.ephemeralFor) fail(`message ${target.message.id} is ephemeral: Discord's client offers no Apps menu on it`);
    const permissions = permissionsIn(core, channel, userId);
    if (!has(permissions, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory)) fail(`user ${userId} cannot read the messages of channel ${channel.id}`);
  }
  const data = base(registered, target.message.id, { messages: { [target.message.id]: structuredClone(target.message) } });
  return { data, commandName: registered.name };
}

/** `data` of a USER command on `targetUserId`: the user in `resolved.users` and, in a server they belong to, their member (without `user`, with `permissions`) in `resolved.members`. */
export function userCommandData(core: Core, name: string, targetUserId: string, channel: ChannelRecord, guild: GuildRecord | null): CommandData {
  const registered = findContextMenu(core, 'user', name, guild);
  const user = core.state.user(targetUserId) ?? fail(`unknown user ${targetUserId}`);
  const resolved: Record<string, Record<string, unknown>> = { users: { [user.id]: userPayload(user) } };
  const member = guild?.members.get(user.id);
  if (member) {
    const { user: _user, deaf: _deaf, mute: _mute, ...rest } = memberPayload(member, user);
    resolved.members = { [user.id]: { ...rest, permissions: permissionsIn(core, channel, user.id).toString() } };
  }
  return { data: base(registered, user.id, resolved), commandName: registered.name };
}
