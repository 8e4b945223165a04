import type { Guild, Interaction } from 'discord.js';
import { roleIn } from './role-directory.js';
import { NO_NAMES, type MentionNames } from './text.js';

/** Display names the bot saw recently, per server; bounded, oldest forgotten first. */
class SeenMemberNames {
  readonly #names = new Map<string, string>();

  constructor(private readonly maxSize = 10_000) {}

  /** The acting member of an interaction, and the members and users it resolved (user options). */
  rememberFrom(interaction: Interaction): void {
    if (!interaction.inCachedGuild() && !interaction.inRawGuild()) return;
    const { guildId } = interaction;
    const member = interaction.member;
    this.remember(guildId, interaction.user.id, member && 'displayName' in member ? member.displayName : (member?.nick ?? interaction.user.globalName ?? interaction.user.username));
    if (interaction.isChatInputCommand()) {
      for (const option of interaction.options.data) {
        const shown = option.member && 'displayName' in option.member ? option.member.displayName : (option.user?.globalName ?? option.user?.username);
        if (option.user && shown) this.remember(guildId, option.user.id, shown);
      }
    }
  }

  remember(guildId: string, userId: string, name: string): void {
    const key = `${guildId}:${userId}`;
    this.#names.delete(key);
    this.#names.set(key, name);
    if (this.#names.size > this.maxSize) this.#names.delete(this.#names.keys().next().value as string);
  }

  nameOf(guildId: string, userId: string): string | undefined {
    return this.#names.get(`${guildId}:${userId}`);
  }
}

/**
 * The members seen by this process, shared by the command handlers and the background delivery
 * (a thread is named when a question is posted, maybe minutes after it was asked). Filled by the
 * gateway's interaction listener (start-bot.ts).
 */
export const SEEN_MEMBERS = new SeenMemberNames();

/**
 * The names a server's mentions stand for: roles from the role directory and channels from the
 * gateway's cache (the Guilds intent keeps them all); members are not cached (memory), so those the bot saw act recently, then
 * whatever discord.js holds. Outside a server (a DM) nothing is known.
 */
export function mentionNamesIn(guild: Guild | null | undefined, seen: SeenMemberNames = SEEN_MEMBERS): MentionNames {
  if (!guild) return NO_NAMES;
  return {
    role: (id) => (id === guild.id ? 'everyone' : roleIn(guild, id)?.name),
    channel: (id) => guild.channels.cache.get(id)?.name,
    user: (id) => {
      const member = guild.members.cache.get(id);
      if (member) return member.displayName;
      const known = seen.nameOf(guild.id, id);
      if (known) return known;
      const user = guild.client.users.cache.get(id);
      return user ? (user.globalName ?? user.username) : undefined;
    },
  };
}
