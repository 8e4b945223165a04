import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command.js';
import { renderHelp } from '../src/discord/help.js';
import { respond } from '../src/discord/respond.js';

export default defineCommand({
  data: new SlashCommandBuilder().setName('help').setDescription('List every CTO Mentor command and what it does.'),

  uses: ['registry'],
  async execute(interaction, { registry }) {
    await respond(interaction, { embeds: [renderHelp(registry.toJSON(), registry.messageCommandNames())], ephemeral: true });
  },
});
