import type { Server } from 'node:http';
import { ChannelType, InteractionType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIChannel, APIGuildMember, APIRole, APIUser } from 'discord-api-types/v10';
import { resolveConfig } from '../config.js';
import type { LocalDiscordOptions } from '../config.js';
import { createControlHandler } from '../control-api.js';
import { Core } from '../core.js';
import type { FaultConfig } from '../faults.js';
import type { DropRequest } from '../gateway/hub.js';
import { guildChannelPayload, memberPayload, rolePayload, userPayload } from '../payloads.js';
import type { RateLimitConfig } from '../rate-limits.js';
import { ROUTES } from '../rest/routes.js';
import { listen, shutdown } from '../server.js';
import { SpecContract } from '../spec/contract.js';
import { loadSpecSchemas } from '../spec/schemas.js';
import { requirePermissions } from '../services/access.js';
import * as guilds from '../services/guilds.js';
import { dispatchInteraction, dmChannelFor } from '../services/interaction-dispatch.js';
import type { InteractionRecord } from '../services/interaction-registry.js';
import { createMessage, deleteMessage } from '../services/messages.js';
import { updateForum, type ForumSettings } from '../services/forums.js';
import { archiveIdleThreads, moderateThread, threadAcceptsMessage, threadAllowsDelete, type ThreadModeration } from '../services/thread-state.js';
import type { ChannelRecord, GuildRecord } from '../state/records.js';
import type { LocalDiscordStats, RequestLogEntry } from '../stats.js';
import type { AutocompleteChoice } from '../validation/callback.js';
import { buildCommandData } from './command-data.js';
import { messageCommandData, userCommandData } from './context-menu.js';
import { buttonData, craftedComponentData, selectData } from './components.js';
import { craftedModalComponents, modalSubmitComponents } from './modal.js';
import { FINAL_CALLBACKS, isSettled, logged, peek, resultOf } from './results.js';
import type {
  CraftedInteraction,
  GuildInfo,
  InteractionContext,
  InteractionResult,
  LocalDiscordDriver,
  LoggedMessage,
  MemberMessage,
  MessageRef,
  OptionValue,
  SettleOptions,
  StoredAttachment,
} from './types.js';

const DEFAULT_SETTLE_MS = 10_000;
/** The longest an interaction's settling waits for the rest of the API to fall quiet after its own last call. */
const MAX_QUIET_WAIT_MS = 1_000;
const DEFAULT_WAIT_MS = 5_000;

interface Where {
  guild: GuildRecord | null;
  channel: ChannelRecord;
  userId: string;
}

/** The local Discord, in process: a running emulator plus the driver API tests and tools use. */
export class LocalDiscord implements LocalDiscordDriver {
  private constructor(
    /** The emulator's internals, for tests that need to look deeper than the driver API. */
    readonly core: Core,
    private readonly server: Server,
  ) {}

  static async start(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
    const config = resolveConfig(options);
    const spec = config.specChecks === 'enforce' ? new SpecContract(await loadSpecSchemas(), ROUTES) : null;
    const core = new Core(config, spec);
    let control: ReturnType<typeof createControlHandler> | null = null;
    const server = await listen(core, (request, response, path, query) => {
      if (!control) throw new Error('not ready');
      return control(request, response, path, query);
    });
    const driver = new LocalDiscord(core, server);
    control = createControlHandler(driver, core);
    core.log(`listening on ${core.httpUrl}`);
    return driver;
  }

  get apiUrl(): string {
    return `${this.core.httpUrl}/api`;
  }
  get gatewayUrl(): string {
    return this.core.gateway.url;
  }
  get controlUrl(): string {
    return `${this.core.httpUrl}/_local`;
  }
  get token(): string {
    return this.core.token;
  }
  get applicationId(): string {
    return this.core.config.applicationId;
  }
  get botUserId(): string {
    return this.core.bot.id;
  }

