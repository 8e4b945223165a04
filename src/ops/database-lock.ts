import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Who is using a database file, told apart by SQLite's own file locks on `<database>.lock`:
 * - every bot process (each shard) holds a SHARED lock for its whole life;
 * - restore needs the EXCLUSIVE lock, so it cannot get it while any bot runs, and no bot can start mid-restore.
 *
 * Why not a pid file: the operating system drops these locks when a process dies, even by SIGKILL or
 * a power cut, so there is nothing stale to clean up and no reused pid to mistake for a live bot; and
 * many shard processes can hold the shared lock at once. (The same caveat as SQLite itself applies:
 * the file must be on a local disk, not a network share whose locks do not work.)
 */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

interface DatabaseLock {
  readonly path: string;
  release(): void;
}

const IN_MEMORY = ':memory:';

function lockPathOf(databasePath: string): string {
  return `${databasePath}.lock`;
}

/** Taken by the bot at start-up; fails only while a restore holds the database. */
export function lockDatabaseForBot(databasePath: string): DatabaseLock {
  return takeLock(databasePath, 'shared', 'a restore is replacing this database right now; start the bot again when it has finished');
}

/** Taken by restore; fails while any bot process (any shard) has the database open. */
export function lockDatabaseExclusively(databasePath: string): DatabaseLock {
  return takeLock(databasePath, 'exclusive', 'a running bot is using this database; stop the bot (every shard) first');
}

function takeLock(databasePath: string, mode: 'shared' | 'exclusive', whenBusy: string): DatabaseLock {
  if (databasePath === IN_MEMORY) return { path: IN_MEMORY, release: () => {} };
  const path = lockPathOf(databasePath);
  mkdirSync(dirname(path), { recursive: true });
  // timeout 0: answer at once instead of waiting for the other side.
  const lock = new Database(path, { timeout: 0 });
  try {
    // In EXCLUSIVE locking mode SQLite keeps every lock it takes until the connection closes:
    // the first read takes SHARED, BEGIN EXCLUSIVE takes EXCLUSIVE.
    lock.pragma('locking_mode = EXCLUSIVE');
    if (mode === 'shared') lock.prepare('SELECT count(*) FROM sqlite_master').get();
    else lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if (isBusy(error)) throw new DatabaseInUseError(`${databasePath}: ${whenBusy}.`);
    throw error;
  }
  let released = false;
  return {
    path,
    release: () => {
      if (released) return;
      released = true;
      lock.close();
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
