import { describe, expect, it } from 'vitest';
import {
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  MigrationFailedError,
  loadMigrations,
  migrate,
  openDatabase,
  schemaVersion,
  type Migration,
} from '../../src/db/index.js';

const tableNames = (db: ReturnType<typeof openDatabase>) =>
  db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((row) => row.name);

describe('migrations', () => {
  it('GIVEN a fresh database THEN applies every shipped migration and records the version', () => {
    const db = openDatabase(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(db)).toContain('meta');
  });

  it('GIVEN an up-to-date database THEN migrating again changes nothing', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const version = schemaVersion(db);
    expect(migrate(db)).toEqual({ from: version, to: version });
  });

  it('GIVEN a database at an older version THEN applies only the newer migrations', () => {
    const db = openDatabase(':memory:');
    const first: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY);' }];
    migrate(db, first);
    const upgraded = [...first, { version: 2, name: 'two', sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY);' }];
    expect(migrate(db, upgraded)).toEqual({ from: 1, to: 2 });
    expect(tableNames(db)).toEqual(['one', 'two']);
  });

  it('GIVEN a failing migration THEN rolls it back completely and keeps the old version', () => {
    const db = openDatabase(':memory:');
    const migrations: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY);' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY); INSERT INTO missing VALUES (1);' },
    ];
    expect(() => migrate(db, migrations)).toThrow(MigrationFailedError);
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['one']);
  });

  it('GIVEN a database newer than the code THEN refuses it with a clear message', () => {
    const db = openDatabase(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(DatabaseTooNewError);
    expect(() => migrate(db)).toThrow(/schema version 99/);
  });

  it('GIVEN a community answer promoted before 011 THEN its body loses the second credit line and keeps the answer', () => {
    const db = openDatabase(':memory:');
    const shipped = loadMigrations();
    migrate(db, shipped.slice(0, 10));
    const insert = db.prepare('INSERT INTO kb_entries (id, guild_id, title, summary, body, author_id) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('community-3', 'g1', 'Q', 'S', 'Keep them weekly.\n\nAnd short.\n\n*From the community: answered by <@42> in Q&A #3.*', '42');
    insert.run('own', 'g1', 'Q', 'S', 'A body that only mentions *From the community: answered by <@1>* inline.', '7');
    migrate(db, shipped);
    const bodies = db.prepare<[], { body: string }>('SELECT body FROM kb_entries ORDER BY rowid').all().map((row) => row.body);
    expect(bodies).toEqual(['Keep them weekly.\n\nAnd short.', 'A body that only mentions *From the community: answered by <@1>* inline.']);
  });

  it('GIVEN answers written before 012 THEN each question numbers its own in order of writing, deleted ones included, and a number cannot repeat', () => {
    const db = openDatabase(':memory:');
    const shipped = loadMigrations();
    migrate(db, shipped.slice(0, 11));
    const question = db.prepare<[number, number]>(
      "INSERT INTO qa_questions (id, guild_id, number, asker_id, text, search_terms, channel_id, channel_kind, publication, created_at, updated_at) VALUES (?, 'g', ?, 'u', 'q', 'q', 'c', 'text', 'posted', 't', 't')",
    );
    question.run(10, 1);
    question.run(20, 2);
    const answer = db.prepare<[number, number, string, string | null]>("INSERT INTO qa_answers (id, guild_id, question_id, author_id, text, created_at, deleted_at) VALUES (?, 'g', ?, 'u', 'a', ?, ?)");
    answer.run(1, 10, '2026-01-01T00:00:00Z', null);
    answer.run(2, 20, '2026-01-01T00:01:00Z', null);
    answer.run(3, 20, '2026-01-01T00:02:00Z', '2026-01-02T00:00:00Z');
    answer.run(4, 10, '2026-01-01T00:03:00Z', null);
    answer.run(5, 20, '2026-01-01T00:04:00Z', null);
    migrate(db, shipped);
    const numbers = db.prepare<[], { id: number; number: number }>('SELECT id, number FROM qa_answers ORDER BY id').all();
    expect(numbers.map((row) => row.number)).toEqual([1, 1, 2, 2, 3]);
    expect(() => db.prepare("UPDATE qa_answers SET number = 1 WHERE id = 5").run()).toThrow(/UNIQUE/);
  });

  it('GIVEN a file the frozen .sql chain built THEN migrating applies the schema changes after it (018: the /ask log by entry)', () => {
    const db = openDatabase(':memory:');
    migrate(db, loadMigrations());
    const indexes = () => db.prepare<[], { name: string }>("SELECT name FROM pragma_index_list('kb_questions')").all().map((index) => index.name);
    expect(indexes()).not.toContain('kb_questions_entry');
    expect(migrate(db)).toEqual({ from: loadMigrations().length, to: LATEST_SCHEMA_VERSION });
    expect(indexes()).toContain('kb_questions_entry');
    const plan = db.prepare<[], { detail: string }>("EXPLAIN QUERY PLAN SELECT count(*) FROM kb_questions WHERE guild_id = 'g' AND entry_id = 'e'").all();
    expect(plan.map((step) => step.detail).join(' ')).toContain('kb_questions_entry');
  });

  it('GIVEN the shipped migrations THEN they are numbered without gaps', () => {
    expect(loadMigrations().map((migration) => migration.version)).toEqual(loadMigrations().map((_, index) => index + 1));
  });

  it('GIVEN announcements rewritten by another moderator before 008 THEN their text author is that moderator, else the author', () => {
    const db = openDatabase(':memory:');
    const shipped = loadMigrations();
    migrate(db, shipped.filter((migration) => migration.version < 8));
    const insert = db.prepare<[number, string]>(
      "INSERT INTO announcements (id, guild_id, author_id, channel_id, body, ping, publish, status, created_at, updated_at) VALUES (?, 'g', ?, 'c', 'text', 'none', 0, 'pending', 't', 't')",
    );
    const audit = db.prepare<[number, string, string]>("INSERT INTO announcement_audit (guild_id, announcement_id, actor_id, action, details, created_at) VALUES ('g', ?, ?, 'edited', ?, 't')");
    insert.run(1, 'amy');
    audit.run(1, 'bea', JSON.stringify({ previousBody: 'old', previousTitle: null }));
    audit.run(1, 'cal', JSON.stringify({ postAt: '2026-01-01T00:00:00.000Z' }));
    insert.run(2, 'amy');
    audit.run(2, 'dan', JSON.stringify({ previousTitle: null }));
    insert.run(3, 'amy');
    migrate(db, shipped);
    const authors = db.prepare<[], { id: number; text_author_id: string }>('SELECT id, text_author_id FROM announcements ORDER BY id').all();
    expect(authors).toEqual([
      { id: 1, text_author_id: 'bea' },
      { id: 2, text_author_id: 'dan' },
      { id: 3, text_author_id: 'amy' },
    ]);
  });
});
