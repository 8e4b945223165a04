import type { APIApplicationCommand, APIChannel, APIGuildMember, APIRole, APIUser } from 'discord-api-types/v10';
import type { RemoteMethod } from './control-api.js';
import type {
  CraftedInteraction,
  EmulatorInfo,
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
} from './driver/types.js';
import type { FaultConfig } from './faults.js';
import type { DropRequest } from './gateway/hub.js';
import type { RateLimitConfig } from './rate-limits.js';
import type { ForumSettings } from './services/forums.js';
import type { AddMemberInput, CreateChannelInput, CreateGuildInput, CreateRoleInput, CreateUserInput, GuildPatch, OverwriteInput } from './services/guilds.js';
import type { ThreadModeration } from './services/thread-state.js';
import type { LocalDiscordStats, RequestLogEntry } from './stats.js';
import type { AutocompleteChoice } from './validation/callback.js';

const DEFAULT_WAIT_MS = 5_000;

/** JSON for the control API: bigints (permissions) as strings, bytes as base64. */
function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    return v;
  });
}

/** Attachment option values travel as base64. */
function encodeOptions(options: Record<string, OptionValue> | undefined): Record<string, OptionValue> | undefined {
  if (!options) return options;
  return Object.fromEntries(
    Object.entries(options).map(([k, v]) => [k, typeof v === 'object' && v.data instanceof Uint8Array ? { ...v, data: Buffer.from(v.data).toString('base64'), encoding: 'base64' as const } : v]),
  );
}

/** The driver API of a local Discord running in another process, over its control API. */
export class RemoteLocalDiscord implements LocalDiscordDriver {
  private constructor(private readonly info: EmulatorInfo) {}

  /** `url`: the emulator's base URL (`http://127.0.0.1:PORT`) or its `controlUrl`. */
  static async connect(url: string): Promise<RemoteLocalDiscord> {
    const base = url.replace(/\/+$/, '').replace(/\/_local$/, '');
    const response = await fetch(`${base}/_local/info`);
    if (!response.ok) throw new Error(`no local Discord at ${base} (HTTP ${response.status})`);
    return new RemoteLocalDiscord((await response.json()) as EmulatorInfo);
  }

  get apiUrl(): string {
    return this.info.apiUrl;
  }
  get gatewayUrl(): string {
    return this.info.gatewayUrl;
  }
  get controlUrl(): string {
    return this.info.controlUrl;
  }
  get token(): string {
    return this.info.token;
  }
  get applicationId(): string {
    return this.info.applicationId;
  }
  get botUserId(): string {
    return this.info.botUserId;
  }

