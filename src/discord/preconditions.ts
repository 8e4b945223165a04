import { InteractionContextType, MessageFlags, type GuildBasedChannel, type Interaction } from 'discord.js';
import type { ContextKey, ContextOf } from './command-context.js';
import { actorOf } from './actor.js';
import type { CustomId } from './custom-id.js';
import type { CheckedOptions } from './option-entities.js';
import { missingBotPermissions, permissionName } from './permissions.js';

/**
 * What must hold before a command, subcommand or component runs, declared beside its definition and
 * checked by the router (never by the handler): each failed one answers the member with one private
 * sentence. Discord's own gates (default member permissions, contexts) can be loosened by server
 * admins or skipped by a crafted client, so the bot checks again.
 */

/** One refusal: a stable identifier for logs and tests, and the sentence the member reads. */
export interface Refusal {
  readonly identifier: string;
  readonly message: string;
}

/** `K`: the services the precondition reads, which every command declaring it must also declare (`uses`). */
export interface PreconditionInput<K extends ContextKey = never> {
  readonly interaction: Interaction;
  readonly context: ContextOf<K>;
  /** The component's custom_id (owner-of-resource checks read its arguments); null for commands. */
  readonly customId: CustomId | null;
  /** Channel, role and user options, already checked against the server the interaction came from. */
  readonly options: CheckedOptions;
}

/**
 * `server`: inside a server; `member`: who may act; `message`: the message a button is on;
 * `resource`: the member and the thing they act on; `channel`: the bot in a channel option, checked
 * after the options themselves. The router runs them in that order.
 */
export type PreconditionKind = 'server' | 'member' | 'message' | 'resource' | 'channel';

export interface Precondition<K extends ContextKey = never> {
  readonly kind: PreconditionKind;
  /** Null when it holds. A property, not a method, so TypeScript checks its input strictly. */
  readonly check: (input: PreconditionInput<K>) => Refusal | null | Promise<Refusal | null>;
}

/** Preconditions of a command module: for all of it, per subcommand, per component action. */
export interface CommandRequirements<K extends ContextKey = ContextKey> {
  /** Every subcommand, autocomplete and component of the command. */
  readonly all?: readonly Precondition<K>[];
  /** Added for one subcommand (`setup`, or `group sub`). */
  readonly subcommands?: Readonly<Record<string, readonly Precondition<K>[]>>;
  /** Added for one component action (the second part of its custom_id: `approve`). */
  readonly components?: Readonly<Record<string, readonly Precondition<K>[]>>;
  /**
   * Component actions of a server-only command that are also clicked in a DM the bot sent (a
   * reminder with buttons): the implied server-only rule is lifted for them, so their custom_id must
   * name the server and the member, and the handler checks both.
   */
  readonly directMessageComponents?: readonly string[];
}

const refusal = (identifier: string, message: string): Refusal => ({ identifier, message });

/** Inside a server, not in DMs. Implied for commands whose contexts are only Guild. */
export function inServer(message = 'This works inside a server, not in direct messages.'): Precondition {
  return { kind: 'server', check: ({ interaction }) => (interaction.inGuild() ? null : refusal('guild-only', message)) };
}

export const guildOnly = inServer();

/** The member has a Discord permission (in the channel the interaction came from). */
export function memberPermission(flag: bigint): Precondition {
  return {
    kind: 'member',
    check: ({ interaction }) =>
      interaction.memberPermissions?.has(flag) ? null : refusal('missing-permission', `You need the **${permissionName(flag)}** permission to do this.`),
  };
}

/** A moderator: the Discord permission the feature names, or the server's moderator role. */
export function moderator(permission: bigint): Precondition<'moderation'> {
  return {
    kind: 'member',
    check: async ({ interaction, context }) =>
      interaction.inGuild() && (await context.moderation.isModerator(actorOf(interaction), permission))
        ? null
        : refusal('moderator-only', `Only moderators can do this: you need **${permissionName(permission)}** or the server's moderator role.`),
  };
}

/** The first that holds lets the member through; otherwise the last one's refusal is shown. */
export function anyOf<K extends ContextKey = never>(...preconditions: readonly [Precondition<K>, ...Precondition<K>[]]): Precondition<K> {
  const [first] = preconditions;
  return {
    kind: first.kind,
    async check(input) {
      let last: Refusal | null = null;
      for (const precondition of preconditions) {
        last = await precondition.check(input);
        if (!last) return null;
      }
      return last;
    },
  };
}

/** A precondition that applies only when `applies` says so (e.g. only when a setting is being changed). */
export function onlyWhen<K extends ContextKey = never>(applies: (input: PreconditionInput<K>) => boolean, precondition: Precondition<K>): Precondition<K> {
  return { kind: precondition.kind, check: (input) => (applies(input) ? precondition.check(input) : null) };
}

/**
 * Buttons that rewrite the message they are on (a list page, a confirmation) only ever live on the
 * member's own private messages. A custom_id can be crafted onto any message: a public post is never replaced.
 */
export const onPrivateMessage: Precondition = {
  kind: 'message',
  check: ({ interaction }) =>
    interaction.isMessageComponent() && interaction.message.flags.has(MessageFlags.Ephemeral)
      ? null
      : refusal('component.stale', 'This button no longer works here. Run the command again.'),
};

/**
 * Buttons of a DM the bot sent (a reminder): clicked in a DM, on the message that carries them. A
 * custom_id crafted onto another message, or sent from a server, is refused.
 */
export const onDirectMessage: Precondition = {
  kind: 'message',
  check: ({ interaction }) =>
    interaction.isMessageComponent() && !interaction.inGuild() && customIdsOf(interaction.message.components.map((component) => component.toJSON())).includes(interaction.customId)
      ? null
      : refusal('component.stale', 'This button no longer works here.'),
};

/** Every custom_id in a message's components (rows, sections, containers), as Discord's JSON holds them. */
function customIdsOf(components: readonly unknown[]): string[] {
  return components.flatMap((component) => {
    if (typeof component !== 'object' || component === null) return [];
    const { custom_id: customId, components: children } = component as { custom_id?: unknown; components?: unknown };
    return [...(typeof customId === 'string' ? [customId] : []), ...(Array.isArray(children) ? customIdsOf(children) : [])];
  });
}

/** What the bot needs in a channel option's channel to do its job, by the channel it is. */
type ChannelNeeds = readonly bigint[] | ((channel: GuildBasedChannel) => readonly bigint[]);

/**
 * The bot has what it needs in the channel a channel option names (checked with the channel's
 * overwrites, as Discord holds them). `doing`: "post tips", for "I can't post tips in #channel".
 */
export function botCan(option: string, doing: string, needs: ChannelNeeds): Precondition {
  return {
    kind: 'channel',
    async check({ options }) {
      const channel = options.channel(option);
      if (!channel) return null;
      const missing = missingBotPermissions(channel, typeof needs === 'function' ? needs(channel) : needs);
      if (missing.length === 0) return null;
      return refusal(
        'bot-missing-permission',
        `I can't ${doing} in <#${channel.id}>: I'm missing **${missing.join('**, **')}** there. Grant them in the channel's settings → Permissions, or pick another channel.`,
      );
    },
  };
}

/** Whether a command's definition limits it to servers (then guildOnly applies to all of it). */
export function definedForServersOnly(contexts: readonly InteractionContextType[] | null | undefined): boolean {
  return Boolean(contexts?.length) && (contexts ?? []).every((context) => context === InteractionContextType.Guild);
}
