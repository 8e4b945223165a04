import { ChannelType, MessageFlags, PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { z } from 'zod';
import type { QaContext } from './context.js';
import { UserError } from '../../core/errors.js';
import { snowflakeArg } from '../../discord/custom-id.js';
import { parseOptions } from '../../discord/options.js';
import { missingBotPermissions } from '../../discord/permissions.js';
import { anyOf, botCan, memberPermission, moderator, onlyWhen, type Precondition, type PreconditionInput } from '../../discord/preconditions.js';
import { respond } from '../../discord/respond.js';
import type { SetupChanges } from '../settings.js';
import { withExpertSettings } from '../render/experts.js';
import { settingsEmbed } from '../render/reports.js';
import { qaActor } from './actor.js';
import { chooseForumTag } from './forum-tag.js';
import type { CustomId } from '../../discord/custom-id.js';
import { archiveAfterOption, chooseAnsweredTag, createSolvedTags, forumSetupNotes } from './forum-setup.js';

export const QA_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildForum] as const;
export const DIGEST_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;
export const CLEARABLE = ['channel', 'forum-tag', 'answered-tag', 'digest', 'moderator-role', 'nudge'] as const;

const setupSchema = z.object({
  channelId: snowflakeArg.optional(),
  tag: z.string().trim().min(1, 'tag: pick one of the forum\'s tags.').max(100, 'tag: pick one of the forum\'s tags.').optional(),
  answeredTag: z.string().trim().min(1, 'answered-tag: pick one of the forum\'s tags.').max(100, 'answered-tag: pick one of the forum\'s tags.').optional(),
  archiveAfter: archiveAfterOption.optional(),
  review: z.boolean().optional(),
  digestId: snowflakeArg.optional(),
  moderatorRoleId: snowflakeArg.optional(),
  questionLimit: z.number().int().min(1, 'question-limit: at least 1.').max(50, 'question-limit: at most 50.').optional(),
  answerLimit: z.number().int().min(1, 'answer-limit: at least 1.').max(200, 'answer-limit: at most 200.').optional(),
  nudgeAfter: z.number().int().min(1, 'nudge-after: at least 1 day.').max(60, 'nudge-after: at most 60 days.').optional(),
  expertLimit: z.number().int().min(1, 'expert-limit: at least 1.').max(50, 'expert-limit: at most 50.').optional(),
  escalateAfter: z.number().int().min(0, 'escalate-after: 0 (never) or more hours.').max(720, 'escalate-after: at most 720 hours (30 days).').optional(),
  clear: z.enum(CLEARABLE).optional(),
});

const P = PermissionFlagsBits;
const QA_TEXT_NEEDS = [P.ViewChannel, P.SendMessages, P.EmbedLinks, P.CreatePublicThreads, P.SendMessagesInThreads, P.ReadMessageHistory];
const QA_FORUM_NEEDS = [P.ViewChannel, P.SendMessages, P.EmbedLinks, P.SendMessagesInThreads];
const DIGEST_NEEDS = [P.ViewChannel, P.SendMessages, P.EmbedLinks];

/** Whether /qa setup was given anything to change (without options it shows the settings). */
const changesSettings = ({ interaction }: PreconditionInput): boolean =>
  interaction.isChatInputCommand() && (interaction.options.data[0]?.options?.length ?? 0) > 0;

/**
 * Who may use /qa setup, and what the bot needs in the channels it names: any Q&A moderator sees the
 * settings; changing them needs Manage Server, so the moderator role cannot grant itself more.
 */
export const SETUP_REQUIRES: readonly Precondition<'moderation'>[] = [
  anyOf(moderator(P.ManageMessages), memberPermission(P.ManageGuild)),
  onlyWhen(changesSettings, memberPermission(P.ManageGuild)),
  botCan('channel', 'post questions', (channel) => (channel.type === ChannelType.GuildForum ? QA_FORUM_NEEDS : QA_TEXT_NEEDS)),
  botCan('digest', 'post the digest', DIGEST_NEEDS),
];

