import { Routes, SlashCommandBuilder } from 'discord.js';
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
          { name: 'Discord: unknown channel', value: 'discord-unknown-channel' },
          { name: 'Discord: post in this channel', value: 'discord-post-here' },
        ),
    ),
  async execute(interaction) {
    const how = interaction.options.getString('how', true);
    if (how === 'after-defer') await interaction.deferReply({ flags: 'Ephemeral' });
    if (how === 'after-public-defer') await interaction.deferReply();
    if (how === 'after-reply') await interaction.reply({ content: 'Working on it' });
    if (how === 'user') throw new UserError('test.user', 'You asked for a user error.');
    // Real REST calls, so the local Discord answers with its real error codes.
    if (how === 'discord-unknown-channel') await interaction.client.rest.get(Routes.channel('100000000000000000'));
    if (how === 'discord-post-here') {
      await interaction.deferReply({ flags: 'Ephemeral' });
      await interaction.client.rest.post(Routes.channelMessages(interaction.channelId), { body: { content: 'posted by /fail' } });
      return interaction.editReply('Posted.');
    }
    throw new Error('handler exploded');
  },
});

/** Answers with the context keys its handler was handed: it declares only the tips service. */
export const contextProbeCommand = defineCommand({
  data: new SlashCommandBuilder().setName('probe').setDescription('Test command that shows what context it gets.'),
  uses: ['tips'],
  async execute(interaction, context) {
    return interaction.reply({ content: Object.keys(context).sort().join(','), flags: 'Ephemeral' });
  },
});

export async function registryWithFailingCommand(): Promise<CommandRegistry> {
  return new CommandRegistry([...(await loadCommandRegistry()).all(), failingCommand, contextProbeCommand]);
}
