import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Announcement } from './announcement.js';

/**
 * Whether the bot can post an announcement in a channel, from what Discord's cache says about it
 * (the bot's permissions there, computed from the channel's overwrites). Pure, so every rule is
 * unit-tested; src/announcements/discord/channel-facts.ts gathers the facts from discord.js.
 */

export interface ChannelFacts {
  readonly kind: 'text' | 'announcement' | 'other' | 'unknown';
  /** The bot's permissions in the channel (roles and overwrites applied). */
  readonly botPermissions: bigint;
  /** The pinged role, when the announcement pings one; null when the role no longer exists. */
  readonly role?: { readonly mentionable: boolean } | null;
}

/** Discord's names for the permissions, as moderators see them in channel settings. */
const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;
const MENTION_EVERYONE = 'Mention @everyone, @here and All Roles';

/** What stops the post, each as a sentence part; empty when it can go out as previewed. */
export function channelProblems(plan: Pick<Announcement, 'ping' | 'publish' | 'channelId'>, facts: ChannelFacts): string[] {
  if (facts.kind === 'unknown') return [`I can't see <#${plan.channelId}> any more (deleted, or hidden from me)`];
  if (facts.kind === 'other') return [`<#${plan.channelId}> is not a text or announcement channel`];
  const has = (flag: bigint) => (facts.botPermissions & flag) === flag;
  const problems = NEEDED.filter(([flag]) => !has(flag)).map(([, name]) => `I'm missing **${name}** in <#${plan.channelId}>`);
  const canMentionAll = has(PermissionFlagsBits.MentionEveryone);
  if (plan.ping.kind === 'everyone' && !canMentionAll) {
    problems.push(`I'm missing **${MENTION_EVERYONE}** in <#${plan.channelId}>, so @everyone would notify no one`);
  }
  if (plan.ping.kind === 'role') {
    if (facts.role === null) problems.push(`the role <@&${plan.ping.roleId}> no longer exists`);
    else if (facts.role && !facts.role.mentionable && !canMentionAll) {
      problems.push(`<@&${plan.ping.roleId}> is not mentionable and I'm missing **${MENTION_EVERYONE}** in <#${plan.channelId}>, so the ping would notify no one`);
    }
  }
  if (plan.publish && facts.kind !== 'announcement') {
    problems.push(`**publish** needs an announcement channel, and <#${plan.channelId}> is a text channel`);
  }
  return problems;
}
