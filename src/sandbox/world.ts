import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildInfo, LocalDiscordDriver } from '../local-discord/index.js';
import { BOT_PERMISSIONS } from '../discord/invite.js';
import type { NameResolver } from './command-line.js';

/** The ready-made server of the sandbox: channels, a moderator role, its owner and three members. */
export interface SandboxWorld extends NameResolver {
  readonly guild: GuildInfo;
  readonly channelIds: ReadonlyMap<string, string>;
  readonly people: { readonly moderator: string; readonly member: string };
  /** Everyone in the server by username (riley the owner, morgan the moderator, sam and alex). */
  readonly members: ReadonlyMap<string, string>;
  /** The roles (besides @everyone) each member has now; `give`/`take` in the sandbox change them. */
  readonly roles: Map<string, Set<string>>;
  readonly moderatorRoleId: string;
  nameOf(kind: 'user' | 'role' | 'channel', id: string): string;
  /** Threads and forum posts appear as the bot creates them; their names make mentions readable. */
  rememberChannel(id: string, name: string): void;
}

const MODERATOR_PERMISSIONS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.MentionEveryone;

export async function createSandboxWorld(discord: LocalDiscordDriver): Promise<SandboxWorld> {
  const owner = await discord.createUser({ username: 'riley', globalName: 'Riley (owner)' });
  const guild = await discord.createGuild({ name: 'CTO Community', ownerId: owner.id, botPermissions: BOT_PERMISSIONS });
  const names = new Map<string, string>([[owner.id, 'riley']]);
  const channelIds = new Map<string, string>();
  for (const [name, type] of [
    ['general', 'text'],
    ['leadership-tips', 'text'],
    ['announcements', 'announcement'],
    ['questions', 'text'],
  ] as const) {
    const channel = await discord.createChannel(guild.id, { name, type });
    channelIds.set(name, channel.id);
    names.set(channel.id, name);
  }
  const moderators = await discord.createRole(guild.id, { name: 'Moderators', permissions: MODERATOR_PERMISSIONS, mentionable: true });
  names.set(moderators.id, 'Moderators');
  const moderator = await discord.createMember(guild.id, { username: 'morgan', roles: [moderators.id] });
  const member = await discord.createMember(guild.id, { username: 'sam' });
  // A second member, so the two-person rule can be tried: `give alex @Moderators`.
  const second = await discord.createMember(guild.id, { username: 'alex' });
  names.set(moderator.user.id, 'morgan');
  names.set(member.user.id, 'sam');
  names.set(second.user.id, 'alex');
  names.set(discord.botUserId, 'CTO Mentor');
  names.set(guild.id, 'everyone');
  const byName = (name: string) => [...names.entries()].find(([, value]) => value.toLowerCase() === name.toLowerCase())?.[0];
  const members = new Map([
    ['riley', owner.id],
    ['morgan', moderator.user.id],
    ['sam', member.user.id],
    ['alex', second.user.id],
  ]);
  return {
    guild,
    channelIds,
    people: { moderator: moderator.user.id, member: member.user.id },
    members,
    roles: new Map([...members.values()].map((id) => [id, new Set(id === moderator.user.id ? [moderators.id] : [])])),
    moderatorRoleId: moderators.id,
    channel: (name) => channelIds.get(name.toLowerCase()),
    role: (name) => (name.toLowerCase() === 'everyone' ? guild.id : name.toLowerCase() === 'moderators' ? moderators.id : undefined),
    user: (name) => byName(name),
    nameOf: (_kind, id) => names.get(id) ?? id,
    rememberChannel: (id, name) => {
      if (!names.has(id)) names.set(id, name);
    },
  };
}
