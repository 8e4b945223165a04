import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ForumChannel,
  type GuildForumTagData,
} from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { encodeCustomId, parseCustomIdArgs, snowflakeArg, type CustomId } from '../../discord/custom-id.js';
import { missingBotPermissions } from '../../discord/permissions.js';
import { inline } from '../../discord/text.js';
import type { ForumSettings } from '../forum.js';
import type { QaSettings } from '../types.js';
import { findTag, forumOf } from './forum-tag.js';

/** The button on /qa setup's reply that creates the two tags: the forum, the server and the moderator it was shown to. */
export const CREATE_TAGS_ACTION = 'forum-tags';
const createTagsArgs = z.tuple([snowflakeArg, snowflakeArg, snowflakeArg]);
const createTagsId = (forumId: string, guildId: string, userId: string) => encodeCustomId('qa', CREATE_TAGS_ACTION, forumId, guildId, userId);

/** Discord's limit of tags on one forum. */
const MAX_FORUM_TAGS = 20;
const NEW_TAGS = { unanswered: { name: 'Unanswered', emoji: '❓' }, answered: { name: 'Answered', emoji: '✅' } } as const;

/** `archive-after:` as typed: `off`, or hours or days (`12h`, `3d`, `2 days`) between 1 hour and 30 days; minutes out. */
export const archiveAfterOption = z
  .string()
  .trim()
  .toLowerCase()
  .transform((typed, context) => {
    if (typed === 'off' || typed === 'never') return null;
    const match = /^(\d{1,4})\s*(h|hours?|d|days?)$/.exec(typed);
    const minutes = match ? Number(match[1]) * (match[2]?.startsWith('d') ? 24 * 60 : 60) : Number.NaN;
    if (!(minutes >= 60 && minutes <= 30 * 24 * 60)) {
      context.addIssue({ code: 'custom', message: 'archive-after: hours or days from 1h to 30d (like `12h` or `3d`), or `off`.' });
      return z.NEVER;
    }
    return minutes;
  });

/**
 * The Answered tag of `/qa setup answered-tag:`: one of the Q&A forum's tags, not the Unanswered one
 * (which must be chosen too: the switch needs both), and a moderators-only one only when the bot holds
 * Manage Threads there. Returns undefined when it does not change.
 */
export async function chooseAnsweredTag(
  interaction: ChatInputCommandInteraction,
  after: { readonly channelId: string | null; readonly kind: 'text' | 'forum' | null; readonly unansweredTagId: string | null },
  option: { readonly tag: string | undefined; readonly clear: boolean },
): Promise<{ id: string; name: string } | null | undefined> {
  if (option.clear) return null;
  if (option.tag === undefined) return undefined;
  const forum = interaction.guild && after.channelId && after.kind === 'forum' ? await forumOf(interaction.guild, after.channelId) : null;
  if (!forum) throw new UserError('qa.tag-without-forum', 'The Answered tag is for a forum Q&A channel: pick the forum with `channel:` as well.');
  const chosen = findTag(forum, option.tag);
  if (!after.unansweredTagId) throw new UserError('qa.answered-needs-unanswered', `Posts switch from one tag to the other: choose the tag questions are posted with (Unanswered) with \`tag:\` too.`);
  if (chosen.id === after.unansweredTagId) throw new UserError('qa.same-tags', `**${inline(chosen.name, 40)}** is already the tag questions are posted with: pick another tag for answered ones.`);
  if (chosen.moderated) {
    if (missingBotPermissions(forum, [PermissionFlagsBits.ManageThreads]).length > 0) {
      throw new UserError('qa.tag-moderated', `Only moderators may apply **${inline(chosen.name, 40)}** in <#${forum.id}>, and I lack **Manage Threads** there. Grant it, or choose another tag.`);
    }
  }
  return { id: chosen.id, name: chosen.name };
}

