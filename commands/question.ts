import { InteractionContextType, MessageFlags, SlashCommandBuilder, type ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { settledWithin } from '../src/core/settle.js';
import { defineCommand } from '../src/discord/command.js';
import type { ContextOf } from '../src/discord/command-context.js';
import { button, ButtonStyle, row } from '../src/discord/components.js';
import { parseCustomIdArgs, type CustomId } from '../src/discord/custom-id.js';
import { memberText, parseOptions, textField } from '../src/discord/options.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { entryEmbed } from '../src/knowledge/render/messages.js';
import { idArg, nudgeAcceptArgs, openValue, questionIds, QuestionAction, TEXT_FIELD } from '../src/qa/custom-ids.js';
import { qaActor } from '../src/qa/discord/actor.js';
import { answerChoicesFor } from '../src/qa/discord/answer-choices.js';
import { startAsk } from '../src/qa/discord/ask-flow.js';
import { answerAuthorOrModerator } from '../src/qa/discord/preconditions.js';
import { onDirectMessage, onPrivateMessage } from '../src/discord/preconditions.js';
import { acceptedReply, answeredReply, askedReply, forumTagNote, trackedConfirmation } from '../src/qa/discord/replies.js';
import { questionDetailMessage } from '../src/qa/render/lists.js';
import { answerModal } from '../src/qa/render/modals.js';
import { mentionNamesIn } from '../src/discord/mention-names.js';
import { QUESTION_LENGTH } from '../src/qa/text-rules.js';
import type { QaActor } from '../src/qa/types.js';

const questionNumber = z.number().int().min(1, 'Pick a question from the list.').max(999_999_999);
const askSchema = z.object({
  text: memberText({ ...QUESTION_LENGTH, tooShort: `Write at least ${QUESTION_LENGTH.min} characters.`, tooLong: `Keep it under ${QUESTION_LENGTH.max} characters.` }),
  anonymous: z.boolean().default(false),
});
const idSchema = z.object({ id: questionNumber });
const acceptSchema = z.object({ id: questionNumber, answer: z.number().int().min(1, 'Pick an answer from the list.').max(999_999_999) });

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('question')
    .setDescription('Community Q&A: ask the server, answer, accept.')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('ask')
        .setDescription('Ask the community (similar questions are shown first).')
        .addStringOption((option) =>
          option.setName('text').setDescription('Your question').setRequired(true).setMinLength(QUESTION_LENGTH.min).setMaxLength(QUESTION_LENGTH.max),
        )
        .addBooleanOption((option) => option.setName('anonymous').setDescription('Post without your name')),
    )
    .addSubcommand((sub) =>
      sub
        .setName('answer')
        .setDescription('Answer an open question.')
        .addIntegerOption((option) => option.setName('id').setDescription('The question').setRequired(true).setMinValue(1).setAutocomplete(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('show')
        .setDescription('Show a question with its answers.')
        .addIntegerOption((option) => option.setName('id').setDescription('The question').setRequired(true).setMinValue(1).setAutocomplete(true)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('accept')
        .setDescription('Accept an answer to your question.')
        .addIntegerOption((option) => option.setName('id').setDescription('Your question').setRequired(true).setMinValue(1).setAutocomplete(true))
        .addIntegerOption((option) => option.setName('answer').setDescription('Its number under the question (Answer 1, 2, …)').setRequired(true).setMinValue(1).setAutocomplete(true)),
    ),

  uses: ['qa', 'knowledge', 'moderation'],
  requires: {
    // The asker's nudge is a DM: its Accept buttons name the server and the asker.
    directMessageComponents: [QuestionAction.nudgeAccept],
    components: {
      [QuestionAction.editAnswer]: [answerAuthorOrModerator('edit')],
      [QuestionAction.deleteAnswer]: [answerAuthorOrModerator('delete')],
      // Buttons that rewrite the private prompt or confirmation they are on.
      [QuestionAction.confirmDelete]: [onPrivateMessage, answerAuthorOrModerator('delete')],
      [QuestionAction.post]: [onPrivateMessage],
      [QuestionAction.resolved]: [onPrivateMessage],
      [QuestionAction.nudgeAccept]: [onDirectMessage],
    },
  },

  async execute(interaction, context) {
    const { qa } = context;
    switch (interaction.options.getSubcommand(true)) {
      case 'ask': {
        const options = parseOptions(askSchema, { text: interaction.options.getString('text', true), anonymous: interaction.options.getBoolean('anonymous') ?? undefined });
        return startAsk(interaction, context, options);
      }
      case 'answer': {
        const actor = await qaActor(interaction, context);
        const { id } = parseOptions(idSchema, { id: interaction.options.getInteger('id', true) });
        await qa.answering.prepare(actor.guildId, id, actor);
        return interaction.showModal(answerModal(questionIds.answerModal(id), id));
      }
      case 'show': {
        const actor = await qaActor(interaction, context);
        const { id } = parseOptions(idSchema, { id: interaction.options.getInteger('id', true) });
        // Its asker looking at a pending question is a good moment to try posting it again.
        const retry = qa.asking.retryPending(actor.guildId, id, actor);
        if (retry) await Promise.all([interaction.deferReply({ flags: MessageFlags.Ephemeral }), retry]);
        return respond(interaction, { ...detailFor(context, actor, id), ephemeral: true });
      }
      case 'accept': {
        const actor = await qaActor(interaction, context);
        const options = parseOptions(acceptSchema, { id: interaction.options.getInteger('id', true), answer: interaction.options.getInteger('answer', true) });
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
        const accepted = await qa.answering.accept(actor.guildId, { question: options.id, answer: options.answer }, actor);
        return respond(interaction, { content: acceptedReply(accepted, 'that') + forumTagNote(await qa.forum.tagProblem(actor.guildId, accepted.question.id)), ephemeral: true });
      }
      default:
        throw new UserError('qa.unknown-subcommand', 'That option is not available any more. Try `/help`.');
    }
  },

  async autocomplete(interaction, context) {
    const actor = await qaActor(interaction, context);
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'answer') return interaction.respond(answerChoicesFor(interaction, context, actor, String(focused.value)));
    const answerable = interaction.options.getSubcommand(false) === 'answer';
    return interaction.respond(context.qa.finding.autocomplete(actor.guildId, String(focused.value), actor, { answerable, names: mentionNamesIn(interaction.guild) }));
  },

  components: {
    button: (interaction, context, customId) =>
      customId.action === QuestionAction.nudgeAccept ? acceptFromNudge(interaction, context, customId) : questionButton(interaction, context, customId),

    async select(interaction, context, customId) {
      const actor = await qaActor(interaction, context);
      const [choice] = parseCustomIdArgs({ ...customId, args: interaction.values }, z.tuple([openValue]));
      if (choice.kind === 'kb') {
        const entry = context.knowledge.requireEntry(choice.entryId, actor.guildId);
        return respond(interaction, { embeds: [entryEmbed(entry, context.knowledge.relatedTitles(entry, actor.guildId), 'From the knowledge base')], ephemeral: true });
      }
      return respond(interaction, { ...detailFor(context, actor, choice.number), ephemeral: true });
    },

    async modal(interaction, context, customId) {
      const actor = await qaActor(interaction, context);
      const [id] = parseCustomIdArgs(customId, idArg);
      const text = textField(interaction, TEXT_FIELD);
      switch (customId.action) {
        case QuestionAction.answerModal: {
          await interaction.deferReply({ flags: MessageFlags.Ephemeral });
          return respond(interaction, { content: answeredReply(await context.qa.answering.answer(actor.guildId, id, actor, text)), ephemeral: true });
        }
        case QuestionAction.editAnswerModal: {
          await interaction.deferReply({ flags: MessageFlags.Ephemeral });
          await context.qa.answering.edit(actor.guildId, id, actor, text);
          return respond(interaction, { content: 'Your answer is updated.', ephemeral: true });
        }
        case QuestionAction.askModal: {
          // "Ask the community" under an /ask reply: only the server that logged the /ask finds it.
          await context.knowledge.loggedQuestion(id, actor.guildId);
          return startAsk(interaction, context, { text, anonymous: false, kbQuestionId: id });
        }
        default:
          throw new UserError('component.stale', 'This form is out of date. Run the command again.');
      }
    },
  },
});