  // ── world building ────────────────────────────────────────────────────────────

  async createGuild(input: guilds.CreateGuildInput): Promise<GuildInfo> {
    const guild = guilds.createGuild(this.core, input);
    const botRole = guild.members.get(this.core.bot.id)?.roles[0] ?? null;
    return { id: guild.id, name: guild.name, ownerId: guild.ownerId, everyoneRoleId: guild.id, botRoleId: botRole };
  }

  async createChannel(guildId: string, input: guilds.CreateChannelInput): Promise<APIChannel> {
    return guildChannelPayload(guilds.createChannel(this.core, guildId, input));
  }

  async createRole(guildId: string, input: guilds.CreateRoleInput): Promise<APIRole> {
    return rolePayload(guilds.createRole(this.core, guildId, input));
  }

  async createUser(input: guilds.CreateUserInput): Promise<APIUser> {
    return userPayload(guilds.createUser(this.core, input));
  }

  async createMember(guildId: string, input: guilds.AddMemberInput): Promise<APIGuildMember & { user: APIUser }> {
    const { member, user } = guilds.addMember(this.core, guildId, input);
    return memberPayload(member, user);
  }

  async updateMember(guildId: string, userId: string, patch: { roles?: string[]; nick?: string | null }): Promise<void> {
    guilds.updateMember(this.core, guildId, userId, patch);
  }

  async removeMember(guildId: string, userId: string): Promise<void> {
    guilds.removeMember(this.core, guildId, userId);
  }

  async updateRole(guildId: string, roleId: string, patch: Partial<Omit<guilds.CreateRoleInput, 'id'>>): Promise<APIRole> {
    return rolePayload(guilds.updateRole(this.core, guildId, roleId, patch));
  }

  async setPermissionOverwrites(channelId: string, overwrites: guilds.OverwriteInput[]): Promise<void> {
    guilds.setPermissionOverwrites(this.core, channelId, overwrites);
  }

  async deleteChannel(channelId: string): Promise<void> {
    guilds.deleteChannel(this.core, channelId);
  }

  async updateGuild(guildId: string, patch: guilds.GuildPatch): Promise<void> {
    guilds.updateGuild(this.core, guildId, patch);
  }

  async updateThread(threadId: string, change: ThreadModeration): Promise<APIChannel> {
    archiveIdleThreads(this.core);
    return guildChannelPayload(moderateThread(this.core, threadId, change));
  }

  async updateForum(forumId: string, settings: ForumSettings): Promise<APIChannel> {
    return guildChannelPayload(updateForum(this.core, forumId, settings));
  }

  async removeBot(guildId: string): Promise<void> {
    guilds.removeBot(this.core, guildId);
  }

  async postMessage(channelId: string, input: MemberMessage): Promise<LoggedMessage> {
    const channel = this.core.state.requireChannel(channelId);
    const author = this.core.state.requireUser(input.userId);
    archiveIdleThreads(this.core);
    const needed = (channel.thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages) | (input.replyTo ? PermissionFlagsBits.ReadMessageHistory : 0n);
    const permissions = requirePermissions(this.core, channel, needed, author.id);
    threadAcceptsMessage(channel, permissions);
    // Discord's client replies only to a message it shows: in the same channel, not deleted, not ephemeral.
    const repliedTo = input.replyTo ? this.core.state.requireMessage(channel, input.replyTo) : null;
    if (repliedTo?.ephemeralFor) throw new Error(`message ${repliedTo.message.id} is ephemeral: nobody can reply to it`);
    // The client's "@ ON/OFF" toggle on a reply: whether its author is pinged (on by default).
    const body = repliedTo && input.mentionRepliedUser === false ? { content: input.content, allowed_mentions: { parse: ['users' as const, 'roles' as const, 'everyone' as const], replied_user: false } } : { content: input.content };
    return logged(createMessage(this.core, { channel, author, body, files: [], permissions, repliedTo }));
  }

