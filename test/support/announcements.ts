import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { DeliveryError, type DeliveryFailure } from '../../src/core/poster.js';
import type { SqlDatabase } from '../../src/db/sql/dialect.js';
import type { Ping } from '../../src/announcements/announcement.js';
import { createAnnouncementService, type AnnouncementService, type AnnouncementServiceDependencies, type ComposeInput } from '../../src/announcements/service.js';
import { FakePoster } from './fake-poster.js';
import { openSqlite, type OpenDatabase } from './dialects.js';

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
  readonly database: SqlDatabase;
  readonly clock: ManualClock;
  readonly poster: AnnouncementPoster;
  service: AnnouncementService;
  /** A new service on the same database, clock and Discord: what a restarted bot sees. */
  restart(): AnnouncementService;
  /** Moves the clock to `at` and runs one scheduler tick. */
  tickAt(at: string): ReturnType<AnnouncementService['postDue']>;
}

/** A service over a fresh database: SQLite in memory by default, or `open`'s (a fresh PostgreSQL one). */
export async function announcementHarness(start: string, overrides: Partial<AnnouncementServiceDependencies> = {}, open: OpenDatabase = openSqlite): Promise<AnnouncementHarness> {
  const database = await open();
  const clock = new ManualClock(start);
  const poster = new AnnouncementPoster({ clock });
  const build = () => createAnnouncementService({ database, clock, logger: silentLogger, poster, ...overrides });
  const harness: AnnouncementHarness = {
    database,
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
export async function composeDraft(service: AnnouncementService, options: DraftOptions = {}) {
  const { body = 'The quarterly town hall is on Friday.', at, timeZone = null, ...rest } = options;
  const ping: Ping = rest.ping ?? { kind: 'none' };
  const draft = await service.compose({
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
  const draft = await composeDraft(service, options);
  const submitted = await service.submit(draft.guildId, draft.authorId, draft.id, { revision: draft.revision, canMentionEveryone: options.canMentionEveryone ?? false });
  return submitted.kind === 'due' ? service.postNow(draft.id, draft.authorId) : submitted;
}

/** The rows as the database holds them (the tests check the stored state, not only what the service says). */
export function announcementRows(database: SqlDatabase) {
  return database.kysely.selectFrom('announcements').select(['id', 'status', 'nonce', 'attempts', 'message_id', 'published', 'outcome_note']).orderBy('id').execute();
}

export async function auditActions(database: SqlDatabase, id: number): Promise<string[]> {
  const rows = await database.kysely.selectFrom('announcement_audit').select('action').where('announcement_id', '=', id).orderBy('id').execute();
  return rows.map((row) => row.action);
}
