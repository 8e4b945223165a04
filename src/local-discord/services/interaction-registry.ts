import type { InteractionType } from 'discord-api-types/v10';
import type { AutocompleteChoice, ModalData } from '../validation/callback.js';

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  guildId: string | null;
  channelId: string;
  userId: string;
  /** Chat input / context menu: the command's name (with subcommands, e.g. `tips setup`). */
  commandName: string | null;
  /** Component and modal-from-component interactions: the message the component is on. */
  sourceMessageId: string | null;
  /** The interaction that showed the modal this one submits. */
  parentId: string | null;
  dispatchedAt: number;
  /** `performance.now()` at dispatch: latency is measured with sub-millisecond resolution. */
  dispatchedHr: number;
  deadlineAt: number;
  expiresAt: number;
  acknowledged: boolean;
  callback: { type: number; data: unknown } | null;
  callbackAt: number | null;
  /** Dispatch → first callback in ms (0.01 ms resolution); null until acknowledged. */
  latencyMs: number | null;
  /** The @original message: the response (4/5), or the component's message (6/7). */
  originalMessageId: string | null;
  /** Deferred (5/6) and not yet edited or followed up. */
  pending: boolean;
  followUpIds: string[];
  ephemeral: boolean;
  modal: ModalData | null;
  choices: AutocompleteChoice[] | null;
  /** Bumped on every change, so waiters and long-polls can tell something happened. */
  version: number;
  /** `performance.now()` of the bot's latest callback or webhook call on this token (refused ones too); null before any. */
  activityHr: number | null;
}

/** Live interactions by id and token, bounded (oldest evicted first), with per-interaction change waiters. */
export class InteractionRegistry {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, string>();
  private readonly waiters = new Map<string, Set<() => void>>();
  /** REST requests being answered now, and `performance.now()` of the latest start or end of one. */
  restInFlight = 0;
  restActivityHr = 0;

  constructor(
    private readonly max: number,
    private readonly onChange: () => void,
  ) {}

  add(record: InteractionRecord): void {
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record.id);
    while (this.byId.size > this.max) {
      const oldest = this.byId.keys().next();
      if (oldest.done) break;
      const evicted = this.byId.get(oldest.value);
      this.byId.delete(oldest.value);
      if (evicted) this.byToken.delete(evicted.token);
    }
  }

  get(id: string): InteractionRecord | undefined {
    return this.byId.get(id);
  }

  byTokenValue(token: string): InteractionRecord | undefined {
    const id = this.byToken.get(token);
    return id ? this.byId.get(id) : undefined;
  }

  /**
   * The API's traffic as a whole. Between two edits of an interaction a bot often calls other routes (posts
   * the announcement, opens a DM): settling also waits for those to stop, up to a cap.
   */
  restBegan(): void {
    this.restInFlight += 1;
    this.restActivityHr = performance.now();
  }

  restEnded(): void {
    this.restInFlight -= 1;
    this.restActivityHr = performance.now();
  }

  /** The bot worked on this interaction (a webhook call, even one that changed nothing): its quiet period starts again. */
  active(record: InteractionRecord): void {
    record.activityHr = performance.now();
  }

  changed(record: InteractionRecord): void {
    record.version += 1;
    this.active(record);
    for (const wake of this.waiters.get(record.id) ?? []) wake();
    this.onChange();
  }

  /** Resolve when `check` returns a value (checked now and after each change), reject on timeout. */
  waitFor<T>(id: string, check: (record: InteractionRecord) => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const record = this.byId.get(id);
    if (!record) return Promise.reject(new Error(`unknown interaction ${id}`));
    const first = check(record);
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const set = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, set);
      const done = (): void => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(id);
      };
      const wake = (): void => {
        let value: T | undefined;
        try {
          value = check(record);
        } catch (error) {
          done();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(describe()));
      }, timeoutMs);
      set.add(wake);
    });
  }

  /** Wake waiters of an interaction without a change (e.g. its deadline passed). */
  poke(id: string): void {
    for (const wake of this.waiters.get(id) ?? []) wake();
  }
}
