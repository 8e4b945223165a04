import { sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { createTestDatabase } from './database.js';

/** Opens a fresh database of one dialect for a test. */
export type OpenDatabase = () => Promise<SqlDatabase>;

/** The dialects a converted store's tests run on: `describe.each(sqlDialects(usePostgres()))('on %s', …)`. */
export function sqlDialects(postgres: { freshDatabase: OpenDatabase }): [string, OpenDatabase][] {
  return [
    ['SQLite', () => Promise.resolve(sqliteDatabase(createTestDatabase()))],
    ['PostgreSQL', () => postgres.freshDatabase()],
  ];
}
