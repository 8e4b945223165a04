import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type APIEmbed } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command.js';
import { parseOptions } from '../src/discord/options.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { memberPermission, onPrivateMessage } from '../src/discord/preconditions.js';
import { respond } from '../src/discord/respond.js';
import { inline, joinWithin } from '../src/discord/text.js';
import { BRAND_COLOR } from '../src/discord/theme.js';
import { REVIEW_REQUIRES, reviewComponents, runReview } from '../src/knowledge/discord/review.js';
import { parseStatsPage, statsPageId } from '../src/knowledge/discord/unanswered-pages.js';
import { unansweredField, unansweredPager } from '../src/knowledge/render/unanswered.js';
import type { KnowledgeService, KnowledgeStats, StatsPeriod } from '../src/knowledge/service.js';

const PERIOD_LABEL: Record<StatsPeriod, string> = { week: 'the last 7 days', month: 'the last 30 days', all: 'all time' };

const optionsSchema = z.object({ period: z.enum(['week', 'month', 'all']).default('month') });

function statsEmbed(stats: KnowledgeStats, period: StatsPeriod): APIEmbed {
  const share = stats.asked === 0 ? 0 : Math.round((stats.answered / stats.asked) * 100);
  const list = (lines: string[]) => joinWithin(lines, 1024) || 'Nothing yet.';
  return {
    title: `Knowledge base: ${PERIOD_LABEL[period]}`,
    color: BRAND_COLOR,
    description: `**${stats.asked}** questions asked with \`/ask\`; **${share}%** answered from the knowledge base.`,
    fields: [
      { name: 'Most asked topics', value: list(stats.mostAsked.map((row) => `${row.asks}× ${inline(row.entry?.title ?? row.entryId, 100)}`)) },
      {
        name: 'Least helpful entries',
        value: list(stats.leastHelpful.map((row) => `${inline(row.entry?.title ?? row.entryId, 100)}: ${row.helpful} helpful, ${row.unhelpful} not`)),
      },
      unansweredField(stats.unanswered, 'Questions without an answer'),
    ],
  };
}

/** The stats button that pages through the unanswered questions. */
const STATS_PAGE = 'stats-page';

/** /kb stats at a page of its unanswered questions, with Previous/Next for this moderator in this server. */
async function statsReply(knowledge: KnowledgeService, guildId: string, userId: string, period: StatsPeriod, page: number) {
  const stats = await knowledge.stats(guildId, period, { unansweredPage: page });
  return {
    embeds: [statsEmbed(stats, period)],
    components: unansweredPager(stats.unanswered, (to) => statsPageId('kb', STATS_PAGE, period, to, guildId, userId)),
  };
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('kb')
    .setDescription('Knowledge-base tools for moderators.')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName('stats')
        .setDescription('What members ask, which answers miss, and what the knowledge base lacks.')
        .addStringOption((option) =>
          option
            .setName('period')
            .setDescription('Time window (default: month)')
            .addChoices({ name: 'Last 7 days', value: 'week' }, { name: 'Last 30 days', value: 'month' }, { name: 'All time', value: 'all' }),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('review').setDescription('Questions /ask missed, grouped: add their words as an alias, draft an entry, or dismiss.'),
    ),

  uses: ['knowledge'],
  requires: { all: [memberPermission(PermissionFlagsBits.ManageGuild)], components: { ...REVIEW_REQUIRES, [STATS_PAGE]: [onPrivateMessage] } },

  components: {
    ...reviewComponents,
    async button(interaction, context, customId) {
      if (customId.action !== STATS_PAGE) return reviewComponents.button(interaction, context, customId);
      const { period, page } = parseStatsPage(interaction, customId);
      return interaction.update(await statsReply(context.knowledge, checkedGuildId(interaction), interaction.user.id, period, page));
    },
  },

  async execute(interaction, context) {
    if (interaction.options.getSubcommand() === 'review') return runReview(interaction, context);
    const { knowledge } = context;
    const guildId = checkedGuildId(interaction);
    const { period } = parseOptions(optionsSchema, { period: interaction.options.getString('period') ?? undefined });
    await respond(interaction, { ...(await statsReply(knowledge, guildId, interaction.user.id, period, 1)), ephemeral: true });
  },
});
