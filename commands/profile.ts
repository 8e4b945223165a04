import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { respond } from '../src/discord/respond.js';
import { profileEmbed } from '../src/qa/render/reports.js';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('profile')
    .setDescription("A member's Q&A questions, answers and reputation.")
    .setContexts(InteractionContextType.Guild)
    .addUserOption((option) => option.setName('member').setDescription('Default: you')),

  uses: ['qa'],
  async execute(interaction, { qa }) {
    const guildId = checkedGuildId(interaction);
    const userId = interaction.options.getUser('member')?.id ?? interaction.user.id;
    // Private: your own profile counts your anonymous questions, which nobody else may see.
    await respond(interaction, { embeds: [profileEmbed(await qa.reporting.profile(guildId, userId, interaction.user.id), guildId)], ephemeral: true });
  },
});
