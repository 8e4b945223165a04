import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Core } from '../core.js';
import { Errors } from '../errors.js';
import { channelPayload, memberPayload, rolePayload } from '../payloads.js';
import { has } from '../permissions.js';
import { permissionsIn } from '../services/access.js';
import { guildPayload } from '../services/guilds.js';
import type { GuildRecord } from '../state/records.js';
import { ok, param } from './types.js';
import type { RestRequest, RestResult, RouteDef } from './types.js';

const GUILD_MEMBERS_INTENT = 1 << 1;

function guildOf(core: Core, request: RestRequest): GuildRecord {
  return core.state.requireGuild(param(request, 'guildId'));
}

function listMembers(core: Core, request: RestRequest): RestResult {
  const guild = guildOf(core, request);
  // Listing members needs the privileged Server Members intent enabled for the application.
  if ((core.config.allowedPrivilegedIntents & GUILD_MEMBERS_INTENT) === 0) throw Errors.missingAccess();
  const limit = Math.min(1_000, Math.max(1, Number(request.query.get('limit') ?? 1) || 1));
  const after = BigInt(request.query.get('after') ?? '0');
  const members = [...guild.members.values()]
    .filter((m) => BigInt(m.userId) > after)
    .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
    .slice(0, limit);
  return ok(members.map((m) => memberPayload(m, core.state.requireUser(m.userId))));
}

function searchMembers(core: Core, request: RestRequest): RestResult {
  const guild = guildOf(core, request);
  const query = (request.query.get('query') ?? '').toLowerCase();
  const limit = Math.min(1_000, Math.max(1, Number(request.query.get('limit') ?? 1) || 1));
  const found = [];
  for (const member of guild.members.values()) {
    const user = core.state.requireUser(member.userId);
    if (user.username.toLowerCase().startsWith(query) || member.nick?.toLowerCase().startsWith(query)) found.push(memberPayload(member, user));
    if (found.length >= limit) break;
  }
  return ok(found);
}

export const guildRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId',
    handle: (core, r) => {
      const guild = guildOf(core, r);
      const counts = r.query.get('with_counts') === 'true' ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {};
      return ok({ ...guildPayload(guild), ...counts });
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/channels',
    handle: (core, r) => {
      const guild = guildOf(core, r);
      const users = (id: string) => core.state.users.get(id);
      const channels = [...guild.channelIds].map((id) => core.state.channels.get(id)).filter((c) => c && !c.deleted && !c.thread);
      return ok(channels.map((c) => (c ? channelPayload(c, users) : null)));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/threads/active',
    handle: (core, r) => {
      const guild = guildOf(core, r);
      const users = (id: string) => core.state.users.get(id);
      const threads = [...guild.channelIds]
        .map((id) => core.state.channels.get(id))
        .filter((c) => c?.thread && !c.deleted && !c.thread.archived && has(permissionsIn(core, c, core.bot.id), PermissionFlagsBits.ViewChannel));
      return ok({ threads: threads.map((c) => (c ? channelPayload(c, users) : null)), members: [] });
    },
  },
  { method: 'GET', pattern: '/guilds/:guildId/roles', handle: (core, r) => ok([...guildOf(core, r).roles.values()].map(rolePayload)) },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/members/:userId',
    handle: (core, r) => {
      const guild = guildOf(core, r);
      const userId = param(r, 'userId') === '@me' ? core.bot.id : param(r, 'userId');
      const member = guild.members.get(userId);
      if (!member) throw Errors.unknownMember();
      return ok(memberPayload(member, core.state.requireUser(userId)));
    },
  },
  { method: 'GET', pattern: '/guilds/:guildId/members', handle: listMembers },
  { method: 'GET', pattern: '/guilds/:guildId/members/search', handle: searchMembers },
];
