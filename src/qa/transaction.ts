import { runStatements, type SqlDatabase, type Work } from '../db/sql/dialect.js';

/**
 * Runs a unit of work (src/db/sql/dialect.ts) atomically: on SQLite one IMMEDIATE transaction on the
 * shared connection, on PostgreSQL a real one. In Q&A the unit services own every transaction through
 * this runner; stores only build queries and never open one, so what commits together is decided in
 * one layer.
 */
export type Transaction = <T>(work: () => Work<T>) => Promise<T>;

/**
 * Runs a store's queries outside a transaction, each on its own: reads, or a single statement (atomic
 * by itself). What a member looks at needs no write lock (SQLite) nor a BEGIN/COMMIT round trip
 * (PostgreSQL).
 */
export type Run = <T>(work: () => Work<T>) => Promise<T>;

export function transactionRunner(database: SqlDatabase): Transaction {
  return (work) => database.transaction(work);
}

export function statementRunner(database: SqlDatabase): Run {
  return (work) => runStatements(database, work);
}

/**
 * The transition bridge (docs/postgres.md): a body of synchronous calls into stores not yet on
 * Kysely, run as a unit of work. On SQLite the unit runs inside one better-sqlite3 transaction on
 * the connection those stores share, so they take part in it; it cannot run on PostgreSQL.
 */
export function bridged<T>(body: () => T): () => Work<T> {
  // eslint-disable-next-line require-yield -- the unconverted stores' statements run synchronously inside; nothing to yield
  return function* () {
    return body();
  };
}
