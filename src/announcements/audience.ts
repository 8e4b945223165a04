import type { Ping } from './announcement.js';

/** Who a post will notify, as the preview states it: the role and how many hold it, everyone, or no one. */

export type MemberCount =
  | { readonly kind: 'exact'; readonly count: number }
  | { readonly kind: 'approximate'; readonly count: number }
  | { readonly kind: 'unknown'; readonly reason: string };

/** The port that counts members (the REST implementation is discord/rest-member-directory.ts; tests pass a fake). */
export interface MemberDirectory {
  countEveryone(guildId: string): Promise<MemberCount>;
  countRole(guildId: string, roleId: string): Promise<MemberCount>;
}

export type Audience =
  | { readonly kind: 'nobody' }
  | { readonly kind: 'role'; readonly roleId: string; readonly members: MemberCount }
  | { readonly kind: 'everyone'; readonly members: MemberCount };

export async function audienceOf(guildId: string, ping: Ping, directory: MemberDirectory): Promise<Audience> {
  if (ping.kind === 'role') return { kind: 'role', roleId: ping.roleId, members: await directory.countRole(guildId, ping.roleId) };
  if (ping.kind === 'everyone') return { kind: 'everyone', members: await directory.countEveryone(guildId) };
  return { kind: 'nobody' };
}

/** One line: `Notifies @Role: 12 members hold it.` */
export function describeAudience(audience: Audience): string {
  switch (audience.kind) {
    case 'nobody':
      return '🔕 Notifies **no one** (no ping).';
    case 'role': {
      const { members } = audience;
      if (members.kind === 'unknown') return `🔔 Notifies everyone holding <@&${audience.roleId}> (I could not count them: ${members.reason}).`;
      if (members.count === 0) return `🔔 Pings <@&${audience.roleId}>, which **no one** holds: nobody will be notified.`;
      const about = members.kind === 'approximate' ? 'about ' : '';
      return `🔔 Notifies <@&${audience.roleId}>: ${about}**${formatCount(members.count)}** ${members.count === 1 ? 'member holds' : 'members hold'} it.`;
    }
    case 'everyone': {
      const { members } = audience;
      if (members.kind === 'unknown') return `📢 Notifies **@everyone**: every member of the server (I could not count them: ${members.reason}).`;
      if (members.kind === 'approximate') return `📢 Notifies **@everyone**: every member of the server, about **${formatCount(members.count)}**.`;
      return members.count === 1 ? '📢 Notifies **@everyone**: the server\'s **1** member.' : `📢 Notifies **@everyone**: all **${formatCount(members.count)}** members of the server.`;
    }
  }
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
