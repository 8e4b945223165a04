import { afterAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { isUserError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { postgresDatabase, sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { createGuildEntryStore } from '../../src/knowledge/guild-entry-store.js';
import { createKnowledgeService, type KnowledgeService } from '../../src/knowledge/service.js';
import { createTestDatabase } from '../support/database.js';
import { sqlDialects } from '../support/dialects.js';
import { quokkaEntry } from '../support/knowledge.js';
import { startPostgres, usePostgres, type PostgresServer } from '../support/postgres.js';

const OUR_SERVER = '111111111111111111';
const OTHER_SERVER = '222222222222222222';
const QUESTION = 'how does our quokka onboarding ritual work';

const quokka = quokkaEntry(OUR_SERVER);

/** A host: its own search index (a SQLite database of its own) over the shared database. */
function host(shared: SqlDatabase, clock: ManualClock): KnowledgeService {
  return createKnowledgeService({ db: createTestDatabase(), database: shared, clock, logger: silentLogger });
}

const answerTo = async (knowledge: KnowledgeService, question = QUESTION, guildId = OUR_SERVER) =>
  (await knowledge.ask(question, { guildId, userId: '400000000000000001' })).answer?.entry.id ?? null;

const postgres = usePostgres();

// Servers' own entries live in the shared database; each host's index follows it (docs/postgres.md).
describe.each(sqlDialects(postgres))("servers' own entries between hosts, on %s", (_dialect, open) => {
  const twoHosts = async () => {
    const shared = await open();
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    return { shared, clock, one: host(shared, clock), other: host(shared, clock) };
  };

  it("GIVEN an entry one host adds THEN the other host's next /ask answers with it, in that server only", async () => {
    const { one, other } = await twoHosts();
    expect(await answerTo(other)).toBeNull();
    await one.addGuildEntry(quokka);
    expect(await answerTo(one)).toBe(quokka.id);
    expect(await answerTo(other)).toBe(quokka.id);
    expect(await answerTo(other, QUESTION, OTHER_SERVER)).toBeNull();
    expect(other.guildEntries(OUR_SERVER).map((entry) => entry.id)).toEqual([quokka.id]);
  });

  it('GIVEN an entry removed in the shared database THEN no host answers with it any more', async () => {
    const { shared, one, other } = await twoHosts();
    await one.addGuildEntry(quokka);
    expect(await answerTo(other)).toBe(quokka.id);
    expect(await shared.transaction(() => one.guildEntryRemoval(OUR_SERVER, quokka.id))).toBe(true);
    expect(await shared.transaction(() => createGuildEntryStore(shared).remove(OUR_SERVER, quokka.id))).toBe(false);
    expect(await answerTo(one)).toBeNull();
    expect(await answerTo(other)).toBeNull();
    expect(other.entry(quokka.id, OUR_SERVER)).toBeUndefined();
  });

  it('GIVEN the same entry added by both hosts at once THEN one adds it and the other is told it exists', async () => {
    const { one, other } = await twoHosts();
    const outcomes = await Promise.allSettled([one.addGuildEntry(quokka), other.addGuildEntry(quokka)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused && isUserError(refused.reason) && refused.reason.identifier).toBe('kb.entry-exists');
    expect(await answerTo(one)).toBe(quokka.id);
    expect(await answerTo(other)).toBe(quokka.id);
  });

  it("GIVEN synchronous searches only (Q&A's) THEN another host's entry shows within one search and 10 s of the clock", async () => {
    const { clock, one, other } = await twoHosts();
    await other.refresh();
    await one.addGuildEntry(quokka);
    const found = () => other.search(QUESTION, OUR_SERVER).answer?.entry.id ?? null;
    // Checked less than 10 s ago: this search does not look again.
    expect(found()).toBeNull();
    clock.advance(10_000);
    // This one starts a check; a search after it finds the entry.
    await vi.waitFor(() => expect(found()).toBe(quokka.id));
  });
});

describe('two hosts on separate connections to one PostgreSQL database', () => {
  let server: PostgresServer | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("GIVEN each host with its own pool THEN one host's promotion and removal reach the other's /ask", async () => {
    server = await startPostgres();
    const { url, database: first } = await server.freshDatabase();
    const second = postgresDatabase(url, { maxConnections: 2 });
    try {
      const clock = new ManualClock('2026-03-01T12:00:00Z');
      const [one, other] = [host(first, clock), host(second, clock)];
      expect(await answerTo(other)).toBeNull();
      await one.addGuildEntry(quokka);
      expect(await answerTo(other)).toBe(quokka.id);
      await second.transaction(() => createGuildEntryStore(second).remove(OUR_SERVER, quokka.id));
      expect(await answerTo(one)).toBeNull();
      expect(await answerTo(other)).toBeNull();
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe('the SQLite file the bot runs on today', () => {
  it('GIVEN the index and the shared database on one connection THEN an entry is indexed once and leaves the index with its row', async () => {
    const db = createTestDatabase();
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const knowledge = createKnowledgeService({ db, database: sqliteDatabase(db), clock, logger: silentLogger });
    const rows = () => db.prepare<[], { rows: number }>("SELECT count(*) AS rows FROM kb_entries WHERE guild_id IS NOT NULL").get()?.rows;
    const ftsRows = () => db.prepare<[], { rows: number }>('SELECT count(*) AS rows FROM kb_fts').get()?.rows ?? 0;
    const shipped = ftsRows();
    await knowledge.addGuildEntry(quokka);
    await knowledge.refresh();
    expect(rows()).toBe(1);
    expect(ftsRows()).toBe(shipped + 1);
    expect(await answerTo(knowledge)).toBe(quokka.id);
    expect(knowledge.removeGuildEntry(OUR_SERVER, quokka.id)).toBe(true);
    expect(rows()).toBe(0);
    expect(ftsRows()).toBe(shipped);
    expect(await answerTo(knowledge)).toBeNull();
    // A fresh start on the same file finds the index as it was left.
    expect(await answerTo(createKnowledgeService({ db, database: sqliteDatabase(db), clock, logger: silentLogger }))).toBeNull();
  });

  it('GIVEN a process that stopped after committing an entry but before indexing it THEN the next start indexes it', async () => {
    const db = createTestDatabase();
    const shared = sqliteDatabase(db);
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    await shared.transaction(() => createGuildEntryStore(shared).insert(quokka, clock.now().toISOString()));
    expect(await answerTo(createKnowledgeService({ db, database: shared, clock, logger: silentLogger }))).toBe(quokka.id);
  });
});
