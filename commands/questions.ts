import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { defineCommand } from '../src/discord/command.js';
import { parseCustomIdArgs } from '../src/discord/custom-id.js';
import { memberText, parseOptions } from '../src/discord/options.js';
import { respond } from '../src/discord/respond.js';
import { LIST_SORTS, LIST_STATUSES, listPageArgs } from '../src/qa/custom-ids.js';
import { qaActor } from '../src/qa/discord/actor.js';
import { onPrivateMessage } from '../src/discord/preconditions.js';
import { questionListMessage, searchResultsMessage } from '../src/qa/render/lists.js';
import { mentionNamesIn } from '../src/discord/mention-names.js';

const listSchema = z.object({ status: z.enum(LIST_STATUSES).default('all'), sort: z.enum(LIST_SORTS).default('newest') });
const searchSchema = z.object({ query: memberText({ min: 2, max: 200, tooShort: 'Type at least 2 characters to search.', tooLong: 'Keep the search under 200 characters.' }) });

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('questions')
    .setDescription("Browse and search the server's Q&A.")
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('list')
        .setDescription('Page through questions.')
        .addStringOption((option) =>
          option
            .setName('status')
            .setDescription('Which questions (default: all)')
            .addChoices(
              { name: 'Open', value: 'open' },
              { name: 'Answered', value: 'answered' },
              { name: 'Unanswered', value: 'unanswered' },
              { name: 'Mine', value: 'mine' },
            ),
        )
        .addStringOption((option) =>
          option.setName('sort').setDescription('Order (default: newest)').addChoices({ name: 'Newest', value: 'newest' }, { name: 'Most upvoted', value: 'votes' }),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('search')
        .setDescription('Search questions and answers.')
        .addStringOption((option) => option.setName('query').setDescription('Words to look for').setRequired(true).setMinLength(2).setMaxLength(200)),
    ),

  uses: ['qa', 'moderation'],
  requires: { components: { page: [onPrivateMessage] } },

  async execute(interaction, context) {
    const actor = await qaActor(interaction, context);
    switch (interaction.options.getSubcommand(true)) {
      case 'list': {
        const { status, sort } = parseOptions(listSchema, {
          status: interaction.options.getString('status') ?? undefined,
          sort: interaction.options.getString('sort') ?? undefined,
        });
        return respond(interaction, { ...questionListMessage(context.qa.finding.list(actor.guildId, status, sort, actor, 1), mentionNamesIn(interaction.guild)), ephemeral: true });
      }
      case 'search': {
        const { query } = parseOptions(searchSchema, { query: interaction.options.getString('query', true) });
        return respond(interaction, { ...searchResultsMessage(query, context.qa.finding.search(actor.guildId, query, actor), mentionNamesIn(interaction.guild)), ephemeral: true });
      }
      default:
        throw new UserError('qa.unknown-subcommand', 'That option is not available any more. Try `/help`.');
    }
  },

  components: {
    async button(interaction, context, customId) {
      const actor = await qaActor(interaction, context);
      const [status, sort, page] = parseCustomIdArgs(customId, listPageArgs);
      // The list is the member's own private message (declared above): turn the page in place.
      await interaction.update(questionListMessage(context.qa.finding.list(actor.guildId, status, sort, actor, page), mentionNamesIn(interaction.guild)));
    },
  },
});