/** What /qa setup's reply says about the forum workflow: tags deleted on Discord, and the offer to create missing ones. */
export async function forumSetupNotes(
  interaction: ChatInputCommandInteraction,
  settings: QaSettings,
  forumSettings: ForumSettings,
): Promise<{ warnings: string[]; components: ActionRowBuilder<ButtonBuilder>[] }> {
  const none = { warnings: [], components: [] };
  if (!interaction.guild || settings.channelKind !== 'forum' || !settings.channelId) return none;
  const forum = await forumOf(interaction.guild, settings.channelId);
  if (!forum) return none;
  const warnings: string[] = [];
  const has = (id: string | null) => id !== null && forum.availableTags.some((tag) => tag.id === id);
  for (const [id, name, option] of [[settings.forumTagId, settings.forumTagName, 'tag'], [forumSettings.answeredTagId, forumSettings.answeredTagName, 'answered-tag']] as const) {
    if (id && !has(id)) warnings.push(`The **${inline(name ?? '?', 40)}** tag was deleted from <#${forum.id}>: pick another with \`${option}:\`. Posts keep their tags until then.`);
  }
  if (has(settings.forumTagId) && has(forumSettings.answeredTagId)) return { warnings, components: [] };
  if (missingBotPermissions(forum, [PermissionFlagsBits.ManageChannels]).length > 0) {
    warnings.push(
      `Posts can switch from an **Unanswered** to an **Answered** tag when an answer is accepted. Pick two of <#${forum.id}>'s tags with \`tag:\` and \`answered-tag:\`, or grant me **Manage Channels** in <#${forum.id}> and run \`/qa setup\` again: I will offer to create them.`,
    );
    return { warnings, components: [] };
  }
  const button = new ButtonBuilder().setCustomId(createTagsId(forum.id, forum.guildId, interaction.user.id)).setLabel('Create Unanswered and Answered tags').setStyle(ButtonStyle.Primary);
  return { warnings, components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)] };
}

/**
 * The "Create Unanswered and Answered tags" button: adds the missing ones to the forum (keeping its
 * other tags; a tag already named so is reused) and makes them the Q&A tags. Only the moderator it was
 * shown to, in that server, while the forum is still the Q&A channel.
 */
export async function createSolvedTags(
  interaction: ButtonInteraction,
  customId: CustomId,
  current: { readonly settings: QaSettings; readonly forumSettings: ForumSettings },
): Promise<{ unanswered: { id: string; name: string }; answered: { id: string; name: string }; forumId: string }> {
  const [forumId, guildId, userId] = parseCustomIdArgs(customId, createTagsArgs);
  if (guildId !== interaction.guildId || userId !== interaction.user.id) throw new UserError('component.not-yours', 'This button was made for someone else, or another server. Run `/qa setup` yourself.');
  const forum = interaction.guild && current.settings.channelId === forumId ? await forumOf(interaction.guild, forumId) : null;
  if (!forum) throw new UserError('component.stale', 'The Q&A channel changed since: run `/qa setup` again.');
  if (missingBotPermissions(forum, [PermissionFlagsBits.ManageChannels]).length > 0) {
    throw new UserError('qa.forum-manage', `I need **Manage Channels** in <#${forum.id}> to add tags. Grant it, or pick two existing tags with \`tag:\` and \`answered-tag:\`.`);
  }
  const byName = (name: string) => forum.availableTags.find((tag) => tag.name.toLowerCase() === name.toLowerCase());
  const keep = (id: string | null) => forum.availableTags.find((tag) => tag.id === id);
  const missing = (['unanswered', 'answered'] as const).filter((which) => !(which === 'unanswered' ? keep(current.settings.forumTagId) : keep(current.forumSettings.answeredTagId)) && !byName(NEW_TAGS[which].name));
  if (forum.availableTags.length + missing.length > MAX_FORUM_TAGS) {
    throw new UserError('qa.forum-full', `<#${forum.id}> has ${forum.availableTags.length} tags and Discord allows ${MAX_FORUM_TAGS}: delete one, or pick two existing tags with \`tag:\` and \`answered-tag:\`.`);
  }
  const updated = missing.length > 0 ? await forum.setAvailableTags([...forum.availableTags.map(existingTag), ...missing.map((which) => ({ name: NEW_TAGS[which].name, emoji: { id: null, name: NEW_TAGS[which].emoji } }))]) : forum;
  const tagOf = (which: 'unanswered' | 'answered'): { id: string; name: string } => {
    const chosen = which === 'unanswered' ? current.settings.forumTagId : current.forumSettings.answeredTagId;
    const tag = updated.availableTags.find((candidate) => candidate.id === chosen) ?? updated.availableTags.find((candidate) => candidate.name.toLowerCase() === NEW_TAGS[which].name.toLowerCase());
    if (!tag) throw new Error(`forum ${forum.id} has no ${which} tag after creating it`);
    return { id: tag.id, name: tag.name };
  };
  return { unanswered: tagOf('unanswered'), answered: tagOf('answered'), forumId: forum.id };
}

/** A forum's tag as Discord takes it back unchanged (its id keeps it). */
function existingTag(tag: ForumChannel['availableTags'][number]): GuildForumTagData {
  return { id: tag.id, name: tag.name, moderated: tag.moderated, emoji: tag.emoji };
}
