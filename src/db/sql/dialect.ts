import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteDialect,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type Compilable,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { Db } from '../database.js';
import type { DatabaseSchema } from './schema.js';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * A unit of work: a generator that yields each query and gets its result back. It cannot await
 * anything else, which is what lets SQLite run it inside one synchronous better-sqlite3 transaction
 * on the connection the unconverted stores share — no other statement can slip in between — while
 * PostgreSQL runs the same generator in a real transaction.
 */
export type Work<T> = Generator<CompiledQuery, T, QueryResult<unknown>>;

/** The rows of one query, inside a unit of work: `const rows = yield* all(query)`. */
export function* all<O>(query: Compilable<O>): Work<O[]> {
  const result = yield query.compile();
  return result.rows as O[];
}

export function* first<O>(query: Compilable<O>): Work<O | undefined> {
  return (yield* all(query))[0];
}

/** How many rows an INSERT, UPDATE or DELETE changed (0 for `ON CONFLICT DO NOTHING` that did nothing). */
export function* changed(query: Compilable<unknown>): Work<number> {
  const result = yield query.compile();
  return Number(result.numAffectedRows ?? 0n);
}

/** The database as the Kysely stores see it, on either dialect. */
export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** Builds queries; a single query may be executed directly (`await query.execute()`). */
  readonly kysely: Kysely<DatabaseSchema>;
  /** Runs a unit of work atomically: all of it or (on a throw) none of it. */
  transaction<T>(work: () => Work<T>): Promise<T>;
  /**
   * SQLite only: runs one query synchronously, for the features whose stores are still synchronous
   * and read a converted store's rows (a transition bridge; see docs/postgres.md).
   */
  readonly readNow?: <O>(query: Compilable<O>) => O[];
  close(): Promise<void>;
}

/**
 * Kysely over the better-sqlite3 connection the rest of the bot uses (the transition: stores move one
 * by one). Closing it leaves the connection open for its owner. Kysely's own `transaction()` is
 * refused here: it would await between statements, and a synchronous statement of another store
 * could then run inside it (and be rolled back with it). Use `transaction(work)` instead.
 */
export function sqliteDatabase(connection: Db): SqlDatabase {
  const dialect = new SqliteDialect({ database: { prepare: (sql) => connection.prepare(sql), close: () => {} } });
  const kysely = new Kysely<DatabaseSchema>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => new WithoutAsyncTransactions(dialect.createDriver()),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
    },
  });
  return {
    dialect: 'sqlite',
    kysely,
    transaction: <T>(work: () => Work<T>): Promise<T> => {
      try {
        // IMMEDIATE: take the write lock first, so another process on the same file makes this wait
        // (busy_timeout) instead of failing with 'database is locked' when a read turns into a write.
        return Promise.resolve(connection.transaction(() => drive(work(), (query) => executeOnSqlite(connection, query))).immediate());
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    readNow: <O>(query: Compilable<O>): O[] => executeOnSqlite(connection, query.compile()).rows as O[],
    close: () => kysely.destroy(),
  };
}

interface PostgresOptions {
  /** Connections in the pool; each host needs few (the bot's work is small queries). */
  readonly maxConnections?: number;
  /**
   * An idle connection the server dropped (restart, failover, admin): the pool replaces it on the
   * next query, so this is for the log. Without a listener, pg would crash the process.
   */
  readonly onIdleConnectionError?: (error: Error) => void;
}

/** A pool of connections to PostgreSQL (`DATABASE_URL=postgres://…`). */
export function postgresDatabase(url: string, { maxConnections = 10, onIdleConnectionError = () => {} }: PostgresOptions = {}): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  pool.on('error', onIdleConnectionError);
  const kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    kysely,
    transaction: <T>(work: () => Work<T>): Promise<T> =>
      kysely.transaction().execute((trx) => driveAsync(work(), (query) => trx.executeQuery(query))),
    close: () => kysely.destroy(),
  };
}

/** A Kysely that only compiles (schema statements run through the migration runner, not a pool). */
export function compilerFor(dialect: SqlDialect): Kysely<unknown> {
  const postgres = dialect === 'postgres';
  return new Kysely<unknown>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
}

/**
 * Runs a unit's queries one by one, each on its own and outside any transaction: for reads, or a
 * single statement (atomic by itself), which need no write lock (SQLite) nor BEGIN/COMMIT (PostgreSQL).
 */
export function runStatements<T>(database: SqlDatabase, work: () => Work<T>): Promise<T> {
  return driveAsync(work(), (query) => database.kysely.executeQuery(query));
}

async function driveAsync<T>(steps: Work<T>, execute: (query: CompiledQuery) => Promise<QueryResult<unknown>>): Promise<T> {
  let step = steps.next();
  while (!step.done) step = steps.next(await execute(step.value));
  return step.value;
}

function drive<T>(steps: Work<T>, execute: (query: CompiledQuery) => QueryResult<unknown>): T {
  let step = steps.next();
  while (!step.done) step = steps.next(execute(step.value));
  return step.value;
}

/** What Kysely's SQLite driver does, synchronously. */
function executeOnSqlite(connection: Db, query: CompiledQuery): QueryResult<unknown> {
  const statement = connection.prepare(query.sql);
  const parameters = query.parameters as unknown[];
  if (statement.reader) return { rows: statement.all(...parameters) };
  const { changes, lastInsertRowid } = statement.run(...parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}

class WithoutAsyncTransactions implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.inner.acquireConnection();
  }

  beginTransaction(_connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    return Promise.reject(new Error('Kysely transactions would interleave with the shared SQLite connection; use SqlDatabase.transaction(work).'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