  async deleteMessage(message: MessageRef, input: { userId: string }): Promise<void> {
    const channel = this.core.state.requireChannel(message.channel_id);
    const stored = this.core.state.requireMessage(channel, message.id);
    if (stored.ephemeralFor) throw new Error(`message ${message.id} is ephemeral: only the bot can delete it`);
    archiveIdleThreads(this.core);
    const own = stored.authorId === input.userId;
    // Anyone deletes their own message; someone else's takes Manage Messages (a moderator).
    const permissions = requirePermissions(this.core, channel, own ? 0n : PermissionFlagsBits.ManageMessages, input.userId);
    threadAllowsDelete(channel, permissions);
    deleteMessage(this.core, stored);
  }

  // ── interactions ──────────────────────────────────────────────────────────────

  async invoke(command: string, options: Record<string, OptionValue> = {}, context: InteractionContext & SettleOptions = {}): Promise<InteractionResult> {
    const where = this.where(context);
    const { data, commandName } = buildCommandData(this.core, command, options, where.guild, where.channel.id, undefined, context.unchecked);
    const record = dispatchInteraction(this.core, { type: InteractionType.ApplicationCommand, data, guildId: where.guild?.id ?? null, channelId: where.channel.id, userId: where.userId, commandName });
    return this.settle(record, `/${commandName}`, context);
  }

  async invokeMessageCommand(name: string, message: MessageRef, context: InteractionContext & SettleOptions = {}): Promise<InteractionResult> {
    if (context.channelId && context.channelId !== message.channel_id) throw new Error(`message ${message.id} is in channel ${message.channel_id}, not ${context.channelId}`);
    const where = this.where({ ...context, channelId: message.channel_id });
    const stored = where.channel.messages.get(message.id);
    if (!stored) throw new Error(`no message ${message.id} in channel ${message.channel_id}`);
    const { data, commandName } = messageCommandData(this.core, name, stored, where.channel, where.guild, where.userId, context.unchecked ?? false);
    const record = dispatchInteraction(this.core, { type: InteractionType.ApplicationCommand, data, guildId: where.guild?.id ?? null, channelId: where.channel.id, userId: where.userId, commandName });
    return this.settle(record, `"${commandName}" on message ${message.id}`, context);
  }

  async invokeUserCommand(name: string, targetUserId: string, context: InteractionContext & SettleOptions = {}): Promise<InteractionResult> {
    const where = this.where(context);
    const { data, commandName } = userCommandData(this.core, name, targetUserId, where.channel, where.guild);
    const record = dispatchInteraction(this.core, { type: InteractionType.ApplicationCommand, data, guildId: where.guild?.id ?? null, channelId: where.channel.id, userId: where.userId, commandName });
    return this.settle(record, `"${commandName}" on user ${targetUserId}`, context);
  }

  async autocomplete(command: string, options: Record<string, OptionValue>, focused: string, context: InteractionContext = {}): Promise<AutocompleteChoice[]> {
    const where = this.where(context);
    if (!(focused in options)) throw new Error(`the focused option "${focused}" needs a (partial) value in options`);
    const { data, commandName } = buildCommandData(this.core, command, options, where.guild, where.channel.id, focused);
    const record = dispatchInteraction(this.core, { type: InteractionType.ApplicationCommandAutocomplete, data, guildId: where.guild?.id ?? null, channelId: where.channel.id, userId: where.userId, commandName });
    const result = await this.settle(record, `autocomplete of /${commandName}`, {});
    return result.choices ?? [];
  }

  async click(message: MessageRef, target: string | number, context: InteractionContext & SettleOptions = {}): Promise<InteractionResult> {
    const { stored, where } = this.componentTarget(message, context);
    const data = buttonData(stored, target);
    const record = dispatchInteraction(this.core, { type: InteractionType.MessageComponent, data, guildId: where.guild?.id ?? null, channelId: where.channel.id, userId: where.userId, sourceMessage: stored });
    return this.settle(record, `click on "${String(target)}"`, context);
  }

