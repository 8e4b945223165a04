import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { EmulatorInfo } from './emulator.js';

/**
 * Puts the bot's commands on a guild of the emulator, so the baseline (which has none) is driven with
 * exactly the same interactions as the bot.
 */
export async function registerGuildCommands(info: EmulatorInfo, guildId: string, commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): Promise<void> {
  const response = await fetch(`${info.apiUrl}/v10/applications/${info.applicationId}/guilds/${guildId}/commands`, {
    method: 'PUT',
    headers: { authorization: `Bot ${info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(commands),
  });
  if (!response.ok) throw new Error(`registering the commands failed: HTTP ${response.status} ${await response.text()}`);
}
