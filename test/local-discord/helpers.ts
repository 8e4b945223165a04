import { once } from 'node:events';
import { expect } from 'vitest';
import { Client, DiscordAPIError, GatewayIntentBits } from 'discord.js';
import type { ClientOptions, Interaction } from 'discord.js';
import { startLocalDiscord } from '../../src/local-discord/index.js';
import type { LocalDiscord, LocalDiscordOptions } from '../../src/local-discord/index.js';
import { expectNothingOffSpec } from '../support/spec-checks.js';

export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMembers, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent];

/** A bare discord.js bot pointed at the emulator: only the REST base URL differs from production. */
export function makeClient(discord: LocalDiscord, options: Partial<ClientOptions> = {}): Client {
  return new Client({ intents: INTENTS, ...options, rest: { api: discord.apiUrl, ...options.rest } });
}

export async function login(client: Client, discord: LocalDiscord): Promise<Client<true>> {
  const ready = once(client, 'clientReady');
  await client.login(discord.token);
  await ready;
  return client as Client<true>;
}

export interface Harness {
  discord: LocalDiscord;
  client: Client<true>;
  guildId: string;
  channelId: string;
  ownerId: string;
  close(): Promise<void>;
}

/** Emulator + one guild with #general + a logged-in bot whose interactions go to `onInteraction`. */
export async function startHarness(
  onInteraction: (interaction: Interaction) => Promise<void> | void,
  options: LocalDiscordOptions & { botPermissions?: bigint; client?: Partial<ClientOptions> } = {},
): Promise<Harness> {
  const discord = await startLocalDiscord({ port: 0, ...options });
  const guild = await discord.createGuild({ name: 'CTO Community', ...(options.botPermissions === undefined ? {} : { botPermissions: options.botPermissions }) });
  const channel = await discord.createChannel(guild.id, { name: 'general' });
  const client = makeClient(discord, options.client);
  client.on('interactionCreate', (interaction) => {
    void Promise.resolve(onInteraction(interaction)).catch((error: unknown) => client.emit('error', error instanceof Error ? error : new Error(String(error))));
  });
  const ready = await login(client, discord);
  return {
    discord,
    client: ready,
    guildId: guild.id,
    channelId: channel.id,
    ownerId: guild.ownerId,
    async close() {
      await client.destroy();
      await discord.close();
      // These tests send requests off the spec on purpose; the emulator's answers must never be.
      await expectNothingOffSpec(discord, 'refused-on-purpose');
    },
  };
}

/** The Discord error a REST call fails with (the test fails if it succeeds or fails otherwise). */
export async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}
