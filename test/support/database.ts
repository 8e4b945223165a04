import { migrate, openDatabase, type Db } from '../../src/db/index.js';

/** A fresh, fully migrated in-memory database per test. */
export function createTestDatabase(): Db {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}
