import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import { defineCommand } from '../src/discord/command.js';
import { snowflakeArg } from '../src/discord/custom-id.js';
import { parseOptions } from '../src/discord/options.js';
import { checkedGuildId } from '../src/discord/permissions.js';
import { botCan, memberPermission } from '../src/discord/preconditions.js';
import { respond, respondPrivately } from '../src/discord/respond.js';
import { formatPostTime } from '../src/scheduling/time/format.js';
import { describeSchedule, renderSetupReply, renderStatus } from '../src/tips/render/schedule.js';
import { POST_DAYS } from '../src/scheduling/time/schedule.js';
import { requireChannelStillUsable, setupWarnings, TIP_CHANNEL_NEEDS } from '../src/tips/discord/channel-checks.js';
import type { TipService } from '../src/tips/service.js';
import { timeZoneChoices } from '../src/scheduling/time/time-zones.js';

const TIP_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const setupSchema = z.object({
  channelId: snowflakeArg,
  time: z.string().trim().min(1).max(10),
  timeZone: z.string().trim().min(1, 'Pick a time zone, such as London, India or PST.').max(64),
  days: z.enum(POST_DAYS).default('daily'),
  roleId: snowflakeArg.optional(),
});

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('tips')
    .setDescription('Daily leadership tips for this server: schedule, pause, preview.')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName('setup')
        .setDescription('Post one tip a day in a channel at a local time.')
        .addChannelOption((option) =>
          option.setName('channel').setDescription('Where tips are posted').setRequired(true).addChannelTypes(...TIP_CHANNEL_TYPES),
        )
        .addStringOption((option) => option.setName('time').setDescription('Local time, e.g. 09:00, 9am or 9:30 pm').setRequired(true).setMaxLength(10))
        .addStringOption((option) =>
          option.setName('timezone').setDescription('Your time zone: a city, country or abbreviation, e.g. London, India or PST').setRequired(true).setAutocomplete(true).setMaxLength(64),
        )
        .addStringOption((option) =>
          option
            .setName('days')
            .setDescription('Every day (default) or Monday to Friday')
            .addChoices({ name: 'Every day', value: 'daily' }, { name: 'Weekdays (Mon–Fri)', value: 'weekdays' }),
        )
        .addRoleOption((option) => option.setName('role').setDescription('A role to mention with each tip (nobody is pinged otherwise)')),
    )
    .addSubcommand((sub) => sub.setName('status').setDescription('Show the schedule, the next post times and recent changes.'))
    .addSubcommand((sub) => sub.setName('pause').setDescription('Stop posting until /tips resume.'))
    .addSubcommand((sub) => sub.setName('resume').setDescription('Start posting again from the next post time.'))
    .addSubcommand((sub) => sub.setName('preview').setDescription('Show the next tip as it will be posted (posts nothing).'))
    .addSubcommand((sub) => sub.setName('disable').setDescription('Turn daily tips off (run /tips setup to start again).')),

  uses: ['tips'],
  requires: {
    all: [memberPermission(PermissionFlagsBits.ManageGuild)],
    subcommands: { setup: [botCan('channel', 'post tips', TIP_CHANNEL_NEEDS)] },
  },

  async execute(interaction, { tips }) {
    const guildId = checkedGuildId(interaction);
    const subcommand = interaction.options.getSubcommand(true);
    const actorId = interaction.user.id;
    switch (subcommand) {
      case 'setup':
        return setup(interaction, guildId, tips);
      case 'status':
        return respond(interaction, { embeds: [renderStatus(await tips.status(guildId))], ephemeral: true });
      case 'pause': {
        await tips.pause(guildId, actorId);
        return respondPrivately(interaction, 'Daily tips are paused. Run `/tips resume` to start them again.');
      }
      case 'resume':
        return resume(interaction, guildId, tips);
      case 'disable': {
        await tips.disable(guildId, actorId);
        return respondPrivately(interaction, 'Daily tips are turned off. Run `/tips setup` to start them again.');
      }
      case 'preview': {
        const { message, next, schedule } = await tips.preview(guildId);
        const when = next && schedule ? `Next post: ${formatPostTime(next, schedule.zone)}.` : 'Daily tips are not scheduled right now.';
        const role = schedule?.roleId ? ` It will mention <@&${schedule.roleId}>.` : '';
        return respond(interaction, { content: `**Preview** (nothing was posted). ${when}${role}`, embeds: message.embeds ?? [], ephemeral: true });
      }
      default:
        throw new UserError('tips.unknown-subcommand', 'That option is not available any more. Try `/help`.');
    }
  },

  async autocomplete(interaction) {
    const typed = interaction.options.getFocused();
    await interaction.respond(timeZoneChoices(typed));
  },
});

async function setup(interaction: ChatInputCommandInteraction, guildId: string, tips: TipService) {
  const options = parseOptions(setupSchema, {
    channelId: interaction.options.getChannel('channel', true).id,
    time: interaction.options.getString('time', true),
    timeZone: interaction.options.getString('timezone', true),
    days: interaction.options.getString('days') ?? undefined,
    roleId: interaction.options.getRole('role')?.id,
  });
  // The router checked the channel (this server's, a text or announcement one, the bot can post).
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const warnings = await setupWarnings(interaction, options.channelId, options.roleId);
  const { schedule, upcoming } = await tips.setup({ ...options, guildId, guildName: interaction.guild?.name ?? null, actorId: interaction.user.id });
  await respond(interaction, { embeds: [renderSetupReply(schedule, upcoming, warnings)], ephemeral: true });
}

/** Resumes only into a channel the bot can post in again, so a pause for lost access is not repeated at the next post. */
async function resume(interaction: ChatInputCommandInteraction, guildId: string, tips: TipService) {
  const { schedule: paused } = await tips.status(guildId);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (paused?.status === 'paused') await requireChannelStillUsable(interaction, paused.channelId);
  const schedule = await tips.resume(guildId, interaction.user.id);
  const next = schedule.next ? ` The next one: ${formatPostTime(schedule.next, schedule.zone)}.` : '';
  await respondPrivately(interaction, `Daily tips are back on in ${describeSchedule(schedule)}.${next}`);
}
