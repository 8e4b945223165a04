import {
  ChannelFlags,
  ChannelType,
  PermissionFlagsBits,
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type ForumChannel,
  type Guild,
} from 'discord.js';
import { UserError } from '../../core/errors.js';
import { missingBotPermissions } from '../../discord/permissions.js';
import { inline } from '../../discord/text.js';
import type { QaSettings } from '../types.js';

/** The Q&A channel /qa setup ends up with: the one chosen now, else the one already set. */
interface SetupTarget {
  readonly channelId: string | null;
  readonly kind: 'text' | 'forum' | null;
  /** Whether this setup picks a new channel (a tag belongs to its forum, so the old one goes). */
  readonly changed: boolean;
}

export async function forumOf(guild: Guild, channelId: string): Promise<ForumChannel | null> {
  const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
  return channel?.type === ChannelType.GuildForum ? channel : null;
}

/**
 * The forum tag of `/qa setup tag:`: a tag of the Q&A forum, named by the id autocomplete offers or
 * as typed. A forum that requires a tag on every post is refused without one, since questions
 * would stay pending there; a moderated tag needs the bot to hold Manage Threads in the forum.
 * Returns undefined when the tag does not change.
 */
export async function chooseForumTag(
  interaction: ChatInputCommandInteraction,
  target: SetupTarget,
  option: { readonly tag: string | undefined; readonly clear: boolean },
): Promise<{ id: string; name: string } | null | undefined> {
  if (option.tag === undefined && !option.clear && !target.changed) return undefined;
  if (!target.channelId) {
    if (option.tag !== undefined) throw new UserError('qa.tag-without-forum', 'Tags are for a forum Q&A channel: pick the forum with `channel:` as well.');
    return undefined;
  }
  const forum = interaction.guild && target.kind === 'forum' ? await forumOf(interaction.guild, target.channelId) : null;
  if (option.tag !== undefined && !forum) throw new UserError('qa.tag-without-forum', `Tags are for forum channels, and <#${target.channelId}> is not one. Leave \`tag:\` out, or pick a forum with \`channel:\`.`);
  if (!forum) return target.changed ? null : undefined;
  const chosen = option.tag === undefined ? null : findTag(forum, option.tag);
  if (!chosen && forum.flags.has(ChannelFlags.RequireTag)) {
    throw new UserError('qa.forum-tags', `<#${forum.id}> requires a tag on every post. Choose the one questions get with \`tag:\` (it offers the forum's tags), or turn off **Require people to select tags** in the forum's settings.`);
  }
  if (chosen?.moderated) {
    if (missingBotPermissions(forum, [PermissionFlagsBits.ManageThreads]).length > 0) {
      throw new UserError('qa.tag-moderated', `Only moderators may apply **${inline(chosen.name, 40)}** in <#${forum.id}>, and I lack **Manage Threads** there. Grant it, or choose another tag.`);
    }
  }
  return chosen && { id: chosen.id, name: chosen.name };
}

export function findTag(forum: ForumChannel, typed: string): ForumChannel['availableTags'][number] {
  const wanted = typed.trim().toLowerCase();
  const tag = forum.availableTags.find((candidate) => candidate.id === typed.trim()) ?? forum.availableTags.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (tag) return tag;
  const names = forum.availableTags.map((candidate) => `**${inline(candidate.name, 40)}**`).join(', ');
  throw new UserError('qa.unknown-tag', names ? `<#${forum.id}> has no tag "${inline(typed, 50)}". Its tags: ${names}.` : `<#${forum.id}> has no tags yet: add them in the forum's settings first.`);
}

/** Autocomplete of `tag:`: the tags of the forum chosen in `channel:` (or the Q&A forum already set). */
export function forumTagChoices(interaction: AutocompleteInteraction, settings: QaSettings, typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const chosen = interaction.options.get('channel')?.value;
  const channelId = typeof chosen === 'string' ? chosen : settings.channelId;
  // The guild's own cache: a channel id from another server finds nothing.
  const channel = channelId ? interaction.guild?.channels.cache.get(channelId) : undefined;
  if (channel?.type !== ChannelType.GuildForum) return [];
  const wanted = typed.trim().toLowerCase();
  return channel.availableTags
    .filter((tag) => tag.name.toLowerCase().includes(wanted))
    .slice(0, 25)
    .map((tag) => ({ name: `${tag.emoji?.name ? `${tag.emoji.name} ` : ''}${tag.name}${tag.moderated ? ' (moderators only)' : ''}`, value: tag.id }));
}
