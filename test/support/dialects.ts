import { sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { createTestDatabase } from './database.js';

/** Opens a fresh database of one dialect for a test: SQLite in memory, or a fresh PostgreSQL one. */
export type OpenDatabase = () => Promise<SqlDatabase>;

export const openSqlite: OpenDatabase = () => Promise.resolve(sqliteDatabase(createTestDatabase()));

/** The dialects a converted store's tests run on: `describe.each(sqlDialects(usePostgres()))('on %s', …)`. */
export function sqlDialects(postgres: { freshDatabase: OpenDatabase }): [string, OpenDatabase][] {
  return [
    ['SQLite', openSqlite],
    ['PostgreSQL', () => postgres.freshDatabase()],
  ];
}
