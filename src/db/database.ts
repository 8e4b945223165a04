import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const IN_MEMORY = ':memory:';

/** Opens the SQLite file with the settings every part of the bot relies on. */
export function openDatabase(path: string): Db {
  if (path !== IN_MEMORY) {
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = new Database(path);
  // WAL lets readers (health checks, backups, other shards) run beside the writer.
  if (path !== IN_MEMORY) {
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * `work` as one transaction that takes SQLite's write lock at BEGIN (IMMEDIATE), waiting out other
 * writers (busy_timeout). A deferred one that reads first fails at once with SQLITE_BUSY if another
 * process (a shard, a second host on the file) wrote in between: WAL cannot upgrade a stale snapshot.
 */
export function writeTransaction<A extends unknown[], R>(db: Db, work: (...args: A) => R): (...args: A) => R {
  const transaction = db.transaction(work);
  return (...args) => transaction.immediate(...args);
}
