import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { BODY_MAX, TITLE_MAX, type Announcement, type Ping } from '../src/announcements/announcement.js';
import { audienceOf } from '../src/announcements/audience.js';
import { channelProblems } from '../src/announcements/channel-check.js';
import { channelFacts } from '../src/announcements/discord/channel-facts.js';
import { ANNOUNCE_ACTIONS, idAndRevisionArgs, idArgs } from '../src/announcements/custom-ids.js';
import { FIELD_IDS, renderBodyModal, renderEditModal, renderRedraftModal } from '../src/announcements/render/modals.js';
import {
  renderChecking,
  renderDiscarded,
  renderEdited,
  renderEmptyQueue,
  renderHistory,
  renderList,
  renderPreview,
  renderQueueItem,
  renderRescheduled,
  renderSubmitted,
  type PostingCheck,
  type ReplyMessage,
} from '../src/announcements/render/replies.js';
import { createRestMemberDirectory } from '../src/announcements/discord/rest-member-directory.js';
import { UserError } from '../src/core/errors.js';
import { defineCommand } from '../src/discord/command.js';
import type { ContextOf } from '../src/discord/command-context.js';
import { parseCustomIdArgs, snowflakeArg } from '../src/discord/custom-id.js';
import { memberText, parseOptions, textField } from '../src/discord/options.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { memberPermission, moderator } from '../src/discord/preconditions.js';
import { NO_PINGS, respond, respondPrivately } from '../src/discord/respond.js';
import { timeZoneChoices } from '../src/scheduling/time/time-zones.js';

const CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const title = memberText({ min: 0, max: TITLE_MAX, tooShort: '', tooLong: `Keep the title under ${TITLE_MAX} characters.` });
const body = memberText({ min: 1, max: BODY_MAX, tooShort: 'Write the announcement text.', tooLong: `Keep the text under ${BODY_MAX.toLocaleString('en-US')} characters.` });
const at = z.string().trim().min(1).max(32);
const timezone = z.string().trim().min(1).max(64);

const composeSchema = z.object({
  channelId: snowflakeArg,
  channelType: z.union(CHANNEL_TYPES.map((type) => z.literal(type))),
  title: title.optional(),
  roleId: snowflakeArg.optional(),
  publish: z.boolean().default(false),
  at: at.optional(),
  timezone: timezone.optional(),
});
const idSchema = z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const editSchema = idSchema.extend({ at: at.optional(), timezone: timezone.optional() });
const textSchema = z.object({ title: title.optional(), body });

/** Options `post` and `schedule` share. */
function withComposeOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addStringOption((option) => option.setName('title').setDescription('Shown in bold above the text').setMaxLength(TITLE_MAX))
    .addRoleOption((option) => option.setName('ping').setDescription('The one role to notify; @everyone to notify everyone; empty: no one'))
    .addBooleanOption((option) => option.setName('publish').setDescription('Publish to servers following this announcement channel'));
}

