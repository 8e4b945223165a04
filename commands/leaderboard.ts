import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command.js';
import { parseOptions } from '../src/discord/options.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { respond } from '../src/discord/respond.js';
import { leaderboardEmbed } from '../src/qa/render/reports.js';
import { PERIODS } from '../src/qa/types.js';

const optionsSchema = z.object({ period: z.enum(PERIODS).default('month') });

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('leaderboard')
    .setDescription('Top helpers of Community Q&A by reputation.')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option.setName('period').setDescription('Default: month').addChoices({ name: 'This week', value: 'week' }, { name: 'This month', value: 'month' }, { name: 'All time', value: 'all' }),
    ),

  uses: ['qa'],
  async execute(interaction, { qa }) {
    const guildId = checkedGuildId(interaction);
    const { period } = parseOptions(optionsSchema, { period: interaction.options.getString('period') ?? undefined });
    // Public: members see who helps; the helpers appear as mentions that ping nobody.
    await respond(interaction, { embeds: [leaderboardEmbed(await qa.reporting.leaderboard(guildId, period), period)] });
  },
});
