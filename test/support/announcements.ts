import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { DeliveryError, type DeliveryFailure } from '../../src/core/poster.js';
import type { Db } from '../../src/db/index.js';
import type { Ping } from '../../src/announcements/announcement.js';
import { createAnnouncementService, type AnnouncementService, type AnnouncementServiceDependencies, type ComposeInput } from '../../src/announcements/service.js';
import { createTestDatabase } from './database.js';
import { FakePoster } from './fake-poster.js';

export const GUILD = '110000000000000001';
export const CHANNEL = '210000000000000001';
export const AUTHOR = '310000000000000001';
export const SECOND_MODERATOR = '310000000000000002';
export const ROLE = '410000000000000001';

/** A FakePoster that also records crossposts and can fail them. */
export class AnnouncementPoster extends FakePoster {
  readonly crossposts: { channelId: string; messageId: string }[] = [];
  readonly edits: { channelId: string; messageId: string }[] = [];
  #crosspostFailure: { failure: DeliveryFailure; code?: number; times: number } | undefined;

  failCrossposts(failure: DeliveryFailure, times = Number.POSITIVE_INFINITY, code?: number): this {
    this.#crosspostFailure = { failure, times, ...(code === undefined ? {} : { code }) };
    return this;
  }

  // Optional only because FakePoster declares crosspost without parameters; the Poster port always passes both.
  override async crosspost(channelId = '', messageId = ''): Promise<void> {
    const failure = this.#crosspostFailure;
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw new DeliveryError(failure.failure, `simulated ${failure.failure}`, failure.code);
    }
    this.crossposts.push({ channelId, messageId });
  }

  override async edit(...args: Parameters<FakePoster['edit']>): ReturnType<FakePoster['edit']> {
    this.edits.push({ channelId: args[0], messageId: args[1] });
    return super.edit(...args);
  }
}

export interface AnnouncementHarness {
  readonly db: Db;
  readonly clock: ManualClock;
  readonly poster: AnnouncementPoster;
  service: AnnouncementService;
  /** A new service on the same database, clock and Discord: what a restarted bot sees. */
  restart(): AnnouncementService;
  /** Moves the clock to `at` and runs one scheduler tick. */
  tickAt(at: string): ReturnType<AnnouncementService['postDue']>;
}

export function announcementHarness(start: string, overrides: Partial<AnnouncementServiceDependencies> = {}): AnnouncementHarness {
  const db = createTestDatabase();
  const clock = new ManualClock(start);
  const poster = new AnnouncementPoster({ clock });
  const build = () => createAnnouncementService({ db, clock, logger: silentLogger, poster, ...overrides });
  const harness: AnnouncementHarness = {
    db,
    clock,
    poster,
    service: build(),
    restart() {
      harness.service = build();
      return harness.service;
    },
    tickAt(at) {
      clock.set(at);
      return harness.service.postDue();
    },
  };
  return harness;
}

export interface DraftOptions extends Partial<Omit<ComposeInput, 'at'>> {
  readonly body?: string;
  /** `/announce schedule`'s `at:` (and zone); omitted: post now. */
  readonly at?: string;
  readonly timeZone?: string | null;
}

/** Composes a draft and writes its body, as the command and the modal do. */
export function composeDraft(service: AnnouncementService, options: DraftOptions = {}) {
  const { body = 'The quarterly town hall is on Friday.', at, timeZone = null, ...rest } = options;
  const ping: Ping = rest.ping ?? { kind: 'none' };
  const draft = service.compose({
    guildId: GUILD,
    authorId: AUTHOR,
    channelId: CHANNEL,
    title: 'Town hall',
    publish: false,
    canMentionEveryone: false,
    ...rest,
    ping,
    at: at ? { text: at, timeZone } : null,
  });
  return service.writeText(draft.guildId, draft.authorId, draft.id, { body });
}

/** Composes and submits (Post / Schedule on the preview); a `due` one is sent as the command does. */
export async function submitAnnouncement(service: AnnouncementService, options: DraftOptions = {}) {
  const draft = composeDraft(service, options);
  const submitted = service.submit(draft.guildId, draft.authorId, draft.id, { revision: draft.revision, canMentionEveryone: options.canMentionEveryone ?? false });
  return submitted.kind === 'due' ? service.postNow(draft.id, draft.authorId) : submitted;
}

/** The rows as SQLite holds them (the tests check the stored state, not only what the service says). */
export function announcementRows(db: Db) {
  return db
    .prepare<[], { id: number; status: string; nonce: string | null; attempts: number; message_id: string | null; published: number; outcome_note: string | null }>(
      'SELECT id, status, nonce, attempts, message_id, published, outcome_note FROM announcements ORDER BY id',
    )
    .all();
}

export function auditActions(db: Db, id: number): string[] {
  return db
    .prepare<[number], { action: string }>('SELECT action FROM announcement_audit WHERE announcement_id = ? ORDER BY id')
    .all(id)
    .map((row) => row.action);
}