  private async call<T>(method: RemoteMethod, ...args: unknown[]): Promise<T> {
    const response = await fetch(`${this.info.controlUrl}/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: encode({ args }) });
    const body = (await response.json()) as { result?: T; error?: string };
    if (!response.ok) throw new Error(body.error ?? `${method} failed with HTTP ${response.status}`);
    return body.result as T;
  }

  /** Long-poll until the emulator's state version passes `since`; returns the new version. */
  private async waitForChange(since: number, timeoutMs: number): Promise<number> {
    const response = await fetch(`${this.info.controlUrl}/wait?since=${since}&timeoutMs=${Math.max(0, Math.round(timeoutMs))}`);
    return ((await response.json()) as { version: number }).version;
  }

  private async waitUntil<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
    const end = Date.now() + timeoutMs;
    let version = await this.waitForChange(-1, 0);
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      const left = end - Date.now();
      if (left <= 0) throw new Error(what);
      version = await this.waitForChange(version, left);
    }
  }

  createGuild(input: CreateGuildInput): Promise<GuildInfo> {
    return this.call('createGuild', input);
  }
  createChannel(guildId: string, input: CreateChannelInput): Promise<APIChannel> {
    return this.call('createChannel', guildId, input);
  }
  createRole(guildId: string, input: CreateRoleInput): Promise<APIRole> {
    return this.call('createRole', guildId, input);
  }
  createUser(input: CreateUserInput): Promise<APIUser> {
    return this.call('createUser', input);
  }
  createMember(guildId: string, input: AddMemberInput): Promise<APIGuildMember & { user: APIUser }> {
    return this.call('createMember', guildId, input);
  }
  async updateMember(guildId: string, userId: string, patch: { roles?: string[]; nick?: string | null }): Promise<void> {
    await this.call('updateMember', guildId, userId, patch);
  }
  async removeMember(guildId: string, userId: string): Promise<void> {
    await this.call('removeMember', guildId, userId);
  }
  updateRole(guildId: string, roleId: string, patch: Partial<Omit<CreateRoleInput, 'id'>>): Promise<APIRole> {
    return this.call('updateRole', guildId, roleId, patch);
  }
  async setPermissionOverwrites(channelId: string, overwrites: OverwriteInput[]): Promise<void> {
    await this.call('setPermissionOverwrites', channelId, overwrites);
  }
  async deleteChannel(channelId: string): Promise<void> {
    await this.call('deleteChannel', channelId);
  }
  async updateGuild(guildId: string, patch: GuildPatch): Promise<void> {
    await this.call('updateGuild', guildId, patch);
  }
  updateThread(threadId: string, change: ThreadModeration): Promise<APIChannel> {
    return this.call('updateThread', threadId, change);
  }
  updateForum(forumId: string, settings: ForumSettings): Promise<APIChannel> {
    return this.call('updateForum', forumId, settings);
  }
  async removeBot(guildId: string): Promise<void> {
    await this.call('removeBot', guildId);
  }
  postMessage(channelId: string, input: MemberMessage): Promise<LoggedMessage> {
    return this.call('postMessage', channelId, input);
  }
  async deleteMessage(message: MessageRef, input: { userId: string }): Promise<void> {
    await this.call('deleteMessage', { id: message.id, channel_id: message.channel_id }, input);
  }
  invokeMessageCommand(name: string, message: MessageRef, context?: InteractionContext & SettleOptions): Promise<InteractionResult> {
    return this.call('invokeMessageCommand', name, { id: message.id, channel_id: message.channel_id }, context ?? {});
  }
  invokeUserCommand(name: string, targetUserId: string, context?: InteractionContext & SettleOptions): Promise<InteractionResult> {
    return this.call('invokeUserCommand', name, targetUserId, context ?? {});
  }
  invoke(command: string, options?: Record<string, OptionValue>, context?: InteractionContext & SettleOptions): Promise<InteractionResult> {
    return this.call('invoke', command, encodeOptions(options) ?? {}, context ?? {});
  }
  autocomplete(command: string, options: Record<string, OptionValue>, focused: string, context?: InteractionContext): Promise<AutocompleteChoice[]> {
    return this.call('autocomplete', command, encodeOptions(options) ?? {}, focused, context ?? {});
  }
  click(message: MessageRef, target: string | number, context?: InteractionContext & SettleOptions): Promise<InteractionResult> {
    return this.call('click', { id: message.id, channel_id: message.channel_id }, target, context ?? {});
  }
  select(message: MessageRef, target: string | number, values: string[], context?: InteractionContext & SettleOptions): Promise<InteractionResult> {
    return this.call('select', { id: message.id, channel_id: message.channel_id }, target, values, context ?? {});
  }
  submitModal(from: InteractionResult | string, values: Record<string, string | string[]>, context?: SettleOptions): Promise<InteractionResult> {
    return this.call('submitModal', typeof from === 'string' ? from : from.interactionId, values, context ?? {});
  }
  craft(interaction: CraftedInteraction, context?: InteractionContext & SettleOptions): Promise<InteractionResult> {
    const message = interaction.message && { id: interaction.message.id, channel_id: interaction.message.channel_id };
    return this.call('craft', { ...interaction, ...(message ? { message } : {}) }, context ?? {});
  }
  interaction(interactionId: string): Promise<InteractionResult> {
    return this.call('interaction', interactionId);
  }
  waitForInteraction(interactionId: string, predicate: (result: InteractionResult) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<InteractionResult> {
    return this.waitUntil(
      async () => {
        const result = await this.interaction(interactionId);
        return predicate(result) ? result : undefined;
      },
      timeoutMs,
      `interaction ${interactionId} did not reach the expected state within ${timeoutMs} ms`,
    );
  }
  messages(channelId: string): Promise<LoggedMessage[]> {
    return this.call('messages', channelId);
  }
  waitForMessage(channelId: string, predicate: (message: LoggedMessage) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<LoggedMessage> {
    return this.waitUntil(async () => (await this.messages(channelId)).find((m) => !m.deleted && predicate(m)), timeoutMs, `no matching message in channel ${channelId} within ${timeoutMs} ms`);
  }
  dms(userId: string): Promise<LoggedMessage[]> {
    return this.call('dms', userId);
  }
  async attachment(attachmentId: string): Promise<StoredAttachment> {
    const raw = await this.call<Omit<StoredAttachment, 'data'> & { data: string }>('attachment', attachmentId);
    return { ...raw, data: Buffer.from(raw.data, 'base64') };
  }
  channels(guildId: string): Promise<APIChannel[]> {
    return this.call('channels', guildId);
  }

  commands(guildId?: string): Promise<APIApplicationCommand[]> {
    return guildId === undefined ? this.call('commands') : this.call('commands', guildId);
  }
  requests(): Promise<RequestLogEntry[]> {
    return this.call('requests');
  }
  stats(): Promise<LocalDiscordStats> {
    return this.call('stats');
  }
  async setFaults(faults: FaultConfig): Promise<void> {
    await this.call('setFaults', faults);
  }
  async setRateLimits(limits: Partial<RateLimitConfig>): Promise<void> {
    await this.call('setRateLimits', limits);
  }
  async advanceClock(ms: number): Promise<void> {
    await this.call('advanceClock', ms);
  }
  now(): Promise<number> {
    return this.call('now');
  }
  dropGateway(request?: DropRequest): Promise<number> {
    return request === undefined ? this.call('dropGateway') : this.call('dropGateway', request);
  }
  /** The emulator belongs to another process: closing the client only forgets it. */
  async close(): Promise<void> {}
}

export function connectLocalDiscord(url: string): Promise<RemoteLocalDiscord> {
  return RemoteLocalDiscord.connect(url);
}