  async select(message: MessageRef, target: string | number, values: string[], context: InteractionContext & SettleOptions = {}): Promise<InteractionResult> {
    const { stored, where } = this.componentTarget(message, context);
    const data = selectData(this.core, stored, target, values, where.guild);
    const record = dispatchInteraction(this.core, { type: InteractionType.MessageComponent, data, guildId: where.guild?.id ?? null, channelId: where.channel.id, userId: where.userId, sourceMessage: stored });
    return this.settle(record, `select on "${String(target)}"`, context);
  }

  async submitModal(from: InteractionResult | string, values: Record<string, string | string[]>, context: SettleOptions = {}): Promise<InteractionResult> {
    const id = typeof from === 'string' ? from : from.interactionId;
    const parent = this.core.interactions.get(id);
    if (!parent?.modal) throw new Error(`interaction ${id} was not answered with a modal`);
    const components = modalSubmitComponents(parent.modal, values);
    const channel = this.core.state.requireChannel(parent.channelId);
    const sourceMessage = parent.sourceMessageId ? (channel.messages.get(parent.sourceMessageId) ?? null) : null;
    const record = dispatchInteraction(this.core, {
      type: InteractionType.ModalSubmit,
      data: { custom_id: parent.modal.custom_id, components },
      guildId: parent.guildId,
      channelId: parent.channelId,
      userId: parent.userId,
      sourceMessage,
      parentId: parent.id,
    });
    return this.settle(record, `modal "${parent.modal.custom_id}"`, context);
  }

  async craft(crafted: CraftedInteraction, context: InteractionContext & SettleOptions = {}): Promise<InteractionResult> {
    const source = crafted.message ? this.core.state.requireMessage(this.core.state.requireChannel(crafted.message.channel_id), crafted.message.id) : null;
    const where = this.where(crafted.message ? { ...context, channelId: crafted.message.channel_id } : context);
    const modal = crafted.kind === 'modal';
    const data = modal
      ? { custom_id: crafted.customId, components: craftedModalComponents(crafted.fields) }
      : craftedComponentData(crafted.customId, crafted.kind === 'select' ? crafted.values : undefined);
    const record = dispatchInteraction(this.core, {
      type: modal ? InteractionType.ModalSubmit : InteractionType.MessageComponent,
      data,
      guildId: where.guild?.id ?? null,
      channelId: where.channel.id,
      userId: where.userId,
      sourceMessage: source,
    });
    return this.settle(record, `crafted ${crafted.kind} "${crafted.customId}"`, context);
  }

  async interaction(interactionId: string): Promise<InteractionResult> {
    const record = this.core.interactions.get(interactionId);
    if (!record) throw new Error(`unknown interaction ${interactionId}`);
    return resultOf(this.core, record);
  }