/**
 * /qa setup: the Q&A channel (text or forum), anonymous review, limits, the weekly digest and the
 * moderator role. Changing who moderates needs Manage Server, so the moderator role cannot grant
 * itself more; without options it shows the settings to any Q&A moderator.
 */
export async function runSetup(interaction: ChatInputCommandInteraction, context: QaContext): Promise<void> {
  const { qa, moderation } = context;
  const actor = await qaActor(interaction, context);
  const options = parseOptions(setupSchema, {
    channelId: interaction.options.getChannel('channel')?.id,
    tag: interaction.options.getString('tag') ?? undefined,
    answeredTag: interaction.options.getString('answered-tag') ?? undefined,
    archiveAfter: interaction.options.getString('archive-after') ?? undefined,
    review: interaction.options.getBoolean('review') ?? undefined,
    digestId: interaction.options.getChannel('digest')?.id,
    moderatorRoleId: interaction.options.getRole('moderator-role')?.id,
    questionLimit: interaction.options.getInteger('question-limit') ?? undefined,
    answerLimit: interaction.options.getInteger('answer-limit') ?? undefined,
    nudgeAfter: interaction.options.getInteger('nudge-after') ?? undefined,
    expertLimit: interaction.options.getInteger('expert-limit') ?? undefined,
    escalateAfter: interaction.options.getInteger('escalate-after') ?? undefined,
    clear: interaction.options.getString('clear') ?? undefined,
  });
  const changing = Object.values(options).some((value) => value !== undefined);
  if (!changing) {
    const settings = await qa.settings.get(actor.guildId);
    const forum = await qa.forum.settings(actor.guildId);
    const notes = await forumSetupNotes(interaction, settings, forum);
    const embed = withExpertSettings(settingsEmbed(settings, await moderation.moderatorRoleId(actor.guildId), notes.warnings, forum), qa.experts.settings(actor.guildId));
    await respond(interaction, { embeds: [embed], components: notes.components, ephemeral: true });
    return;
  }
  if (options.moderatorRoleId === actor.guildId) throw new UserError('qa.everyone-moderator', 'The moderator role cannot be @everyone. Pick a role only moderators have.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const warnings: string[] = [];
  const changes: { -readonly [K in keyof SetupChanges]: SetupChanges[K] } = { guildName: interaction.guild?.name ?? null };
  if (options.channelId) {
    const kind = await checkChannel(interaction, options.channelId, 'qa', warnings);
    changes.channel = { id: options.channelId, kind };
  }
  const before = await qa.settings.get(actor.guildId);
  const target = changes.channel ? { channelId: changes.channel.id, kind: changes.channel.kind, changed: changes.channel.id !== before.channelId } : { channelId: before.channelId, kind: before.channelKind, changed: false };
  if (options.clear !== 'channel') {
    const forumTag = await chooseForumTag(interaction, target, { tag: options.tag, clear: options.clear === 'forum-tag' });
    if (forumTag !== undefined) changes.forumTag = forumTag;
  }
  const unansweredTagId = changes.forumTag !== undefined ? (changes.forumTag?.id ?? null) : target.changed ? null : before.forumTagId;
  const answeredTag = options.clear === 'channel' ? undefined : await chooseAnsweredTag(interaction, { ...target, unansweredTagId }, { tag: options.answeredTag, clear: options.clear === 'answered-tag' });
  if (options.digestId) {
    await checkChannel(interaction, options.digestId, 'digest', warnings);
    changes.digestChannelId = options.digestId;
  }
  if (options.review !== undefined) changes.reviewAnonymous = options.review;
  if (options.questionLimit !== undefined) changes.questionLimit = options.questionLimit;
  if (options.answerLimit !== undefined) changes.answerLimit = options.answerLimit;
  if (options.clear === 'channel') changes.channel = null;
  if (options.clear === 'digest') changes.digestChannelId = null;
  if (options.nudgeAfter !== undefined) changes.nudgeAfterDays = options.nudgeAfter;
  if (options.clear === 'nudge') changes.nudgeAfterDays = null;
  const roleId = options.clear === 'moderator-role' ? null : options.moderatorRoleId;
  if (roleId !== undefined) {
    await moderation.setModeratorRole(actor.guildId, roleId, actor.userId);
    changes.moderatorRoleId = roleId;
  }
  // Expert routing keeps its own settings (and audit entry): the rest is saved only when changed.
  const { expertLimit, escalateAfter, ...rest } = options;
  const settings = Object.values(rest).some((value) => value !== undefined) ? await qa.settings.setup(actor.guildId, { userId: actor.userId, moderator: true }, changes) : await qa.settings.get(actor.guildId);
  const forumId = settings.channelKind === 'forum' ? settings.channelId : null;
  // An Answered tag belongs to its forum: a new Q&A channel leaves it behind without a word here.
  const forum = answeredTag !== undefined || options.archiveAfter !== undefined
    ? await qa.forum.configure(actor.guildId, { userId: actor.userId, moderator: true }, { forumId, ...(answeredTag !== undefined ? { answeredTag } : {}), ...(options.archiveAfter !== undefined ? { archiveAfterMinutes: options.archiveAfter } : {}) })
    : await qa.forum.settings(actor.guildId);
  const experts =
    expertLimit !== undefined || escalateAfter !== undefined
      ? await qa.experts.configure(actor.guildId, { userId: actor.userId, moderator: true }, {
          ...(expertLimit !== undefined ? { dailyLimit: expertLimit } : {}),
          ...(escalateAfter !== undefined ? { escalateAfterHours: escalateAfter } : {}),
        })
      : qa.experts.settings(actor.guildId);
  const notes = await forumSetupNotes(interaction, settings, forum);
  const embed = withExpertSettings(settingsEmbed(settings, await moderation.moderatorRoleId(actor.guildId), [...warnings, ...notes.warnings], forum), experts);
  await respond(interaction, { content: 'Q&A settings saved.', embeds: [embed], components: notes.components, ephemeral: true });
}

/** The setup reply's "Create Unanswered and Answered tags": the tags added to the forum and chosen, the reply updated. */
export async function createTagsFromSetup(interaction: ButtonInteraction, context: QaContext, customId: CustomId): Promise<void> {
  const { qa, moderation } = context;
  const actor = { ...(await qaActor(interaction, context)), moderator: true };
  await interaction.deferUpdate();
  const created = await createSolvedTags(interaction, customId, { settings: await qa.settings.get(actor.guildId), forumSettings: await qa.forum.settings(actor.guildId) });
  const settings = await qa.settings.setup(actor.guildId, actor, { forumTag: created.unanswered });
  const forum = await qa.forum.configure(actor.guildId, actor, { forumId: created.forumId, answeredTag: created.answered });
  const content = `Done: questions in <#${created.forumId}> are posted as **${created.unanswered.name}** and switch to **${created.answered.name}** when an answer is accepted.`;
  await interaction.editReply({ content, embeds: [settingsEmbed(settings, await moderation.moderatorRoleId(actor.guildId), [], forum)], components: [], allowedMentions: { parse: [] } });
}

/**
 * What the router's checks (this server's channel, of a type the option takes, the bot can post)
 * leave to Q&A: a forum that demands tags, and what only degrades the feature.
 */
async function checkChannel(interaction: ChatInputCommandInteraction, channelId: string, use: 'qa' | 'digest', warnings: string[]): Promise<'text' | 'forum'> {
  const guild = interaction.guild;
  const channel = guild?.channels.cache.get(channelId);
  if (!guild || !channel) throw new UserError('qa.channel-gone', `I can't see <#${channelId}> any more. Pick another channel.`);
  const kind = channel.type === ChannelType.GuildForum ? 'forum' : 'text';
  if (use === 'qa' && missingBotPermissions(channel, [P.ManageMessages]).length > 0) {
    warnings.push(`I lack **Manage Messages** in <#${channelId}>, so removing a question's message is up to moderators.`);
  }
  return kind;
}
