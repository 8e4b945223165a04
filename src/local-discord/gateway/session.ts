import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { DispatchData, DispatchEvent, ReadyData, ResumedData } from './hub.js';

/** What a session sends itself: READY and RESUMED carry the fields Discord adds to discord-api-types' shapes. */
type SessionDispatchData<E extends DispatchEvent> = E extends 'READY' ? ReadyData : E extends 'RESUMED' ? ResumedData : DispatchData<E>;

interface BufferedFrame {
  seq: number;
  frame: string;
}

export interface PendingDrop {
  afterDispatches: number;
  how: 'close' | 'terminate';
  code: number;
}

/** One gateway session (identify → READY); outlives its socket so it can be resumed with replay. */
export class GatewaySession {
  readonly id = randomBytes(16).toString('hex');
  seq = 0;
  socket: WebSocket | null = null;
  disconnectedAt: number | null = null;
  pendingDrop: PendingDrop | null = null;
  private readonly buffer: BufferedFrame[] = [];
  private bufferStart = 0;

  constructor(
    readonly shardId: number,
    readonly shardCount: number,
    readonly intents: number,
    private readonly bufferSize: number,
    private readonly onDropDue: (session: GatewaySession, drop: PendingDrop) => void,
  ) {}

  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === this.socket.OPEN;
  }

  /** Sequence and send one typed dispatch to this session alone (READY, its GUILD_CREATEs, RESUMED, member chunks). */
  dispatch<E extends DispatchEvent>(event: E, data: SessionDispatchData<E>): void {
    this.send(event, JSON.stringify(data));
  }

  /** Sequence and send a dispatch serialized once for every session; buffered for replay whether or not the socket is up. */
  send(event: DispatchEvent, dataJson: string): void {
    this.seq += 1;
    const frame = `{"op":0,"s":${this.seq},"t":${JSON.stringify(event)},"d":${dataJson}}`;
    this.buffer.push({ seq: this.seq, frame });
    if (this.buffer.length - this.bufferStart > this.bufferSize) this.bufferStart += 1;
    if (this.bufferStart > 4_096) {
      this.buffer.splice(0, this.bufferStart);
      this.bufferStart = 0;
    }
    if (this.connected) {
      this.socket?.send(frame);
      this.countTowardsDrop();
    }
  }

  /** Frames after `seq`, or null when some were already evicted (the session cannot be resumed). */
  framesAfter(seq: number): string[] | null {
    const first = this.buffer[this.bufferStart];
    if (seq < this.seq && (!first || first.seq > seq + 1)) return null;
    const frames: string[] = [];
    for (let i = this.bufferStart; i < this.buffer.length; i += 1) {
      const item = this.buffer[i];
      if (item && item.seq > seq) frames.push(item.frame);
    }
    return frames;
  }

  private countTowardsDrop(): void {
    const drop = this.pendingDrop;
    if (!drop) return;
    drop.afterDispatches -= 1;
    if (drop.afterDispatches <= 0) {
      this.pendingDrop = null;
      this.onDropDue(this, drop);
    }
  }
}
