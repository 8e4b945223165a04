import { GatewayIntentBits } from 'discord-api-types/v10';

const I = GatewayIntentBits;

/** The intent a connection needs to receive an event; null when every connection gets it. */
export function intentFor(event: string, inGuild: boolean): number | null {
  if (event.startsWith('MESSAGE_')) return inGuild ? I.GuildMessages : I.DirectMessages;
  if (event.startsWith('GUILD_MEMBER')) return I.GuildMembers;
  if (event.startsWith('GUILD_') || event.startsWith('CHANNEL_') || event.startsWith('THREAD_')) return I.Guilds;
  return null;
}

export const MESSAGE_CONTENT_INTENT: number = I.MessageContent;

/** Every intent bit discord-api-types knows; anything outside is rejected with 4013 like Discord. */
export const KNOWN_INTENTS: number = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((all, bit) => all | bit, 0);
