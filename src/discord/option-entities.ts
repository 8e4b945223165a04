import {
  ApplicationCommandOptionType as OptionType,
  ChannelType,
  DiscordAPIError,
  RESTJSONErrorCodes,
  type APIApplicationCommandOption,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Guild,
  type GuildBasedChannel,
} from 'discord.js';
import { UserError } from '../core/errors.js';

/** Channel, role and user options of one interaction, each checked to be of the server it came from. */
export interface CheckedOptions {
  /** The channel a channel option names, as the server holds it; null when the option was not given. */
  channel(name: string): GuildBasedChannel | null;
}

export const NO_ENTITY_OPTIONS: CheckedOptions = { channel: () => null };

const SNOWFLAKE = /^\d{17,20}$/;

const ENTITY_TYPES: ReadonlySet<OptionType> = new Set([OptionType.Channel, OptionType.Role, OptionType.User, OptionType.Mentionable]);

/** How members name channel types: "pick a text or forum channel". */
const CHANNEL_WORDS: Partial<Record<ChannelType, string>> = {
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'announcement',
  [ChannelType.GuildForum]: 'forum',
  [ChannelType.GuildMedia]: 'media',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'stage',
  [ChannelType.GuildCategory]: 'category',
};

/**
 * Checks every channel, role and user option against the server the interaction came from — as
 * Discord lists that server's channels, roles and members now, never as discord.js resolved the
 * option: discord.js files a resolved channel or role under the interaction's server whatever server
 * it belongs to, so another server's id would pass a check of its cache. A channel must also be of a
 * type its option accepts. What discord.js misfiled is taken out of its cache again.
 */
export async function checkEntityOptions(interaction: ChatInputCommandInteraction, definitions: readonly APIApplicationCommandOption[]): Promise<CheckedOptions> {
  const entities = leafOptions(interaction.options.data).filter((option) => ENTITY_TYPES.has(option.type));
  if (entities.length === 0) return NO_ENTITY_OPTIONS;
  const guild = interaction.guild;
  if (!guild) throw new UserError('not-in-server', "I'm not a member of this server, so I can't use its channels, roles or members. Invite the bot with its install link first.");
  const server = serverView(guild);
  const channels = new Map<string, GuildBasedChannel>();
  for (const option of entities) {
    const id = typeof option.value === 'string' ? option.value : '';
    const definition = definitions.find((candidate) => candidate.name === option.name);
    if (option.type === OptionType.Channel) channels.set(option.name, await server.channel(option.name, id, allowedTypes(definition)));
    else if (option.type === OptionType.Role || (option.type === OptionType.Mentionable && option.role)) await server.role(option.name, id);
    else await server.member(option.name, id);
  }
  return { channel: (name) => channels.get(name) ?? null };
}

/** The options a member filled in, under any subcommand group and subcommand. */
function leafOptions(options: readonly CommandInteractionOption[]): CommandInteractionOption[] {
  return options.flatMap((option) => (option.options ? leafOptions(option.options) : [option]));
}

/** The definitions of the options of the subcommand that was invoked (or of the command itself). */
export function invokedOptionDefinitions(options: readonly APIApplicationCommandOption[] | undefined, path: readonly string[]): readonly APIApplicationCommandOption[] {
  let current = options ?? [];
  for (const name of path) {
    const nested = current.find((option) => option.name === name);
    current = nested && 'options' in nested && (nested.type === OptionType.Subcommand || nested.type === OptionType.SubcommandGroup) ? (nested.options ?? []) : [];
  }
  return current;
}

function allowedTypes(definition: APIApplicationCommandOption | undefined): readonly ChannelType[] | null {
  return definition?.type === OptionType.Channel && definition.channel_types?.length ? (definition.channel_types as readonly ChannelType[]) : null;
}

/** One server's channels and roles fetched from Discord at most once per interaction. */
function serverView(guild: Guild) {
  let channels: Promise<ReadonlyMap<string, GuildBasedChannel | null>> | undefined;
  let roles: Promise<ReadonlySet<string>> | undefined;
  return {
    async channel(option: string, id: string, types: readonly ChannelType[] | null): Promise<GuildBasedChannel> {
      channels ??= guild.channels.fetch();
      const channel = (await channels).get(id);
      if (!channel) {
        forgetMisfiledChannel(guild, id);
        throw new UserError('option.foreign-channel', `\`${option}\`: pick a channel of this server.`);
      }
      if (types && !types.includes(channel.type)) {
        const words = types.map((type) => CHANNEL_WORDS[type] ?? 'other').join(' or ');
        throw new UserError('option.channel-type', `\`${option}\`: pick a ${words} channel of this server.`);
      }
      return channel;
    },
    async role(option: string, id: string): Promise<void> {
      roles ??= guild.roles.fetch().then((found) => new Set(found.keys()));
      if ((await roles).has(id)) return;
      guild.roles.cache.delete(id);
      throw new UserError('option.foreign-role', `\`${option}\`: pick a role of this server.`);
    },
    async member(option: string, id: string): Promise<void> {
      const member = !SNOWFLAKE.test(id) ? null : await guild.members.fetch({ user: id, force: true, cache: false }).catch((error: unknown) => {
        if (isUnknown(error)) return null;
        throw error;
      });
      if (!member) throw new UserError('option.foreign-member', `\`${option}\`: pick a member of this server.`);
    },
  };
}

/** discord.js filed another server's channel under this one while resolving the option: undo it. */
function forgetMisfiledChannel(guild: Guild, id: string): void {
  guild.channels.cache.delete(id);
  const cached = guild.client.channels.cache.get(id);
  // Made from the option's data alone (the bot never saw it from its own server): nobody's channel.
  if (cached && 'guildId' in cached && cached.guildId === guild.id) guild.client.channels.cache.delete(id);
}

function isUnknown(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser);
}
