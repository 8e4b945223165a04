import { Routes, type APIGuild, type APIGuildMember } from 'discord-api-types/v10';
import type { REST } from 'discord.js';
import { toDeliveryError } from '../../discord/rest-poster.js';
import type { MemberCount, MemberDirectory } from '../audience.js';

const PAGE_SIZE = 1_000;
/**
 * Counting a role means listing members (Discord has no per-role count): 1,000 a request. Beyond
 * this many members the preview says so instead of making a moderator wait for dozens of pages.
 */
const MAX_COUNTED_MEMBERS = 10_000;

/**
 * After Discord refused the member list (403: the application lacks the Server Members intent, which it
 * does not ask for), how long this process stops asking: each refusal counts towards the invalid-request ban.
 */
const LIST_REFUSED_BACKOFF_MS = 60 * 60_000;
const listRefusedUntil = new WeakMap<REST, number>();

/** Member counts over Discord's REST API. Listing members needs the Server Members privileged intent. */
export function createRestMemberDirectory(rest: REST, now: () => number = Date.now): MemberDirectory {
  const approximateMembers = async (guildId: string): Promise<number | undefined> => {
    const guild = (await rest.get(Routes.guild(guildId), { query: new URLSearchParams({ with_counts: 'true' }) })) as APIGuild;
    return guild.approximate_member_count;
  };

  return {
    async countEveryone(guildId) {
      try {
        const count = await approximateMembers(guildId);
        return count === undefined ? { kind: 'unknown', reason: 'Discord did not say' } : { kind: 'approximate', count };
      } catch (error) {
        return unknown(error);
      }
    },

    async countRole(guildId, roleId) {
      try {
        const total = await approximateMembers(guildId);
        if (total !== undefined && total > MAX_COUNTED_MEMBERS) {
          return { kind: 'unknown', reason: `I only count role members in servers of up to ${MAX_COUNTED_MEMBERS.toLocaleString('en-US')} members` };
        }
        if (now() < (listRefusedUntil.get(rest) ?? 0)) return { kind: 'unknown', reason: NO_MEMBERS_INTENT };
        let count = 0;
        let after = '0';
        for (let scanned = 0; scanned < MAX_COUNTED_MEMBERS; scanned += PAGE_SIZE) {
          const page = (await rest.get(Routes.guildMembers(guildId), { query: new URLSearchParams({ limit: String(PAGE_SIZE), after }) })) as APIGuildMember[];
          count += page.filter((member) => member.roles.includes(roleId)).length;
          const last = page.at(-1)?.user.id;
          if (page.length < PAGE_SIZE || !last) return { kind: 'exact', count };
          after = last;
        }
        return { kind: 'unknown', reason: `the server has more than ${MAX_COUNTED_MEMBERS.toLocaleString('en-US')} members` };
      } catch (error) {
        const count = unknown(error);
        if (count.kind === 'unknown' && count.reason === NO_MEMBERS_INTENT) listRefusedUntil.set(rest, now() + LIST_REFUSED_BACKOFF_MS);
        return count;
      }
    },
  };
}

const NO_MEMBERS_INTENT = 'listing members needs the Server Members intent, which this bot does not have';

function unknown(error: unknown): MemberCount {
  const failure = toDeliveryError(error).failure;
  // 403 on the member list: the application does not have the Server Members intent.
  const reason = failure === 'forbidden' ? NO_MEMBERS_INTENT : 'Discord did not answer in time';
  return { kind: 'unknown', reason };
}