/** Buttons on question and answer messages, and on the private "similar questions" prompt. */
async function questionButton(interaction: ButtonInteraction, context: ContextOf<'qa' | 'moderation'>, customId: CustomId): Promise<unknown> {
  const { qa } = context;
  const actor = await qaActor(interaction, context);
  const [id] = parseCustomIdArgs(customId, idArg);
  const { guildId } = actor;
  switch (customId.action) {
    case QuestionAction.answer:
      await qa.answering.prepare(guildId, id, actor);
      return interaction.showModal(answerModal(questionIds.answerModal(id), id));
    case QuestionAction.upvote: {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const { voted, votes } = await qa.voting.toggleQuestionVote(guildId, id, actor);
      return respondPrivately(interaction, voted ? `Upvoted **#${id}** (${votes} now). Click again to withdraw it.` : `Upvote on **#${id}** withdrawn (${votes} now).`);
    }
    case QuestionAction.follow: {
      const { following } = await qa.voting.toggleFollow(guildId, id, actor);
      return respondPrivately(interaction, following ? `You follow **#${id}**: I will DM you each new answer. Click **Follow** again to stop.` : `You no longer follow **#${id}**.`);
    }
    case QuestionAction.upvoteAnswer: {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const { voted, votes } = await qa.voting.toggleAnswerVote(guildId, id, actor);
      return respondPrivately(interaction, voted ? `Upvoted this answer (${votes} now). Click again to withdraw it.` : `Upvote withdrawn (${votes} now).`);
    }
    case QuestionAction.accept: {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const accepted = await qa.answering.accept(guildId, id, actor);
      return respondPrivately(interaction, acceptedReply(accepted, 'this') + forumTagNote(await qa.forum.tagProblem(guildId, accepted.question.id)));
    }
    case QuestionAction.editAnswer: {
      const { answer, question } = qa.answering.requireChangeable(guildId, id, actor, 'edit');
      return interaction.showModal(answerModal(questionIds.editAnswerModal(id), question.number ?? 0, answer.text));
    }
    case QuestionAction.deleteAnswer: {
      return respond(interaction, {
        content: 'Delete this answer? It disappears from the thread and from search. This cannot be undone.',
        components: [row(button(questionIds.confirmDelete(id), 'Delete it', ButtonStyle.Danger))],
        ephemeral: true,
      });
    }
    case QuestionAction.confirmDelete: {
      await interaction.update({ content: 'Deleting…', components: [] });
      await qa.answering.remove(guildId, id, actor);
      return interaction.editReply({ content: 'The answer is deleted.', components: [] });
    }
    case QuestionAction.post: {
      // The private prompt turns into the confirmation. Posting usually takes well under a second;
      // when Discord is slow, the prompt says "Posting…" before the 3-second deadline and is edited after.
      const posting = qa.asking.postDraft(guildId, actor.userId, id);
      // A draft of Track as a question is another member's message: its confirmation says so.
      const reply = (result: Awaited<typeof posting>) => (result.question.sourceMessageId ? trackedConfirmation(result) : `${result.again ? 'You already posted this one. ' : ''}${askedReply(result)}`);
      const text = (result: Awaited<typeof posting>) => ({ content: reply(result), embeds: [], components: [], allowedMentions: { parse: [] } });
      const quick = await settledWithin(posting, QUICK_REPLY_MS);
      if (quick) return interaction.update(text(quick));
      await interaction.update({ content: 'Posting your question…', embeds: [], components: [], allowedMentions: { parse: [] } });
      return interaction.editReply(text(await posting));
    }
    case QuestionAction.resolved:
      qa.asking.discardDraft(guildId, actor.userId, id);
      return interaction.update({ content: 'Glad an earlier answer helped. Nothing was posted.', embeds: [], components: [], allowedMentions: { parse: [] } });
    default:
      throw new UserError('component.stale', 'This button no longer works. Run the command again.');
  }
}

/**
 * Accept on the asker's nudge, in its DM: the service checks the clicker is the asker it was sent to
 * and may still accept; the DM then says what was accepted, without its buttons.
 */
async function acceptFromNudge(interaction: ButtonInteraction, context: ContextOf<'qa'>, customId: CustomId): Promise<unknown> {
  const [number, answerId, guildId, askerId] = parseCustomIdArgs(customId, nudgeAcceptArgs);
  await interaction.deferUpdate();
  const accepted = await context.qa.nudging.accept({ guildId, number, answerId, askerId }, interaction.user.id);
  return interaction.editReply({ content: `${acceptedReply(accepted, 'this')} Thank you for closing the loop.`, components: [], allowedMentions: { parse: [] } });
}

/** How long a button may work before it must answer Discord (3 s) with an interim message. */
const QUICK_REPLY_MS = 1_500;

/** A question in full, privately: its asker (and moderators) also get Accept buttons. */
function detailFor(context: ContextOf<'qa' | 'moderation'>, actor: QaActor & { guildId: string }, number: number) {
  const detail = context.qa.finding.show(actor.guildId, number, actor);
  return questionDetailMessage(detail);
}
