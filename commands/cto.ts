import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command.js';
import { encodeCustomId, parseCustomIdArgs, positiveIntArg } from '../src/discord/custom-id.js';
import { memberText, parseOptions } from '../src/discord/options.js';
import { mayRewriteMessage } from '../src/discord/private-source.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { entryEmbed, paginate, topicListMessage, type TopicPage } from '../src/knowledge/render/messages.js';
import { mentionNamesIn } from '../src/discord/mention-names.js';
import { entryIdSchema } from '../src/knowledge/schema.js';

const NO_TAG = '-';

const topicOptions = z.object({
  topic: memberText({ min: 1, max: 100, tooShort: 'Pick a topic from the list.', tooLong: 'Pick a topic from the list.' }),
  private: z.boolean().default(false),
});

const listOptions = z.object({
  tag: z.string().trim().toLowerCase().regex(/^[a-z0-9-]{1,24}$/, 'Pick a tag from the list.').optional(),
  private: z.boolean().default(false),
});

const listIds = (topicPage: TopicPage) => ({
  page: (page: number) => encodeCustomId('cto', 'page', page, topicPage.tag ?? NO_TAG),
  select: encodeCustomId('cto', 'open'),
});

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('cto')
    .setDescription('Browse the CTO knowledge base by topic.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((sub) =>
      sub
        .setName('topic')
        .setDescription('Open one topic; start typing to see suggestions.')
        .addStringOption((option) => option.setName('topic').setDescription('The topic').setRequired(true).setAutocomplete(true).setMaxLength(100))
        .addBooleanOption((option) => option.setName('private').setDescription('Show it only to you')),
    )
    .addSubcommand((sub) =>
      sub
        .setName('list')
        .setDescription('Page through every topic, optionally by tag.')
        .addStringOption((option) => option.setName('tag').setDescription('Only topics with this tag').setAutocomplete(true))
        .addBooleanOption((option) => option.setName('private').setDescription('Show it only to you')),
    ),

  uses: ['knowledge'],
  async execute(interaction, { knowledge }) {
    const guildId = interaction.guildId;
    if (interaction.options.getSubcommand() === 'list') {
      const options = parseOptions(listOptions, {
        tag: interaction.options.getString('tag') ?? undefined,
        private: interaction.options.getBoolean('private') ?? undefined,
      });
      const topics = knowledge.list(guildId, options.tag);
      if (topics.length === 0) {
        // An empty result is the member's own business: said privately, with the tags that exist.
        const tags = knowledge.tags(guildId);
        await respondPrivately(interaction, `No topic is tagged \`${options.tag ?? ''}\`. Tags: ${tags.map((tag) => `\`${tag}\``).join(', ')}.`);
        return;
      }
      const topicPage = paginate(topics, 1, options.tag);
      await respond(interaction, { ...topicListMessage(topicPage, listIds(topicPage), mentionNamesIn(interaction.guild)), ephemeral: options.private });
      return;
    }
    const options = parseOptions(topicOptions, {
      topic: interaction.options.getString('topic', true),
      private: interaction.options.getBoolean('private') ?? undefined,
    });
    // Autocomplete sends the id; a member who typed a title without picking gets the best search match.
    const entry = knowledge.entry(options.topic, guildId) ?? knowledge.search(options.topic, guildId, 1).answer?.entry;
    if (!entry) {
      knowledge.requireEntry(options.topic, guildId);
      return;
    }
    const embed = entryEmbed(entry, knowledge.relatedTitles(entry, guildId), `Topic: ${entry.id} · /ask any question in your own words`);
    await respond(interaction, { embeds: [embed], ephemeral: options.private });
  },

  async autocomplete(interaction, { knowledge }) {
    const focused = interaction.options.getFocused(true);
    const guildId = interaction.guildId;
    if (focused.name === 'tag') {
      const typed = focused.value.toLowerCase();
      const tags = knowledge.tags(guildId).filter((tag) => tag.includes(typed));
      await interaction.respond(tags.slice(0, 25).map((tag) => ({ name: tag, value: tag })));
      return;
    }
    await interaction.respond(knowledge.suggest(focused.value, guildId));
  },

  components: {
    async button(interaction, { knowledge }, customId) {
      const [page, tag] = parseCustomIdArgs(customId, z.tuple([positiveIntArg, z.string().regex(/^[a-z0-9-]{1,24}$/)]));
      const topicTag = tag === NO_TAG ? undefined : tag;
      const topicPage = paginate(knowledge.list(interaction.guildId, topicTag), page, topicTag);
      const message = topicListMessage(topicPage, listIds(topicPage), mentionNamesIn(interaction.guild));
      // Someone else's public list is not paged under its owner's eyes: they get their own copy.
      if (mayRewriteMessage(interaction)) await interaction.update(message);
      else await respond(interaction, { ...message, ephemeral: true });
    },

    async select(interaction, { knowledge }, customId) {
      const [entryId] = parseCustomIdArgs({ ...customId, args: interaction.values }, z.tuple([entryIdSchema]));
      const entry = knowledge.requireEntry(entryId, interaction.guildId);
      const embed = entryEmbed(entry, knowledge.relatedTitles(entry, interaction.guildId), 'Opened from /cto list');
      await respond(interaction, { embeds: [embed], ephemeral: true });
    },
  },
});
