import type { ButtonInteraction } from 'discord.js';
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { encodeCustomId, parseCustomIdArgs, positiveIntArg, snowflakeArg, type CustomId } from '../../discord/custom-id.js';
import { checkedGuildId } from '../../discord/permissions.js';
import type { StatsPeriod } from '../service.js';

const PERIODS = ['week', 'month', 'all'] as const satisfies readonly StatsPeriod[];

const pageArgs = z.tuple([z.enum(PERIODS), positiveIntArg, snowflakeArg, snowflakeArg]);

/**
 * A Previous/Next button of a stats reply: the period and page, and the server and moderator it was
 * made for, so a custom_id carried to another server or clicked by someone else pages nothing.
 */
export function statsPageId(command: string, action: string, period: StatsPeriod, page: number, guildId: string, userId: string): string {
  return encodeCustomId(command, action, period, page, guildId, userId);
}

/** The period and page a stats button asks for, once it is checked to be this server's and this member's. */
export function parseStatsPage(interaction: ButtonInteraction, customId: CustomId): { period: StatsPeriod; page: number } {
  const [period, page, guildId, userId] = parseCustomIdArgs(customId, pageArgs);
  if (guildId !== checkedGuildId(interaction) || userId !== interaction.user.id) {
    throw new UserError('component.not-yours', 'These buttons page through someone else\'s stats. Run the command yourself.');
  }
  return { period, page };
}