  waitForInteraction(interactionId: string, predicate: (result: InteractionResult) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<InteractionResult> {
    return this.core.interactions.waitFor(
      interactionId,
      (record) => {
        const result = resultOf(this.core, record);
        return predicate(result) ? result : undefined;
      },
      timeoutMs,
      () => `interaction ${interactionId} did not reach the expected state within ${timeoutMs} ms`,
    );
  }

  // ── observation ───────────────────────────────────────────────────────────────

  async messages(channelId: string): Promise<LoggedMessage[]> {
    const channel = this.core.state.channels.get(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    return [...channel.messages.values()].map(logged);
  }

  waitForMessage(channelId: string, predicate: (message: LoggedMessage) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<LoggedMessage> {
    return this.waitUntil(
      () => {
        for (const stored of this.core.state.channels.get(channelId)?.messages.values() ?? []) {
          if (!stored.deleted && predicate(peek(stored))) return logged(stored);
        }
        return undefined;
      },
      `no matching message in channel ${channelId} within ${timeoutMs} ms`,
      timeoutMs,
    );
  }

  /**
   * Resolves with what `probe` finds (anything but undefined or false), asked now and after every
   * change of the emulator's state; rejects with `timeoutMessage` after `timeoutMs`. In-process only:
   * the probe reads `core.state` directly.
   */
  waitUntil<T>(probe: () => T | undefined | false, timeoutMessage: string, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    const changes = this.core.state.changes;
    return new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const found = probe();
        if (found === undefined || found === false) return false;
        finish();
        resolve(found);
        return true;
      };
      const onChange = (): void => void check();
      const timer = setTimeout(() => {
        changes.off('change', onChange);
        reject(new Error(timeoutMessage));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        changes.off('change', onChange);
      };
      if (!check()) changes.on('change', onChange);
    });
  }

  async dms(userId: string): Promise<LoggedMessage[]> {
    const channelId = this.core.state.dmChannels.get(userId);
    const channel = channelId ? this.core.state.channels.get(channelId) : undefined;
    return [...(channel?.messages.values() ?? [])].filter((m) => m.authorId === this.core.bot.id).map(logged);
  }

  async attachment(attachmentId: string): Promise<StoredAttachment> {
    const attachment = this.core.state.attachments.get(attachmentId);
    if (!attachment) throw new Error(`unknown attachment ${attachmentId}`);
    return { id: attachment.id, filename: attachment.filename, contentType: attachment.contentType, size: attachment.size, data: attachment.data };
  }

  async channels(guildId: string): Promise<APIChannel[]> {
    archiveIdleThreads(this.core);
    const guild = guilds.guildOf(this.core, guildId);
    return [...guild.channelIds]
      .map((id) => this.core.state.channels.get(id))
      .filter((channel): channel is ChannelRecord => channel !== undefined)
      .map((channel) => guildChannelPayload(channel));
  }

  async commands(guildId?: string): Promise<APIApplicationCommand[]> {
    return structuredClone(this.core.commands.list(guildId ?? null));
  }

  async requests(): Promise<RequestLogEntry[]> {
    return this.core.stats.requests();
  }

  async stats(): Promise<LocalDiscordStats> {
    return this.core.stats.snapshot();
  }

  async setFaults(faults: FaultConfig): Promise<void> {
    this.core.faults.set(faults);
  }

  async setRateLimits(limits: Partial<RateLimitConfig>): Promise<void> {
    const current = this.core.limiter.getConfig();
    this.core.limiter.setConfig({ ...current, ...limits, routes: { ...current.routes, ...limits.routes } });
  }

  async advanceClock(ms: number): Promise<void> {
    const { clock } = this.core.config;
    if (!clock.advance) throw new Error('this world clock cannot be moved by the emulator: move the clock you gave it');
    clock.advance(ms);
    archiveIdleThreads(this.core);
    // Whatever waits on time (archived threads, expired nonces) is re-evaluated by waiters on change.
    this.core.state.touch();
  }

  async now(): Promise<number> {
    return this.core.now();
  }

  async dropGateway(request: DropRequest = {}): Promise<number> {
    return this.core.gateway.drop(request);
  }

  async close(): Promise<void> {
    await shutdown(this.core, this.server);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────

  private where(context: InteractionContext): Where {
    const state = this.core.state;
    if (context.channelId) {
      const channel = state.requireChannel(context.channelId);
      const guild = channel.guildId ? state.requireGuild(channel.guildId) : null;
      const userId = context.userId ?? guild?.ownerId ?? channel.recipientId;
      if (!userId) throw new Error('say which user interacts (userId)');
      return { guild, channel, userId };
    }
    if (context.guildId) {
      const guild = state.requireGuild(context.guildId);
      const channel = [...guild.channelIds].map((id) => state.channels.get(id)).find((c) => c && !c.deleted && c.type === ChannelType.GuildText);
      if (!channel) throw new Error(`guild ${guild.id} has no text channel: pass channelId`);
      return { guild, channel, userId: context.userId ?? guild.ownerId };
    }
    if (!context.userId) throw new Error('a DM interaction needs userId (or pass guildId/channelId)');
    state.requireUser(context.userId);
    return { guild: null, channel: dmChannelFor(this.core, context.userId), userId: context.userId };
  }

  private componentTarget(message: MessageRef, context: InteractionContext) {
    const channel = this.core.state.requireChannel(message.channel_id);
    const stored = this.core.state.requireMessage(channel, message.id);
    const interactionUser = stored.interactionId ? this.core.interactions.get(stored.interactionId)?.userId : undefined;
    const guild = channel.guildId ? this.core.state.requireGuild(channel.guildId) : null;
    const userId = context.userId ?? stored.ephemeralFor ?? interactionUser ?? guild?.ownerId ?? channel.recipientId;
    if (!userId) throw new Error('say which user clicks (userId)');
    if (stored.ephemeralFor && stored.ephemeralFor !== userId) throw new Error(`only user ${stored.ephemeralFor} can see this ephemeral message`);
    return { stored, where: { guild, channel, userId } satisfies Where };
  }

  /**
   * Resolve once the bot is done with the interaction, not at its first acknowledgement: a deferred reply (5)
   * or update (6) must have been edited or followed up, then its token left alone for `quietMs`, and the API
   * as a whole too (between an update that says "Posting…" and the edit that says "Posted", the bot posts
   * elsewhere and opens DMs) — that last condition for at most MAX_QUIET_WAIT_MS, so traffic from other work
   * cannot hold an interaction forever. Timers are re-armed on each of these events, never a fixed sleep.
   * Rejects when nothing was acknowledged by the deadline, or nothing settled within `settleTimeoutMs`.
   */
  private settle(record: InteractionRecord, what: string, options: SettleOptions): Promise<InteractionResult> {
    const deadline = this.core.config.interactionDeadlineMs;
    const settleMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_MS;
    const quietMs = options.quietMs ?? this.core.config.interactionQuietMs;
    const registry = this.core.interactions;
    let quietTimer: NodeJS.Timeout | undefined;
    const wakeIn = (ms: number): void => {
      clearTimeout(quietTimer);
      quietTimer = setTimeout(() => registry.poke(record.id), Math.max(1, Math.ceil(ms)));
    };
    const unsettled = (): string => {
      if (!record.acknowledged) return `the bot did not acknowledge ${what}`;
      if (record.pending) return `the bot deferred ${what} but never edited the reply or sent a follow-up within ${settleMs} ms`;
      return `the bot kept changing its answer to ${what} for ${settleMs} ms`;
    };
    return registry
      .waitFor(
        record.id,
        (r) => {
          if (!r.acknowledged) {
            if (Date.now() > r.deadlineAt) throw new Error(`the bot did not acknowledge ${what} within ${deadline} ms (Discord would show "This interaction failed")`);
            return undefined;
          }
          if (r.pending) return undefined;
          if (!isSettled(r, quietMs)) {
            wakeIn(quietMs - (performance.now() - (r.activityHr ?? r.dispatchedHr)));
            return undefined;
          }
          const now = performance.now();
          const capLeft = MAX_QUIET_WAIT_MS - (now - (r.activityHr ?? r.dispatchedHr));
          const apiLeft = registry.restInFlight > 0 ? quietMs : quietMs - (now - registry.restActivityHr);
          if (apiLeft <= 0 || capLeft <= 0 || FINAL_CALLBACKS.has(r.callback?.type ?? -1)) return resultOf(this.core, r, true);
          wakeIn(Math.min(apiLeft, capLeft));
          return undefined;
        },
        deadline + settleMs,
        unsettled,
      )
      .finally(() => clearTimeout(quietTimer));
  }
}

export function startLocalDiscord(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  return LocalDiscord.start(options);
}
