import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command.js';
import { encodeCustomId, parseCustomIdArgs, positiveIntArg } from '../src/discord/custom-id.js';
import { memberText, parseOptions } from '../src/discord/options.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { inServer } from '../src/discord/preconditions.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { entryIdSchema } from '../src/knowledge/schema.js';
import {
  answerMessage,
  entryEmbed,
  moreLikeThisMessage,
  noAnswerMessage,
  type KnowledgeButtonIds,
} from '../src/knowledge/render/messages.js';
import { questionIds } from '../src/qa/custom-ids.js';
import { withCommunityAnswer } from '../src/qa/render/ask-community.js';
import { questionModal } from '../src/qa/render/modals.js';

const optionsSchema = z.object({
  question: memberText({ min: 3, max: 300, tooShort: 'Ask a question of at least 3 characters.', tooLong: 'Keep the question under 300 characters; `/question ask` takes longer ones for the community.' }),
  private: z.boolean().default(false),
});

const buttonIds = (questionId: number, entryId: string | undefined): KnowledgeButtonIds => ({
  // The question rides along so a "Not helpful" reaches /kb review with its wording.
  helpful: encodeCustomId('ask', 'helpful', entryId ?? '-', questionId),
  unhelpful: encodeCustomId('ask', 'unhelpful', entryId ?? '-', questionId),
  more: encodeCustomId('ask', 'more', questionId, entryId ?? '-'),
  community: encodeCustomId('ask', 'community', questionId),
  open: (id) => encodeCustomId('ask', 'open', id),
});

const entryArg = z.tuple([entryIdSchema]);
/** Votes name the entry and, since /kb review, the logged question (older buttons have no question). */
const voteArgs = z.tuple([entryIdSchema, positiveIntArg.optional()]);

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask anything about the CTO role; answered from the curated knowledge base.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((option) =>
      option.setName('question').setDescription('Your question, in your own words').setRequired(true).setMinLength(3).setMaxLength(300),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Show the answer only to you')),

  requires: {
    components: { community: [inServer('Community questions belong to a server: use `/ask` there, or `/question ask`.')] },
  },

  async execute(interaction, context) {
    const options = parseOptions(optionsSchema, {
      question: interaction.options.getString('question', true),
      private: interaction.options.getBoolean('private') ?? undefined,
    });
    const guildId = interaction.guildId;
    const outcome = context.knowledge.ask(options.question, { guildId, userId: interaction.user.id });
    const answer = outcome.answer;
    const ids = buttonIds(outcome.questionId, answer?.entry.id);
    const fromKnowledgeBase = answer
      ? answerMessage(answer, context.knowledge.relatedTitles(answer.entry, guildId), ids)
      : noAnswerMessage(options.question, outcome.hits, ids);
    // Accepted community answers of this server follow the entry, or replace it when they match better.
    const community = guildId ? context.qa.communityAnswer(guildId, options.question) : null;
    const message = withCommunityAnswer(fromKnowledgeBase, { community, kb: answer && { entry: answer.entry, score: answer.score }, ids });
    await respond(interaction, { ...message, ephemeral: options.private });
  },

  components: {
    async button(interaction, context, customId) {
      const guildId = interaction.guildId;
      const voter = { guildId, userId: interaction.user.id };
      switch (customId.action) {
        case 'helpful':
        case 'unhelpful': {
          const [entryId, questionId] = parseCustomIdArgs(customId, voteArgs);
          context.knowledge.recordFeedback(entryId, voter, customId.action === 'helpful', questionId);
          await respondPrivately(interaction, customId.action === 'helpful' ? 'Thanks, glad it helped.' : 'Thanks for telling me. Moderators see which answers miss the mark.');
          return;
        }
        case 'more': {
          const [questionId, entryId] = parseCustomIdArgs(customId, z.tuple([positiveIntArg, z.string()]));
          const hits = context.knowledge.moreLikeThis(questionId, guildId, entryId);
          await respond(interaction, { ...moreLikeThisMessage(hits, buttonIds(questionId, entryId)), ephemeral: true });
          return;
        }
        case 'open': {
          const [entryId] = parseCustomIdArgs(customId, entryArg);
          const entry = context.knowledge.requireEntry(entryId, guildId);
          await respond(interaction, { embeds: [entryEmbed(entry, context.knowledge.relatedTitles(entry, guildId), 'Opened from /ask')], ephemeral: true });
          return;
        }
        case 'community': {
          const [questionId] = parseCustomIdArgs(customId, z.tuple([positiveIntArg]));
          const serverId = checkedGuildId(interaction);
          const logged = context.knowledge.loggedQuestion(questionId, serverId);
          context.qa.checkAskLimit(serverId, interaction.user.id);
          // The member can add context before posting; submitting goes to /question's ask flow.
          await interaction.showModal(questionModal(questionIds.askModal(questionId), 'Ask the community', logged.question));
          return;
        }
        default:
          await respondPrivately(interaction, 'This button no longer works. Run `/ask` again.');
      }
    },
  },
});
