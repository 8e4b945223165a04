import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrate, openDatabase, type Db } from '../../src/db/index.js';
import { backupDatabase, BackupError, restoreDatabase } from '../../src/ops/backup.js';
import { runBackupCli, runRestoreCli } from '../../src/ops/cli.js';
import { DatabaseInUseError, lockDatabaseExclusively, lockDatabaseForBot } from '../../src/ops/database-lock.js';
import { PROJECT_ROOT } from '../../src/core/paths.js';
import { scratchDir } from '../e2e/support/harness.js';
import { capture } from '../support/capture.js';

function noteRows(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key LIKE 'note:%' ORDER BY key").all().map((row) => row.value);
  } finally {
    db.close();
  }
}

function writeNote(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`note:${key}`, value);
}


describe('backup and restore', () => {
  let scratch: ReturnType<typeof scratchDir>;
  let live: Db;

  beforeEach(() => {
    scratch = scratchDir();
    live = openDatabase(scratch.databasePath);
    migrate(live);
    writeNote(live, 'a', 'before the backup');
  });
  afterEach(() => {
    if (live.open) live.close();
    scratch.cleanup();
  });

  it('GIVEN a database open in WAL mode with uncheckpointed writes THEN the backup has them, is one self-contained file and passes the integrity check', async () => {
    expect(existsSync(`${scratch.databasePath}-wal`)).toBe(true);
    const target = join(scratch.dir, 'backups', 'daily.db');

    const report = await backupDatabase(scratch.databasePath, target);

    expect(report).toMatchObject({ target, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(report.bytes).toBeGreaterThan(0);
    expect(noteRows(target)).toEqual(['before the backup']);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(readdirSync(join(scratch.dir, 'backups'))).toEqual(['daily.db']);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    // The live connection never noticed.
    writeNote(live, 'b', 'after the backup');
    expect(noteRows(scratch.databasePath)).toEqual(['before the backup', 'after the backup']);
  });

  it('GIVEN writes while a backup runs THEN the copy is one consistent snapshot: whole transactions only', async () => {
    const insertBatch = live.transaction((batch: number) => {
      for (let index = 0; index < 50; index += 1) writeNote(live, `${batch}-${index}`, `batch ${batch}`);
    });
    for (let batch = 0; batch < 40; batch += 1) insertBatch(batch);
    const target = join(scratch.dir, 'snapshot.db');
    // The writer yields between transactions, so they interleave with the backup's steps.
    const writer = (async () => {
      for (let batch = 40; batch < 80; batch += 1) {
        insertBatch(batch);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([backupDatabase(scratch.databasePath, target), writer]);
    const rows = noteRows(target).filter((value) => value.startsWith('batch '));
    expect(rows.length % 50).toBe(0);
    expect(rows.length).toBeGreaterThanOrEqual(40 * 50);
  });

  it('GIVEN a running bot (its shared lock) THEN restore refuses and leaves the database as it was', async () => {
    const target = join(scratch.dir, 'backup.db');
    await backupDatabase(scratch.databasePath, target);
    writeNote(live, 'a', 'changed after the backup');
    const bot = lockDatabaseForBot(scratch.databasePath);

    await expect(restoreDatabase(target, scratch.databasePath)).rejects.toThrow(DatabaseInUseError);
    await expect(restoreDatabase(target, scratch.databasePath)).rejects.toThrow(/stop the bot/);
    expect(noteRows(scratch.databasePath)).toEqual(['changed after the backup']);
    bot.release();
  });

  it('GIVEN two shards holding the database THEN restore refuses until both have stopped', async () => {
    const target = join(scratch.dir, 'backup.db');
    await backupDatabase(scratch.databasePath, target);
    const shard0 = lockDatabaseForBot(scratch.databasePath);
    const shard1 = lockDatabaseForBot(scratch.databasePath);
    shard0.release();
    await expect(restoreDatabase(target, scratch.databasePath)).rejects.toThrow(DatabaseInUseError);
    shard1.release();
    live.close();
    await expect(restoreDatabase(target, scratch.databasePath)).resolves.toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION });
  });

  it('GIVEN a stopped bot THEN restore replaces the database, keeps the replaced one, and leaves no stale WAL', async () => {
    const target = join(scratch.dir, 'backup.db');
    await backupDatabase(scratch.databasePath, target);
    writeNote(live, 'a', 'changed after the backup');
    live.close();

    const report = await restoreDatabase(target, scratch.databasePath, () => new Date('2025-03-01T04:00:00Z'));

    expect(noteRows(scratch.databasePath)).toEqual(['before the backup']);
    expect(report.previous).toBe(`${scratch.databasePath}.before-restore-2025-03-01T04-00-00-000Z`);
    expect(noteRows(report.previous ?? '')).toEqual(['changed after the backup']);
    expect(existsSync(`${scratch.databasePath}-wal`)).toBe(false);
    // The bot starts on it as usual.
    const reopened = openDatabase(scratch.databasePath);
    expect(migrate(reopened).to).toBe(LATEST_SCHEMA_VERSION);
    reopened.close();
  });

  it('GIVEN a restore in progress (its exclusive lock) THEN a bot cannot start on the database', () => {
    const restore = lockDatabaseExclusively(scratch.databasePath);
    expect(() => lockDatabaseForBot(scratch.databasePath)).toThrow(/a restore is replacing this database/);
    restore.release();
    lockDatabaseForBot(scratch.databasePath).release();
  });

  it('GIVEN a bot process killed with SIGKILL THEN its lock died with it: restore needs no clean-up', async () => {
    const target = join(scratch.dir, 'backup.db');
    await backupDatabase(scratch.databasePath, target);
    live.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', "import { lockDatabaseForBot } from './src/ops/database-lock.ts'; lockDatabaseForBot(process.argv[1]); console.log('locked'); setInterval(() => {}, 60_000);", scratch.databasePath],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    await expect(restoreDatabase(target, scratch.databasePath)).rejects.toThrow(DatabaseInUseError);

    child.kill('SIGKILL');
    await exited;

    await expect(restoreDatabase(target, scratch.databasePath)).resolves.toMatchObject({ database: scratch.databasePath });
  });

  it('GIVEN a file that is not a usable backup THEN restore refuses before touching anything', async () => {
    live.close();
    const garbage = join(scratch.dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database');
    await expect(restoreDatabase(garbage, scratch.databasePath)).rejects.toThrow(BackupError);

    const foreign = join(scratch.dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE things (id INTEGER)');
    other.pragma('user_version = 1');
    other.close();
    await expect(restoreDatabase(foreign, scratch.databasePath)).rejects.toThrow(/not one of CTO Mentor's/);

    const future = join(scratch.dir, 'future.db');
    await backupDatabase(scratch.databasePath, future);
    const newer = new Database(future);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    newer.close();
    await expect(restoreDatabase(future, scratch.databasePath)).rejects.toThrow(/newer than this release/);

    await expect(restoreDatabase(join(scratch.dir, 'missing.db'), scratch.databasePath)).rejects.toThrow(/There is no backup/);
    expect(noteRows(scratch.databasePath)).toEqual(['before the backup']);
    expect(readdirSync(scratch.dir).filter((file) => file.includes('before-restore') || file.includes('restoring'))).toEqual([]);
  });
});

describe('npm run backup / restore', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => {
    scratch = scratchDir();
    const db = openDatabase(scratch.databasePath);
    migrate(db);
    db.close();
  });
  afterEach(() => scratch.cleanup());

  it('GIVEN no FILE THEN prints the usage and exits 2', async () => {
    const err = capture();
    expect(await runBackupCli([], scratch.databasePath, { out: capture().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('Usage: npm run backup -- FILE');
    expect(await runRestoreCli(['a.db', 'b.db'], scratch.databasePath, { out: capture().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('Usage: npm run restore -- FILE');
  });

  it('GIVEN a running bot THEN backup works, restore says to stop the bot and exits 1', async () => {
    const file = join(scratch.dir, 'b.db');
    const bot = lockDatabaseForBot(scratch.databasePath);
    const out = capture();
    expect(await runBackupCli([file], scratch.databasePath, { out: out.stream, err: capture().stream })).toBe(0);
    expect(out.text()).toMatch(/^Backed up .+ to .+b\.db: [\d.]+ KiB, schema version \d+, integrity ok, \d+ ms\.\n$/);

    const err = capture();
    expect(await runRestoreCli([file], scratch.databasePath, { out: capture().stream, err: err.stream })).toBe(1);
    expect(err.text()).toContain('a running bot is using this database; stop the bot (every shard) first');
    bot.release();

    const restored = capture();
    expect(await runRestoreCli([file], scratch.databasePath, { out: restored.stream, err: capture().stream })).toBe(0);
    expect(restored.text()).toContain('The database it replaced was kept as');
  });
});
