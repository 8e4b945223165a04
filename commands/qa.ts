import { AttachmentBuilder, InteractionContextType, type ButtonInteraction, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { memberPermission, moderator, onPrivateMessage } from '../src/discord/preconditions.js';
import { defineCommand } from '../src/discord/command.js';
import type { ContextOf } from '../src/discord/command-context.js';
import { parseCustomIdArgs, type CustomId } from '../src/discord/custom-id.js';
import { parseOptions, textField } from '../src/discord/options.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { cancelArgs, confirmArgs, idArg, QaAction, qaIds, TEXT_FIELD, undoArgs } from '../src/qa/custom-ids.js';
import type { Preview, Undone } from '../src/qa/moderation.js';
import { confirmButtons, confirmText, undoButtons } from '../src/qa/render/confirm.js';
import { qaActor } from '../src/qa/discord/actor.js';
import { answerChoicesFor } from '../src/qa/discord/answer-choices.js';
import { expertiseChoices, runExpertise, stopExpertNotifications } from '../src/qa/discord/expertise.js';
import { forumTagChoices } from '../src/qa/discord/forum-tag.js';
import { CLEARABLE, createTagsFromSetup, DIGEST_CHANNEL_TYPES, QA_CHANNEL_TYPES, runSetup, SETUP_REQUIRES } from '../src/qa/discord/setup.js';
import { CREATE_TAGS_ACTION } from '../src/qa/discord/forum-setup.js';
import { EXPORT_FORMATS, exportFile, type ExportFormat } from '../src/qa/export-format.js';
import { fitExportUpload, readableSize, type ExportUpload } from '../src/qa/export-upload.js';
import { answerModal, questionModal } from '../src/qa/render/modals.js';
import { auditEmbed, statsEmbed } from '../src/qa/render/reports.js';
import { reviewMessage } from '../src/qa/render/review.js';
import { PERIODS, type Period, type QaActor } from '../src/qa/types.js';
import { mentionNamesIn } from '../src/discord/mention-names.js';
import { parseStatsPage, statsPageId } from '../src/knowledge/discord/unanswered-pages.js';
import { unansweredPager } from '../src/knowledge/render/unanswered.js';
import { plural } from '../src/core/plural.js';
import { runWeb, webButton, webGroup, WEB_GROUP, WEB_MODERATOR_SUBCOMMANDS, WebAction } from '../src/web/discord/qa-web.js';

const id = z.number().int().min(1, 'Pick a question from the list.').max(999_999_999);
const answerNumber = z.number().int().min(1, 'Pick an answer from the list.').max(999_999_999);
const schemas = {
  question: z.object({ id }),
  withAnswer: z.object({ id, answer: answerNumber.optional() }),
  merge: z.object({ id, into: id }),
  audit: z.object({ id: id.optional() }),
  notify: z.object({ mode: z.enum(['on', 'off']) }),
  stats: z.object({ period: z.enum(PERIODS).default('month') }),
  export: z.object({ format: z.enum(EXPORT_FORMATS) }),
};

/** The stats button that pages through the /ask questions the knowledge base could not answer. */
const STATS_PAGE = 'stats-page';

type Sub = SlashCommandSubcommandBuilder;
const withQuestion = (sub: Sub, description = 'The question') =>
  sub.addIntegerOption((option) => option.setName('id').setDescription(description).setRequired(true).setMinValue(1).setAutocomplete(true));
/** Q&A moderators: Manage Messages or the server's moderator role. */
const qaModerator = moderator(PermissionFlagsBits.ManageMessages);
const MODERATOR_SUBCOMMANDS = ['review', 'edit', 'close', 'reopen', 'lock', 'unlock', 'delete', 'merge', 'audit', 'stats', 'export', 'promote'] as const;

const withAnswer = (sub: Sub) => sub.addIntegerOption((option) => option.setName('answer').setDescription('One of its answers instead (its number under the question)').setMinValue(1).setAutocomplete(true));

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('qa')
    .setDescription('Community Q&A settings and moderation.')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('setup')
        .setDescription('Q&A channel, review, digest, limits (Manage Server).')
        .addChannelOption((option) => option.setName('channel').setDescription('Text or forum channel for questions').addChannelTypes(...QA_CHANNEL_TYPES))
        .addStringOption((option) => option.setName('tag').setDescription("Forum channels: the tag questions are posted with").setMaxLength(100).setAutocomplete(true))
        .addStringOption((option) => option.setName('answered-tag').setDescription('Forum channels: the tag a post switches to when answered').setMaxLength(100).setAutocomplete(true))
        .addStringOption((option) => option.setName('archive-after').setDescription('Forum channels: archive solved posts after this quiet time (12h, 3d, off)').setMaxLength(20))
        .addBooleanOption((option) => option.setName('review').setDescription('Moderators review anonymous questions first'))
        .addChannelOption((option) => option.setName('digest').setDescription('Channel for the weekly digest').addChannelTypes(...DIGEST_CHANNEL_TYPES))
        .addRoleOption((option) => option.setName('moderator-role').setDescription('Role that may moderate Q&A'))
        .addIntegerOption((option) => option.setName('question-limit').setDescription('Questions per member per 10 minutes (5)').setMinValue(1).setMaxValue(50))
        .addIntegerOption((option) => option.setName('answer-limit').setDescription('Answers per member per 10 minutes (20)').setMinValue(1).setMaxValue(200))
        .addIntegerOption((option) => option.setName('nudge-after').setDescription('Days after the first answer before the asker is reminded to accept one (3)').setMinValue(1).setMaxValue(60))
        .addIntegerOption((option) => option.setName('expert-limit').setDescription('Expert DMs per member per day (3)').setMinValue(1).setMaxValue(50))
        .addIntegerOption((option) => option.setName('escalate-after').setDescription('Hours before an unanswered question escalates (24; 0: never)').setMinValue(0).setMaxValue(720))
        .addStringOption((option) =>
          option.setName('clear').setDescription('Turn a setting off').addChoices(...CLEARABLE.map((value) => ({ name: value, value }))),
        ),
    )
    .addSubcommand((sub) => sub.setName('review').setDescription('Approve or reject anonymous questions.'))
    .addSubcommand((sub) =>
      sub
        .setName('expertise')
        .setDescription('Topics you can help with: get a DM about new questions on them.')
        .addStringOption((option) => option.setName('add').setDescription('A topic to follow').setMaxLength(100).setAutocomplete(true))
        .addStringOption((option) => option.setName('remove').setDescription('A topic to stop following').setMaxLength(100).setAutocomplete(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('notify')
        .setDescription('DMs about answers to your questions.')
        .addStringOption((option) => option.setName('mode').setDescription('on or off').setRequired(true).addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' })),
    )
    .addSubcommand((sub) => withAnswer(withQuestion(sub.setName('edit').setDescription('Edit a question or answer.'))))
    .addSubcommand((sub) => withQuestion(sub.setName('close').setDescription('Close a question.')))
    .addSubcommand((sub) => withQuestion(sub.setName('reopen').setDescription('Reopen a closed question.')))
    .addSubcommand((sub) => withQuestion(sub.setName('lock').setDescription('Lock: no answers or votes.')))
    .addSubcommand((sub) => withQuestion(sub.setName('unlock').setDescription('Unlock a question.')))
    .addSubcommand((sub) => withAnswer(withQuestion(sub.setName('delete').setDescription('Delete a question or answer.'))))
    .addSubcommand((sub) =>
      withQuestion(sub.setName('merge').setDescription('Merge a duplicate into another.'), 'The duplicate').addIntegerOption((option) =>
        option.setName('into').setDescription('The question it duplicates').setRequired(true).setMinValue(1).setAutocomplete(true),
      ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('audit')
        .setDescription('The moderation log.')
        .addIntegerOption((option) => option.setName('id').setDescription('Only this question').setMinValue(1).setAutocomplete(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('stats')
        .setDescription('Asked, answered, response times, gaps.')
        .addStringOption((option) =>
          option.setName('period').setDescription('Default: month').addChoices({ name: 'Last 7 days', value: 'week' }, { name: 'Last 30 days', value: 'month' }, { name: 'All time', value: 'all' }),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('export')
        .setDescription('Download all Q&A as a file.')
        .addStringOption((option) => option.setName('format').setDescription('File format').setRequired(true).addChoices({ name: 'CSV', value: 'csv' }, { name: 'JSON', value: 'json' })),
    )
    .addSubcommand((sub) => withQuestion(sub.setName('promote').setDescription('Accepted answer → knowledge base.')))
    .addSubcommandGroup(webGroup),

  uses: ['qa', 'knowledge', 'moderation', 'web'],
  requires: {
    subcommands: { setup: SETUP_REQUIRES, ...Object.fromEntries([...MODERATOR_SUBCOMMANDS, ...WEB_MODERATOR_SUBCOMMANDS].map((name) => [name, [qaModerator]])) },
    components: {
      [STATS_PAGE]: [qaModerator, onPrivateMessage],
      // Changes the settings, as /qa setup does with options: Manage Server.
      [CREATE_TAGS_ACTION]: [memberPermission(PermissionFlagsBits.ManageGuild), onPrivateMessage],
      [QaAction.approve]: [qaModerator, onPrivateMessage],
      [QaAction.reject]: [qaModerator, onPrivateMessage],
      [QaAction.editQuestionModal]: [qaModerator],
      [QaAction.editAnswerModal]: [qaModerator],
      [QaAction.confirm]: [qaModerator, onPrivateMessage],
      [QaAction.cancel]: [onPrivateMessage],
      // Any Q&A moderator of the server may undo; a member who is not one is refused in plain words.
      [QaAction.undo]: [qaModerator, onPrivateMessage],
      // The community site's Publish: only a moderator, on the private preview they were shown.
      [WebAction.publish]: [qaModerator, onPrivateMessage],
      [WebAction.cancel]: [onPrivateMessage],
    },
    // On expert DMs: the custom_id names the server and the member, and the handler checks both.
    directMessageComponents: [QaAction.expertStop],
  },

  async execute(interaction, context) {
    if (interaction.options.getSubcommandGroup(false) === WEB_GROUP) return runWeb(interaction, context);
    const subcommand = interaction.options.getSubcommand(true);
    if (subcommand === 'setup') return runSetup(interaction, context);
    if (subcommand === 'expertise') return runExpertise(interaction, context);
    return moderate(subcommand, interaction, context);
  },

  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    if (interaction.options.getSubcommand(false) === 'expertise' && (focused.name === 'add' || focused.name === 'remove')) return interaction.respond(expertiseChoices(interaction, context, focused.name, String(focused.value)));
    const actor = await qaActor(interaction, context);
    if (focused.name === 'answer') return interaction.respond(answerChoicesFor(interaction, context, actor, String(focused.value)));
    if (focused.name === 'tag' || focused.name === 'answered-tag') return interaction.respond(forumTagChoices(interaction, await context.qa.settings.get(actor.guildId), String(focused.value)));
    return interaction.respond(context.qa.finding.autocomplete(actor.guildId, String(focused.value), actor, { names: mentionNamesIn(interaction.guild) }));
  },

  components: {
    async button(interaction, context, customId) {
      if (customId.action === QaAction.expertStop) return stopExpertNotifications(interaction, context, customId);
      if (customId.action === WebAction.publish || customId.action === WebAction.cancel) return webButton(interaction, context, customId);
      const actor = await qaActor(interaction, context);
      if (customId.action === STATS_PAGE) {
        const { period, page } = parseStatsPage(interaction, customId);
        await interaction.update(await statsReply(context, actor, period, page));
        return;
      }
      if (customId.action === CREATE_TAGS_ACTION) return createTagsFromSetup(interaction, context, customId);
      if (customId.action === QaAction.confirm || customId.action === QaAction.cancel || customId.action === QaAction.undo) {
        await confirmedAction(interaction, context, actor, customId);
        return;
      }
      const [questionId] = parseCustomIdArgs(customId, idArg);
      if (customId.action !== QaAction.approve && customId.action !== QaAction.reject) {
        throw new UserError('component.stale', 'This button no longer works. Run `/qa review` again.');
      }
      await interaction.deferUpdate();
      let done: string;
      if (customId.action === QaAction.approve) {
        const result = await context.qa.asking.approve(actor.guildId, questionId, actor);
        done = `Approved: posted as **#${result.question.number ?? '?'}**${result.state === 'pending' ? ' (Discord is slow: it will appear shortly)' : ''}.`;
      } else {
        await context.qa.asking.reject(actor.guildId, questionId, actor);
        done = 'Rejected: it will not be posted, and the asker was told privately.';
      }
      await interaction.editReply({ content: done, ...reviewMessage(context.qa.asking.reviewQueue(actor.guildId, actor)), allowedMentions: { parse: [] } });
    },

    async modal(interaction, context, customId) {
      const actor = await qaActor(interaction, context);
      const [target] = parseCustomIdArgs(customId, idArg);
      const text = textField(interaction, TEXT_FIELD);
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      if (customId.action === QaAction.editQuestionModal) {
        await context.qa.moderation.edit(actor.guildId, target, actor, text);
        return respondPrivately(interaction, `**#${target}** is updated.`);
      }
      if (customId.action === QaAction.editAnswerModal) {
        await context.qa.answering.edit(actor.guildId, target, actor, text);
        return respondPrivately(interaction, 'The answer is updated.');
      }
      throw new UserError('component.stale', 'This form is out of date. Run the command again.');
    },
  },
});

/** /qa stats at a page of its unanswered /ask questions, with Previous/Next for this moderator in this server. */
async function statsReply(context: ContextOf<'qa' | 'knowledge'>, actor: QaActor & { guildId: string }, period: Period, page: number) {
  const qaStats = await context.qa.reporting.stats(actor.guildId, period, actor);
  const kbUnanswered = (await context.knowledge.stats(actor.guildId, period, { unansweredPage: page })).unanswered;
  return {
    embeds: [statsEmbed(qaStats, kbUnanswered)],
    components: unansweredPager(kbUnanswered, (to) => statsPageId('qa', STATS_PAGE, period, to, actor.guildId, actor.userId)),
  };
}

async function moderate(subcommand: string, interaction: ChatInputCommandInteraction, context: ContextOf<'qa' | 'knowledge' | 'moderation'>): Promise<unknown> {
  const { qa } = context;
  const actor = await qaActor(interaction, context);
  const { guildId } = actor;
  const options = <T extends z.ZodType>(schema: T) =>
    parseOptions(schema, {
      id: interaction.options.getInteger('id') ?? undefined,
      answer: interaction.options.getInteger('answer') ?? undefined,
      into: interaction.options.getInteger('into') ?? undefined,
      mode: interaction.options.getString('mode') ?? undefined,
      period: interaction.options.getString('period') ?? undefined,
      format: interaction.options.getString('format') ?? undefined,
    });
  if (subcommand === 'notify') {
    const { mode } = options(schemas.notify);
    qa.voting.setNotifications(guildId, actor.userId, mode === 'on');
    return respondPrivately(interaction, mode === 'on' ? 'You will get a DM for each answer to your questions and the ones you follow.' : 'No more DMs about answers in this server. `/qa notify mode: on` turns them back on.');
  }
  switch (subcommand) {
    case 'review':
      return respond(interaction, { ...reviewMessage(qa.asking.reviewQueue(guildId, actor)), ephemeral: true });
    case 'edit': {
      const { id: number, answer } = options(schemas.withAnswer);
      if (answer !== undefined) {
        const found = qa.finding.answerOf(guildId, number, answer, actor).answer;
        return interaction.showModal(answerModal(qaIds.editAnswerModal(found.id), number, found.text));
      }
      const question = qa.finding.question(guildId, number, actor);
      return interaction.showModal(questionModal(qaIds.editQuestionModal(number), `Edit question #${number}`, question.text));
    }
    case 'close':
      return askToConfirm(interaction, qa.moderation.preview(guildId, 'close', options(schemas.question).id, actor), actor);
    case 'reopen':
    case 'lock':
    case 'unlock': {
      const { id: number } = options(schemas.question);
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      if (subcommand === 'reopen') await qa.moderation.reopen(guildId, number, actor);
      else await qa.moderation.setLocked(guildId, number, actor, subcommand === 'lock');
      const done = { reopen: 'reopened', lock: 'locked: no answers, votes or accepting', unlock: 'unlocked' }[subcommand];
      return respondPrivately(interaction, `**#${number}** is ${done}.`);
    }
    case 'delete': {
      const { id: number, answer } = options(schemas.withAnswer);
      if (answer !== undefined) {
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        await qa.answering.remove(guildId, { question: number, answer }, actor);
        return respondPrivately(interaction, `Answer ${answer} to **#${number}** is deleted.`);
      }
      return askToConfirm(interaction, qa.moderation.preview(guildId, 'delete', number, actor), actor);
    }
    case 'merge': {
      const { id: from, into } = options(schemas.merge);
      return askToConfirm(interaction, qa.moderation.preview(guildId, 'merge', from, actor, into), actor);
    }
    case 'audit': {
      const { id: number } = options(schemas.audit);
      return respond(interaction, { embeds: [auditEmbed(await qa.moderation.audit(guildId, actor, number), number)], ephemeral: true });
    }
    case 'stats': {
      const { period } = options(schemas.stats);
      return respond(interaction, { ...(await statsReply(context, actor, period, 1)), ephemeral: true });
    }
    case 'export': {
      const { format } = options(schemas.export);
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const upload = fitExportUpload(exportFile(await qa.reporting.exportData(guildId), format));
      if (upload.kind === 'too-large') return respondPrivately(interaction, exportTooLarge(upload, guildId, format));
      const how = upload.compressedFrom === null ? readableSize(upload.size) : `gzip-compressed from ${readableSize(upload.compressedFrom)} to ${readableSize(upload.size)} to fit Discord's 10 MB file limit: open it with any unzip tool or \`gunzip\``;
      return respond(interaction, {
        content: `The server's Q&A as ${format.toUpperCase()} (${how}). Anonymous askers are left out.`,
        files: [new AttachmentBuilder(upload.data, { name: upload.name })],
        ephemeral: true,
      });
    }
    case 'promote': {
      const { id: number } = options(schemas.question);
      const entry = await qa.promoting.promote(guildId, number, actor, mentionNamesIn(interaction.guild));
      return respondPrivately(interaction, `Added to this server's knowledge base as \`${entry.id}\`, credited to <@${entry.authorId ?? ''}>: \`/ask\` and \`/cto\` find it here. Maintainers can export it with \`npm run kb -- export-drafts\`.`);
    }
    default:
      throw new UserError('qa.unknown-subcommand', 'That option is not available any more. Try `/help`.');
  }
}

/** Close, delete and merge are shown first, privately, with Confirm/Cancel for this moderator in this server. */
function askToConfirm(interaction: ChatInputCommandInteraction, preview: Preview, actor: QaActor & { guildId: string }): Promise<void> {
  const confirmId = qaIds.confirm(preview.action, preview.question.number ?? 0, preview.into?.number ?? 0, preview.issuedAt, actor.guildId, actor.userId);
  return respond(interaction, { content: confirmText(preview), components: confirmButtons(confirmId, qaIds.cancel(actor.guildId, actor.userId)), ephemeral: true });
}

/** Confirm, Cancel and Undo on those private replies. */
async function confirmedAction(interaction: ButtonInteraction, context: ContextOf<'qa'>, actor: QaActor & { guildId: string }, customId: CustomId): Promise<void> {
  const { moderation } = context.qa;
  const notHere = () => new UserError('component.not-yours', 'This button was made for someone else, or another server. Run the command yourself.');
  if (customId.action === QaAction.cancel) {
    const [guildId, userId] = parseCustomIdArgs(customId, cancelArgs);
    if (guildId !== actor.guildId || userId !== actor.userId) throw notHere();
    await interaction.update({ content: 'Cancelled: nothing changed.', components: [], allowedMentions: { parse: [] } });
    return;
  }
  if (customId.action === QaAction.undo) {
    const [entryId, guildId] = parseCustomIdArgs(customId, undoArgs);
    if (guildId !== actor.guildId) throw notHere();
    await interaction.deferUpdate();
    const undone = await moderation.undo(actor.guildId, entryId, actor);
    await interaction.editReply({ content: undoneText(undone), components: [], allowedMentions: { parse: [] } });
    return;
  }
  const [action, number, into, issuedAt, guildId, userId] = parseCustomIdArgs(customId, confirmArgs);
  if (guildId !== actor.guildId || userId !== actor.userId) throw notHere();
  moderation.requireFresh(issuedAt);
  await interaction.deferUpdate();
  let content: string;
  let entryId: number;
  if (action === 'close') {
    ({ entryId } = await moderation.close(actor.guildId, number, actor));
    content = `**#${number}** is closed: it takes no new answers.`;
  } else if (action === 'delete') {
    const done = await moderation.remove(actor.guildId, number, actor);
    entryId = done.entryId;
    const entry = done.removedEntryId ? ` Its promoted answer went with it: its entry in this server's knowledge base (\`${done.removedEntryId}\`) is removed, so \`/ask\` and \`/cto\` no longer show it.` : '';
    content = `**#${number}** is deleted: its message now says it was removed, and it no longer appears in lists, search or the digest.${entry}`;
  } else {
    const done = await moderation.merge(actor.guildId, number, into, actor);
    entryId = done.entryId;
    content = `**#${number}** is merged into **#${into}**: ${plural(done.moved, 'answer')}, its followers and upvotes moved.`;
  }
  await interaction.editReply({ content: `${content} **Undo** works for 10 minutes.`, components: undoButtons(qaIds.undo(entryId, actor.guildId)), allowedMentions: { parse: [] } });
}

function undoneText(undone: Undone): string {
  const number = `**#${undone.question.number ?? '?'}**`;
  if (undone.action === 'close') return `Undone: ${number} is open again.`;
  if (undone.action === 'delete') {
    return `Undone: ${number} is back in lists and search, and its message shows it again.${undone.entryNotRestored ? ` Its knowledge-base entry is not: \`/qa promote id: ${undone.question.number ?? '?'}\` adds it again.` : ''}`;
  }
  return `Undone: ${number} is no longer merged into **#${undone.into?.number ?? '?'}**; its answers, followers and upvotes are back.`;
}

/** Not even compressed does the export fit in one Discord file: where the whole of it can be had. */
function exportTooLarge(upload: Extract<ExportUpload, { kind: 'too-large' }>, guildId: string, format: ExportFormat): string {
  return [
    `This server's Q&A is ${readableSize(upload.size)} as ${format.toUpperCase()} (${readableSize(upload.compressedSize)} compressed), more than Discord accepts in one file (10 MB).`,
    `Whoever runs the bot can write all of it to a file on the bot's machine: \`npm run export -- --guild ${guildId} --format ${format} --out qa.${format}\``,
  ].join('\n');
}
