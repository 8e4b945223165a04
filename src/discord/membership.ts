import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';

/**
 * Whether a member is still in a server, asked of Discord (the bot has no member intent, so its
 * cache would keep members who left). Only "unknown member" says no: any other failure counts as
 * yes, since it says nothing about the member and the worst case is one DM they can ignore.
 */
export function memberOfGuild(rest: REST): (guildId: string, userId: string) => Promise<boolean> {
  return async (guildId, userId) => {
    try {
      await rest.get(Routes.guildMember(guildId, userId));
      return true;
    } catch (error) {
      return !(error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser));
    }
  };
}
