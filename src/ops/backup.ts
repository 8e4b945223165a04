import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from '../db/index.js';
import { lockDatabaseExclusively } from './database-lock.js';

interface BackupReport {
  readonly source: string;
  readonly target: string;
  readonly bytes: number;
  readonly schemaVersion: number;
  readonly durationMs: number;
}

interface RestoreReport {
  readonly backup: string;
  readonly database: string;
  readonly schemaVersion: number;
  /** Where the database that was replaced was kept (absent when there was none). */
  readonly previous?: string;
}

export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** sqlite3_backup_step pages per step: everything at once, so the copy is one consistent snapshot. */
const ALL_PAGES = 0x7fff_ffff;

/**
 * Copies a live database into `target` with SQLite's online backup API, from its own connection: the
 * bot (any number of shards) keeps reading and writing, because in WAL mode a reader never blocks the
 * writer. The copy is written beside the target, checked, then renamed over it, so `target` is never
 * a half-written file, and it is a single self-contained file (no -wal beside it).
 */
export async function backupDatabase(source: string, target: string, now: () => number = Date.now): Promise<BackupReport> {
  const started = now();
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} (check DATABASE_PATH).`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true, timeout: 5_000 });
  try {
    await db.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    const schemaVersion = checkCopy(partial, 'The backup');
    renameSync(partial, target);
    return { source, target, bytes: statSync(target).size, schemaVersion, durationMs: now() - started };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Replaces the bot's database with a backup. Refuses while any bot process has the database open
 * (see database-lock.ts), and keeps the replaced database as `<database>.before-restore-<time>`.
 */
export async function restoreDatabase(backup: string, database: string, now: () => Date = () => new Date()): Promise<RestoreReport> {
  if (!existsSync(backup)) throw new BackupError(`There is no backup at ${backup}.`);
  const schemaVersion = checkBackupFile(backup);
  const lock = lockDatabaseExclusively(database);
  try {
    let previous: string | undefined;
    if (existsSync(database)) {
      previous = `${database}.before-restore-${now().toISOString().replace(/[:.]/g, '-')}`;
      await keepPrevious(database, previous);
    }
    const incoming = `${database}.restoring-${process.pid}`;
    const source = new Database(backup, { readonly: true, fileMustExist: true });
    try {
      await source.backup(incoming, { progress: () => ALL_PAGES });
    } finally {
      source.close();
    }
    checkCopy(incoming, 'The restored copy');
    // The old WAL and shared-memory files belong to the old file; left in place, SQLite would try to replay them.
    for (const suffix of ['-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
    mkdirSync(dirname(database), { recursive: true });
    renameSync(incoming, database);
    return { backup, database, schemaVersion, ...(previous ? { previous } : {}) };
  } finally {
    lock.release();
  }
}

/**
 * Keeps the database about to be replaced: through SQLite, so transactions still in its WAL are kept;
 * if SQLite cannot read it (a damaged file is a common reason to restore), the raw files as they are.
 */
async function keepPrevious(database: string, previous: string): Promise<void> {
  try {
    const old = new Database(database, { fileMustExist: true });
    try {
      await old.backup(previous, { progress: () => ALL_PAGES });
    } finally {
      old.close();
    }
  } catch {
    rmSync(previous, { force: true });
    copyFileSync(database, previous);
    if (existsSync(`${database}-wal`)) copyFileSync(`${database}-wal`, `${previous}-wal`);
  }
}

/** A backup the bot can start from: intact, ours, and not from a newer release. Returns its schema version. */
function checkBackupFile(path: string): number {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${path} cannot be opened as an SQLite database: ${describe(error)}`);
  }
  try {
    const version = integrityAndVersion(db, path);
    const known = LATEST_SCHEMA_VERSION;
    if (version > known) {
      throw new BackupError(`${path} is at schema version ${version}, newer than this release of CTO Mentor knows (${known}). Restore it with the release that made it.`);
    }
    const hasMeta = db.prepare<[], { ok: number }>("SELECT count(*) AS ok FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()?.ok === 1;
    if (version < 1 || !hasMeta) throw new BackupError(`${path} is an SQLite database, but not one of CTO Mentor's.`);
    return version;
  } finally {
    db.close();
  }
}

/** Makes a fresh copy self-contained (no WAL) and checks every page of it. */
function checkCopy(path: string, what: string): number {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    return integrityAndVersion(db, `${what} (${path})`);
  } finally {
    db.close();
  }
}

function integrityAndVersion(db: Database.Database, what: string): number {
  let result: unknown;
  try {
    result = db.pragma('integrity_check', { simple: true });
  } catch (error) {
    throw new BackupError(`${what} is not a readable SQLite database: ${describe(error)}`);
  }
  if (result !== 'ok') throw new BackupError(`${what} failed SQLite's integrity check: ${String(result)}`);
  return db.pragma('user_version', { simple: true }) as number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