const channelOption = (sub: SlashCommandSubcommandBuilder, required: boolean, description: string) =>
  sub.addChannelOption((option) => option.setName('channel').setDescription(description).setRequired(required).addChannelTypes(...CHANNEL_TYPES));

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('announce')
    .setDescription('Moderator announcements: compose, preview, post, schedule, edit, approve and audit.')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) => withComposeOptions(channelOption(sub.setName('post').setDescription('Write an announcement, preview it, then post it.'), true, 'Where to post')))
    .addSubcommand((sub) =>
      withComposeOptions(
        channelOption(sub.setName('schedule').setDescription('Write an announcement and post it later, exactly once.'), true, 'Where to post')
          .addStringOption((option) => option.setName('at').setDescription('Local date and time, e.g. 2026-03-12 09:00 or 2026-03-12 9am').setRequired(true).setMaxLength(32))
          .addStringOption((option) =>
            option.setName('timezone').setDescription("Time zone of `at` (default: the server's tips zone, else UTC)").setAutocomplete(true).setMaxLength(64),
          ),
      ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Scheduled and recent announcements, with their ids.'))
    .addSubcommand((sub) =>
      sub
        .setName('cancel')
        .setDescription('Cancel an announcement that has not been posted yet.')
        .addIntegerOption((option) => option.setName('id').setDescription('Its id, from /announce list').setRequired(true).setMinValue(1)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('edit')
        .setDescription('Change the text (also of a posted one), or give a new time with at.')
        .addIntegerOption((option) => option.setName('id').setDescription('Its id, from /announce list').setRequired(true).setMinValue(1))
        .addStringOption((option) => option.setName('at').setDescription('A new local date and time, e.g. 2026-03-12 09:00').setMaxLength(32))
        .addStringOption((option) => option.setName('timezone').setDescription('Time zone of `at`').setAutocomplete(true).setMaxLength(64)),
    )
    .addSubcommand((sub) => sub.setName('queue').setDescription('Announcements waiting for a second moderator: Approve or Reject.'))
    .addSubcommand((sub) =>
      sub
        .setName('setup')
        .setDescription('The two-person rule: a second moderator approves every announcement.')
        .addBooleanOption((option) => option.setName('approval').setDescription('Require a second moderator’s approval').setRequired(true)),
    )
    .addSubcommand((sub) => channelOption(sub.setName('history').setDescription('The audit trail: who created, edited, approved, posted, cancelled.'), false, 'Only this channel')),

  uses: ['announcements', 'moderation'],
  requires: {
    // Manage Server or the server's moderator role, for every subcommand, button and form.
    all: [moderator(PermissionFlagsBits.ManageGuild)],
    // The rule that checks moderators is set by those who manage the server, not by the moderator role alone.
    subcommands: { setup: [memberPermission(PermissionFlagsBits.ManageGuild)] },
  },

  async execute(interaction, context) {
    const guildId = checkedGuildId(interaction);
    const { announcements } = context;
    const actorId = interaction.user.id;
    switch (interaction.options.getSubcommand(true)) {
      case 'post':
      case 'schedule':
        return compose(interaction, context, guildId);
      case 'list':
        return respond(interaction, { embeds: [renderList(await announcements.list(guildId))], ephemeral: true });
      case 'cancel': {
        const { id } = parseOptions(idSchema, { id: interaction.options.getInteger('id', true) });
        const cancelled = await announcements.cancel(guildId, id, actorId);
        return respondPrivately(interaction, `🚫 Cancelled #${cancelled.id}: it will not be posted. \`/announce history\` keeps the record.`);
      }
      case 'edit':
        return edit(interaction, context, guildId);
      case 'queue': {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        return respond(interaction, { ...(await queueView(interaction, context, guildId, null, null)), ephemeral: true });
      }
      case 'setup': {
        const approval = interaction.options.getBoolean('approval', true);
        const waiting = await announcements.setApproval(guildId, approval, actorId);
        return respondPrivately(interaction, approvalSetupReply(approval, waiting));
      }
      case 'history': {
        const channelId = interaction.options.getChannel('channel')?.id ?? null;
        return respond(interaction, { embeds: [renderHistory(await announcements.history(guildId, channelId), channelId)], ephemeral: true });
      }
      default:
        throw new UserError('announce.unknown-subcommand', 'That option is not available any more. Try `/help`.');
    }
  },

  async autocomplete(interaction) {
    await interaction.respond(timeZoneChoices(interaction.options.getFocused()));
  },

  components: {
    async button(interaction, context, customId) {
      const guildId = checkedGuildId(interaction);
      const { announcements } = context;
      const userId = interaction.user.id;
      switch (customId.action) {
        case ANNOUNCE_ACTIONS.submit: {
          const [id, revision] = parseCustomIdArgs(customId, idAndRevisionArgs);
          return submit(interaction, context, guildId, id, revision);
        }
        case ANNOUNCE_ACTIONS.approve: {
          const [id, revision] = parseCustomIdArgs(customId, idAndRevisionArgs);
          return approve(interaction, context, guildId, id, revision);
        }
        case ANNOUNCE_ACTIONS.reject: {
          const [id] = parseCustomIdArgs(customId, idArgs);
          const rejected = await announcements.reject(guildId, id, userId);
          await replace(interaction, { content: `👎 Rejected #${id}: it will not be posted.`, embeds: [], components: [] });
          await announcements.tellAuthorReviewed(rejected, 'rejected', userId);
          return update(interaction, await queueView(interaction, context, guildId, id, `👎 Rejected #${id}: it will not be posted, and its author was told.`));
        }
        case ANNOUNCE_ACTIONS.next: {
          const [id] = parseCustomIdArgs(customId, idArgs);
          await interaction.deferUpdate();
          return update(interaction, await queueView(interaction, context, guildId, id, null));
        }
        case ANNOUNCE_ACTIONS.revise: {
          const [id] = parseCustomIdArgs(customId, idArgs);
          return interaction.showModal(renderRedraftModal(await announcements.draft(guildId, userId, id)));
        }
        case ANNOUNCE_ACTIONS.discard: {
          const [id] = parseCustomIdArgs(customId, idArgs);
          await announcements.discard(guildId, userId, id);
          return replace(interaction, renderDiscarded());
        }
        case ANNOUNCE_ACTIONS.recheck: {
          const [id] = parseCustomIdArgs(customId, idArgs);
          const draft = await announcements.draft(guildId, userId, id);
          await replace(interaction, renderChecking(draft));
          return update(interaction, await preview(interaction, context, draft));
        }
        default:
          return respondPrivately(interaction, 'This button no longer works. Run `/announce` again.');
      }
    },

    async modal(interaction, context, customId) {
      const guildId = checkedGuildId(interaction);
      const [id] = parseCustomIdArgs(customId, idArgs);
      const { announcements } = context;
      switch (customId.action) {
        case ANNOUNCE_ACTIONS.body:
        case ANNOUNCE_ACTIONS.redraft: {
          const text = customId.action === ANNOUNCE_ACTIONS.body ? { body: bodyField(interaction) } : textFields(interaction);
          const draft = await announcements.writeText(guildId, interaction.user.id, id, text);
          // Counting who gets notified calls Discord: acknowledge first (the Edit form replaces its preview).
          if (interaction.isFromMessage()) await interaction.update({ ...renderChecking(draft), allowedMentions: NO_PINGS });
          else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
          return update(interaction, await preview(interaction, context, draft));
        }
        case ANNOUNCE_ACTIONS.amend: {
          const text = textFields(interaction);
          await interaction.deferReply({ flags: MessageFlags.Ephemeral });
          const outcome = await announcements.editText(guildId, id, interaction.user.id, text);
          return respond(interaction, { ...renderEdited(outcome), ephemeral: true });
        }
        default:
          return respondPrivately(interaction, 'This form no longer works. Run `/announce` again.');
      }
    },
  },
});

/** The form fields, checked like options: a crafted submit can carry anything. */
function bodyField(interaction: ModalSubmitInteraction): string {
  return parseOptions(textSchema.pick({ body: true }), { body: textField(interaction, FIELD_IDS.body) }).body;
}

function textFields(interaction: ModalSubmitInteraction): { title: string | null; body: string } {
  const text = parseOptions(textSchema, {
    title: textField(interaction, FIELD_IDS.title),
    body: textField(interaction, FIELD_IDS.body),
  });
  return { title: text.title || null, body: text.body };
}

const canMentionEveryone = (interaction: Interaction) => interaction.memberPermissions?.has(PermissionFlagsBits.MentionEveryone) ?? false;

/** `/announce post|schedule`: checks the choices, keeps them as a draft, and opens the form for the text. */
async function compose(interaction: ChatInputCommandInteraction, { announcements }: ContextOf<'announcements'>, guildId: string): Promise<void> {
  const channel = interaction.options.getChannel('channel', true);
  const options = parseOptions(composeSchema, {
    channelId: channel.id,
    channelType: channel.type,
    title: interaction.options.getString('title') ?? undefined,
    roleId: interaction.options.getRole('ping')?.id,
    publish: interaction.options.getBoolean('publish') ?? undefined,
    at: interaction.options.getString('at') ?? undefined,
    timezone: interaction.options.getString('timezone') ?? undefined,
  });
  if (options.publish && options.channelType !== ChannelType.GuildAnnouncement) {
    throw new UserError('announce.publish-needs-announcement-channel', `**publish** only works in announcement channels, and <#${options.channelId}> is a text channel. Pick an announcement channel, or leave \`publish\` off.`);
  }
  // The role picker offers @everyone as the role whose id is the server's.
  const ping: Ping = !options.roleId ? { kind: 'none' } : options.roleId === guildId ? { kind: 'everyone' } : { kind: 'role', roleId: options.roleId };
  const draft = await announcements.compose({
    guildId,
    authorId: interaction.user.id,
    channelId: options.channelId,
    title: options.title || null,
    ping,
    publish: options.publish,
    canMentionEveryone: canMentionEveryone(interaction),
    at: options.at ? { text: options.at, timeZone: options.timezone ?? null } : null,
  });
  await interaction.showModal(renderBodyModal(draft));
}

/** `/announce edit id`: the text in a form; with `at`, a new time instead. */
async function edit(interaction: ChatInputCommandInteraction, { announcements }: ContextOf<'announcements'>, guildId: string): Promise<void> {
  const options = parseOptions(editSchema, {
    id: interaction.options.getInteger('id', true),
    at: interaction.options.getString('at') ?? undefined,
    timezone: interaction.options.getString('timezone') ?? undefined,
  });
  if (options.at) {
    const { announcement, note } = await announcements.reschedule(guildId, options.id, interaction.user.id, { text: options.at, timeZone: options.timezone ?? null });
    return respondPrivately(interaction, renderRescheduled(announcement, note));
  }
  if (options.timezone) throw new UserError('announce.zone-without-time', '`timezone` goes with `at`: give the new time as well.');
  await interaction.showModal(renderEditModal(await announcements.editableText(guildId, options.id)));
}

/**
 * **Post** / **Schedule** on the preview: the channel is checked again (it may have changed), then the
 * preview turns into the outcome at once; a post that goes out now is sent after that answer.
 */
async function submit(interaction: ButtonInteraction, context: ContextOf<'announcements'>, guildId: string, id: number, revision: number): Promise<void> {
  const { announcements } = context;
  const draft = await announcements.draft(guildId, interaction.user.id, id);
  if ((await blockers(interaction, draft)).length > 0) {
    await replace(interaction, renderChecking(draft));
    return update(interaction, await preview(interaction, context, draft));
  }
  const submitted = await announcements.submit(guildId, interaction.user.id, id, { revision, canMentionEveryone: canMentionEveryone(interaction) });
  await replace(interaction, renderSubmitted(submitted));
  if (submitted.kind === 'due') await update(interaction, renderSubmitted(await announcements.postNow(id, interaction.user.id)));
}

/** **Approve** in the queue; then the queue moves on to the next one. */
async function approve(interaction: ButtonInteraction, context: ContextOf<'announcements'>, guildId: string, id: number, revision: number): Promise<void> {
  const { announcements } = context;
  const problems = await blockers(interaction, await announcements.get(guildId, id));
  if (problems.length > 0) throw new UserError('announce.channel-blocked', `I can't post #${id} yet: ${problems.join('; ')}. Fix that, then approve it.`);
  const approved = await announcements.approve(guildId, id, interaction.user.id, revision);
  await replace(interaction, { content: `👍 Approved #${id}. ${renderSubmitted(approved).content}`, embeds: [], components: [] });
  const outcome = approved.kind === 'due' ? await announcements.postNow(id, interaction.user.id) : approved;
  await announcements.tellAuthorReviewed(outcome.announcement, 'approved', interaction.user.id);
  return update(interaction, await queueView(interaction, context, guildId, id, `👍 Approved #${id}. ${renderSubmitted(outcome).content}`));
}

/** What stops the post in its channel, from the cache alone (fast enough to answer a click within Discord's 3 s). */
async function blockers(interaction: Interaction, announcement: Announcement): Promise<string[]> {
  return channelProblems(announcement, await channelFacts(interaction.guild, announcement.channelId, announcement.ping));
}

/** Who would be notified and what stops the post, from Discord's view of the channel and members. */
async function postingCheck(interaction: Interaction, guildId: string, announcement: Announcement): Promise<PostingCheck> {
  const [facts, audience] = await Promise.all([
    channelFacts(interaction.guild, announcement.channelId, announcement.ping),
    audienceOf(guildId, announcement.ping, createRestMemberDirectory(interaction.client.rest)),
  ]);
  return { audience, problems: channelProblems(announcement, facts) };
}

async function preview(interaction: Interaction, context: ContextOf<'announcements'>, draft: Announcement): Promise<ReplyMessage> {
  const guildId = checkedGuildId(interaction);
  return renderPreview(draft, await postingCheck(interaction, guildId, draft), { approvalRequired: await context.announcements.requiresApproval(guildId) });
}

/** The queue from `fromId` on (announcements.queueAt), or that nothing waits. */
async function queueView(interaction: Interaction, context: ContextOf<'announcements'>, guildId: string, fromId: number | null, header: string | null): Promise<ReplyMessage> {
  const position = await context.announcements.queueAt(guildId, fromId);
  if (!position) return renderEmptyQueue(await context.announcements.requiresApproval(guildId), header);
  const { item, index, total, nextId } = position;
  const view = renderQueueItem(item, await postingCheck(interaction, guildId, item), { index, total, nextId }, interaction.user.id, await context.announcements.requiresApproval(guildId));
  return header ? { ...view, content: `${header}\n\n${view.content}` } : view;
}

/** Edits the reply (or, after replace, the message the button was on) once the slow work is done; pings nobody. */
async function update(interaction: ButtonInteraction | ModalSubmitInteraction, message: ReplyMessage): Promise<void> {
  await interaction.editReply({ ...message, allowedMentions: NO_PINGS });
}

/** Answers a click by replacing the message it was on, at once. */
async function replace(interaction: ButtonInteraction, message: ReplyMessage): Promise<void> {
  await interaction.update({ ...message, allowedMentions: NO_PINGS });
}

/** What `/announce setup approval:` changed, and what becomes of the announcements already waiting. */
function approvalSetupReply(approval: boolean, waiting: number): string {
  if (approval) return '👥 Two-person rule **on**: every announcement waits in `/announce queue` until a moderator other than the one who wrote its text approves it.';
  const queue =
    waiting === 0
      ? ''
      : ` ${waiting === 1 ? '1 announcement still waits' : `${waiting} announcements still wait`} in \`/announce queue\`: any moderator, its author too, can now **Approve** (it posts, or keeps its time) or **Reject** it there.`;
  return `Two-person rule **off**: moderators post and schedule announcements directly.${queue}`;
}
