import { SlashCommandBuilder } from 'discord.js';
import { UserError } from '../../../src/core/errors.js';
import { defineCommand } from '../../../src/discord/command.js';
import { CommandRegistry, loadCommandRegistry } from '../../../src/discord/registry.js';

/** A command that fails in each way a handler can, to prove the router's error path. */
export const failingCommand = defineCommand({
  data: new SlashCommandBuilder()
    .setName('fail')
    .setDescription('Test command that fails.')
    .addStringOption((option) =>
      option
        .setName('how')
        .setDescription('How to fail')
        .setRequired(true)
        .addChoices(
          { name: 'throw before replying', value: 'before' },
          { name: 'throw after deferring', value: 'after-defer' },
          { name: 'throw after a public defer', value: 'after-public-defer' },
          { name: 'throw after replying', value: 'after-reply' },
          { name: 'user error', value: 'user' },
        ),
    ),
  async execute(interaction) {
    const how = interaction.options.getString('how', true);
    if (how === 'after-defer') await interaction.deferReply({ flags: 'Ephemeral' });
    if (how === 'after-public-defer') await interaction.deferReply();
    if (how === 'after-reply') await interaction.reply({ content: 'Working on it' });
    if (how === 'user') throw new UserError('test.user', 'You asked for a user error.');
    throw new Error('handler exploded');
  },
});

export async function registryWithFailingCommand(): Promise<CommandRegistry> {
  return new CommandRegistry([...(await loadCommandRegistry()).all(), failingCommand]);
}
