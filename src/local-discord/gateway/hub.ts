import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayOpcodes } from 'discord-api-types/v10';
import type {
  GatewayDispatchEvents,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
  GatewayGuildMembersChunkDispatchData,
  GatewayHeartbeatAck,
  GatewayHello,
  GatewayHelloData,
  GatewayInvalidSession,
  GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { makeToken } from '../config.js';
import type { ResolvedConfig } from '../config.js';
import { shardForGuild } from '../snowflake.js';
import type { Stats } from '../stats.js';
import { KNOWN_INTENTS, MESSAGE_CONTENT_INTENT, intentFor } from './intents.js';
import { IdentifyLimits } from './identify-limits.js';
import type { SessionStartLimit } from './identify-limits.js';
import { GatewaySession } from './session.js';
import type { PendingDrop } from './session.js';
import { PRIVILEGED_INTENTS } from '../config.js';

/** A dispatch event's name, as Discord sends it in `t`. */
export type DispatchEvent = `${GatewayDispatchEvents}`;

/** The `d` discord-api-types declares for a dispatch event (payload types shared by several events included). */
export type DispatchData<E extends DispatchEvent> = GatewayDispatchPayload extends infer P ? (P extends { t: infer T extends string; d: infer D } ? (E extends `${T}` ? D : never) : never) : never;

/**
 * READY as Discord sends it to a bot: discord-api-types' fields plus those it leaves out but Discord still sends
 * (empty for a bot), so the emulator's READY looks like Discord's on the wire.
 */
export type ReadyData = GatewayReadyDispatchData & {
  user_settings: Record<string, never>;
  session_type: 'normal';
  private_channels: never[];
  relationships: never[];
  presences: never[];
  guild_join_requests: never[];
  geo_ordered_rtc_regions: string[];
  auth: Record<string, never>;
  _trace: string[];
};

/** RESUMED: discord-api-types declares no data; Discord sends its trace. */
export interface ResumedData {
  _trace: string[];
}

/** The frames sent outside dispatches, with what Discord adds to discord-api-types' shapes: HELLO's trace, the ACK's `d: null`. */
type ControlFrame = (Omit<GatewayHeartbeatAck, 'd'> & { d: null }) | GatewayInvalidSession | (Omit<GatewayHello, 'd'> & { d: GatewayHelloData & { _trace: string[] } });

/** What the gateway needs from the rest of the emulator. */
export interface GatewayWorld {
  readyData(session: GatewaySession, resumeUrl: string): ReadyData;
  /** GUILD_CREATE payloads of the guilds on a shard, sent right after READY. */
  initialGuilds(shardId: number, shardCount: number): GatewayGuildCreateDispatchData[];
  /** How many guilds a shard would hold. */
  guildCount(shardId: number, shardCount: number): number;
  membersChunk(guildId: string, request: { query?: string; limit?: number; user_ids?: string[] | string; nonce?: string }): GatewayGuildMembersChunkDispatchData | null;
}

export interface DispatchScope<E extends DispatchEvent = DispatchEvent> {
  /** Guild the event belongs to (routes it to that guild's shard); null for DMs (shard 0). */
  guildId: string | null;
  /** Override the intent check (default: by event name). */
  intent?: number | null;
  /** Payload for connections without the MessageContent intent (content, embeds, attachments, components emptied). */
  withoutContent?: DispatchData<E>;
}

export interface DropRequest {
  shardId?: number;
  /** Drop after this many more dispatches instead of now. */
  afterDispatches?: number;
  /** 'close' sends a close frame (code, default 4000), 'terminate' drops the TCP connection. */
  how?: 'close' | 'terminate';
  code?: number;
}

const OPEN = 1;

/** The gateway: WebSocket upgrades, identify/resume, heartbeats, and routing of dispatches to shards. */
export class GatewayHub {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 4_096 * 1_024 });
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly limits: IdentifyLimits;
  url = '';
  /** The bot token: REST and the gateway accept only this; Discord resets it when the session budget is overrun. */
  token: string;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly stats: Stats,
    private readonly world: GatewayWorld,
  ) {
    this.token = config.token;
    this.limits = new IdentifyLimits(config);
  }

  get resumeUrl(): string {
    return `${this.url}/resume`;
  }

  sessionStartLimit(): SessionStartLimit {
    return this.limits.sessionStartLimit(Date.now());
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, request));
  }

  /** Live or resumable sessions that would receive an event of this guild (null: DMs → shard 0). */
  hasReceiver(guildId: string | null): boolean {
    for (const session of this.sessions.values()) if (this.routes(session, guildId)) return true;
    return false;
  }

  dispatch<E extends DispatchEvent>(event: E, data: DispatchData<E>, scope: DispatchScope<E>): void {
    const inGuild = scope.guildId !== null;
    const needed = scope.intent === undefined ? intentFor(event, inGuild) : scope.intent;
    let full: string | null = null;
    let stripped: string | null = null;
    for (const session of this.sessions.values()) {
      if (!this.routes(session, scope.guildId)) continue;
      if (needed !== null && (session.intents & needed) === 0) continue;
      const useStripped = scope.withoutContent !== undefined && (session.intents & MESSAGE_CONTENT_INTENT) === 0;
      const json = useStripped ? (stripped ??= JSON.stringify(scope.withoutContent)) : (full ??= JSON.stringify(data));
      session.send(event, json);
      this.stats.data.gateway.dispatches += 1;
    }
  }

  drop(request: DropRequest = {}): number {
    const how = request.how ?? 'close';
    const code = request.code ?? GatewayCloseCodes.UnknownError;
    let count = 0;
    for (const session of this.sessions.values()) {
      if (!session.connected || (request.shardId !== undefined && session.shardId !== request.shardId)) continue;
      count += 1;
      const drop: PendingDrop = { afterDispatches: request.afterDispatches ?? 0, how, code };
      if (drop.afterDispatches > 0) session.pendingDrop = drop;
      else this.dropNow(session, drop);
    }
    return count;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Discord on an identify past the session start limit: "all active sessions for the app will be
   * terminated, the bot token will be reset". The old token then fails on REST (401) and gateway (4004).
   */
  private resetToken(): void {
    this.token = makeToken(this.config.botUserId);
    this.stats.data.gateway.tokenResets += 1;
    for (const session of this.sessions.values()) session.socket?.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed');
    this.sessions.clear();
  }

  private routes(session: GatewaySession, guildId: string | null): boolean {
    if (session.disconnectedAt !== null && Date.now() - session.disconnectedAt > this.config.resumeWindowMs) {
      this.sessions.delete(session.id);
      return false;
    }
    return guildId === null ? session.shardId === 0 : shardForGuild(guildId, session.shardCount) === session.shardId;
  }

  private dropNow(session: GatewaySession, drop: PendingDrop): void {
    const socket = session.socket;
    if (!socket) return;
    if (drop.how === 'terminate') socket.terminate();
    else socket.close(drop.code, 'Dropped by the local Discord');
  }

  private accept(ws: WebSocket, request: IncomingMessage): void {
    this.stats.data.gateway.connections += 1;
    const query = new URL(request.url ?? '/', 'http://local').searchParams;
    if (query.get('v') !== '10') {
      ws.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if ((query.get('encoding') ?? 'json') !== 'json' || query.has('compress')) {
      ws.close(GatewayCloseCodes.DecodeError, 'Only uncompressed JSON is supported');
      return;
    }
    let session: GatewaySession | null = null;
    const send = (payload: ControlFrame): void => {
      if (ws.readyState === OPEN) ws.send(JSON.stringify(payload));
    };
    send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.config.heartbeatIntervalMs, _trace: ['local-discord'] }, s: null, t: null });

    ws.on('message', (raw: RawData) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(raw.toString()) as { op?: unknown; d?: unknown };
      } catch {
        ws.close(GatewayCloseCodes.DecodeError, 'Decode error');
        return;
      }
      const d = (payload.d ?? {}) as Record<string, unknown>;
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          send({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
          return;
        case GatewayOpcodes.Identify:
          if (session) {
            ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated');
            return;
          }
          session = this.identify(ws, d, send);
          return;
        case GatewayOpcodes.Resume:
          if (session) {
            ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated');
            return;
          }
          session = this.resume(ws, d, send);
          return;
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
          if (!session) ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated');
          return;
        case GatewayOpcodes.RequestGuildMembers: {
          if (!session) {
            ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated');
            return;
          }
          const guildIds = Array.isArray(d.guild_id) ? d.guild_id : [d.guild_id];
          for (const guildId of guildIds) {
            if (typeof guildId !== 'string') continue;
            const chunk = this.world.membersChunk(guildId, d as { query?: string; limit?: number; user_ids?: string[]; nonce?: string });
            if (chunk) session.dispatch('GUILD_MEMBERS_CHUNK', chunk);
          }
          return;
        }
        default:
          ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode');
      }
    });
    ws.on('close', () => {
      if (session && session.socket === ws) {
        session.socket = null;
        session.disconnectedAt = Date.now();
      }
    });
    ws.on('error', () => {});
  }

  private identify(ws: WebSocket, d: Record<string, unknown>, send: (payload: ControlFrame) => void): GatewaySession | null {
    if (d.token !== this.token) {
      ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed');
      return null;
    }
    const [shardId, shardCount] = Array.isArray(d.shard) ? (d.shard as unknown[]) : [0, 1];
    if (typeof shardId !== 'number' || typeof shardCount !== 'number' || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      ws.close(GatewayCloseCodes.InvalidShard, 'Invalid shard');
      return null;
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || (intents & ~KNOWN_INTENTS) !== 0) {
      ws.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s)');
      return null;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.config.allowedPrivilegedIntents) !== 0) {
      ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s)');
      return null;
    }
    const verdict = this.limits.take(shardId, Date.now());
    if (verdict === 'exhausted') {
      this.resetToken();
      ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed');
      return null;
    }
    this.stats.data.gateway.identifies += 1;
    if (verdict === 'too-fast') {
      // Discord: "If your app exceeds this limit, Discord will respond with a Invalid Session (opcode 9) event."
      this.stats.data.gateway.identifiesTooFast += 1;
      this.stats.data.gateway.invalidSessions += 1;
      send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return null;
    }
    if (this.world.guildCount(shardId, shardCount) > this.config.maxGuildsPerShard) {
      this.stats.data.gateway.shardingRequired += 1;
      ws.close(GatewayCloseCodes.ShardingRequired, 'Sharding required');
      return null;
    }
    // A new identify for a shard replaces its old, disconnected sessions.
    for (const old of this.sessions.values()) {
      if (old.shardId === shardId && old.shardCount === shardCount && !old.connected) this.sessions.delete(old.id);
    }
    const session = new GatewaySession(shardId, shardCount, intents, this.config.replayBufferSize, (s, drop) => this.dropNow(s, drop));
    session.socket = ws;
    this.sessions.set(session.id, session);
    session.dispatch('READY', this.world.readyData(session, this.resumeUrl));
    for (const guild of this.world.initialGuilds(shardId, shardCount)) {
      session.dispatch('GUILD_CREATE', guild);
    }
    return session;
  }

  private resume(ws: WebSocket, d: Record<string, unknown>, send: (payload: ControlFrame) => void): GatewaySession | null {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (session && d.token === this.token && !(typeof d.seq === 'number' && Number.isInteger(d.seq) && d.seq >= 0 && d.seq <= session.seq)) {
      // A sequence the session never reached: "Invalid seq", reconnect and identify anew (topics/opcodes-and-status-codes).
      this.stats.data.gateway.invalidSessions += 1;
      ws.close(GatewayCloseCodes.InvalidSeq, 'Invalid seq');
      return null;
    }
    const frames = session && d.token === this.token && typeof d.seq === 'number' ? session.framesAfter(d.seq) : null;
    if (!session || !frames || (session.disconnectedAt !== null && Date.now() - session.disconnectedAt > this.config.resumeWindowMs)) {
      this.stats.data.gateway.invalidSessions += 1;
      if (session) this.sessions.delete(session.id);
      send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return null;
    }
    if (session.socket && session.socket !== ws) session.socket.terminate();
    session.socket = ws;
    session.disconnectedAt = null;
    this.stats.data.gateway.resumes += 1;
    for (const frame of frames) ws.send(frame);
    session.dispatch('RESUMED', { _trace: ['local-discord'] });
    return session;
  }
}
