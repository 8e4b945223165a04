import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command.js';
import { button, ButtonStyle, row } from '../src/discord/components.js';
import { parseCustomIdArgs, positiveIntArg } from '../src/discord/custom-id.js';
import { askButtonIds } from '../src/knowledge/discord/ask-buttons.js';
import { memberText, parseOptions } from '../src/discord/options.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { inServer } from '../src/discord/preconditions.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { oneLine } from '../src/discord/text.js';
import { entryIdSchema } from '../src/knowledge/schema.js';
import {
  answerMessage,
  didYouMeanMessage,
  entryEmbed,
  moreLikeThisMessage,
  noAnswerMessage,
  notAQuestionMessage,
} from '../src/knowledge/render/messages.js';
import { questionIds } from '../src/qa/custom-ids.js';
import { withCommunityAnswer } from '../src/qa/render/ask-community.js';
import { mentionNamesIn } from '../src/discord/mention-names.js';
import { questionModal } from '../src/qa/render/modals.js';

/** Room for the context members give before their question: the asking sentences are found in it. */
const QUESTION_MAX = 1000;

const optionsSchema = z.object({
  question: memberText({ min: 3, max: QUESTION_MAX, tooShort: 'Ask a question of at least 3 characters.', tooLong: `Keep the question under ${QUESTION_MAX} characters; \`/question ask\` takes longer ones for the community.` }),
  private: z.boolean().default(false),
});

const buttonIds = askButtonIds;

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
      option.setName('question').setDescription('Your question, in your own words').setRequired(true).setMinLength(3).setMaxLength(QUESTION_MAX),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Show the answer only to you')),

  uses: ['knowledge', 'qa'],
  requires: {
    components: { community: [inServer('Community questions belong to a server: use `/ask` there, or `/question ask`.')] },
  },

  async execute(interaction, context) {
    const options = parseOptions(optionsSchema, {
      question: interaction.options.getString('question', true),
      private: interaction.options.getBoolean('private') ?? undefined,
    });
    const guildId = interaction.guildId;
    const outcome = await context.knowledge.ask(options.question, { guildId, userId: interaction.user.id });
    const answer = outcome.answer;
    if (!answer && outcome.notAQuestion) {
      await respondPrivately(interaction, notAQuestionMessage());
      return;
    }
    const ids = buttonIds(outcome.questionId, answer?.entry.id);
    const fromKnowledgeBase = answer
      ? answerMessage(answer, context.knowledge.relatedTitles(answer.entry, guildId), ids, outcome.second)
      : outcome.nearMiss
        ? didYouMeanMessage(options.question, outcome.nearMiss, ids)
        : noAnswerMessage(options.question, outcome.hits, ids);
    // Accepted community answers of this server follow the entry, or replace it when they match better.
    const community = guildId ? context.qa.finding.communityAnswer(guildId, options.question) : null;
    const message = withCommunityAnswer(fromKnowledgeBase, { community, kb: answer && { entry: answer.entry, score: answer.score }, ids, names: mentionNamesIn(interaction.guild) });
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
          await context.knowledge.recordFeedback(entryId, voter, customId.action === 'helpful', questionId);
          await respondPrivately(interaction, customId.action === 'helpful' ? 'Thanks, glad it helped.' : 'Thanks for telling me. Moderators see which answers miss the mark.');
          return;
        }
        case 'more': {
          const [questionId, entryId] = parseCustomIdArgs(customId, z.tuple([positiveIntArg, z.string()]));
          const hits = await context.knowledge.moreLikeThis(questionId, guildId, entryId);
          await respond(interaction, { ...moreLikeThisMessage(hits, buttonIds(questionId, entryId)), ephemeral: true });
          return;
        }
        case 'didyoumean': {
          // Crafted ids are checked like typed ones: the question must be this server's, the entry one it sees.
          const [entryId, questionId] = parseCustomIdArgs(customId, z.tuple([entryIdSchema, positiveIntArg]));
          const logged = await context.knowledge.loggedQuestion(questionId, guildId);
          const entry = context.knowledge.requireEntry(entryId, guildId);
          const ids = buttonIds(questionId, entry.id);
          await respond(interaction, {
            embeds: [entryEmbed(entry, context.knowledge.relatedTitles(entry, guildId), `You chose this topic for "${oneLine(logged.question, 200)}"`)],
            components: [
              row(button(ids.helpful, 'Helpful', ButtonStyle.Success), button(ids.unhelpful, 'Not helpful'), button(ids.more, 'More like this')),
            ],
            ephemeral: true,
          });
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
          const logged = await context.knowledge.loggedQuestion(questionId, serverId);
          await context.qa.asking.checkLimit(serverId, interaction.user.id);
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
