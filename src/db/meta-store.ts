import type { Db } from './database.js';
import { sqliteDatabase, type SqlDatabase } from './sql/dialect.js';

/** Key/value facts the bot keeps about itself, such as the hash of the last command sync. */
export function createMetaStore(database: SqlDatabase) {
  const { valueQuery, upsert } = metaQueries(database);
  return {
    get: async (key: string): Promise<string | undefined> => (await valueQuery(key).executeTakeFirst())?.value,
    set: async (key: string, value: string): Promise<void> => {
      await upsert(key, value).execute();
    },
  };
}

export type MetaStore = ReturnType<typeof createMetaStore>;

/**
 * The same queries run synchronously on the SQLite connection: a transition bridge for the knowledge
 * indexer, which is still synchronous (docs/postgres.md). It goes when knowledge moves to Kysely.
 */
export function createMetaStoreNow(db: Db) {
  const database = sqliteDatabase(db);
  const { valueQuery, upsert } = metaQueries(database);
  const run = database.readNow;
  if (!run) throw new Error('Synchronous queries exist only on SQLite.');
  return {
    get: (key: string): string | undefined => run(valueQuery(key))[0]?.value,
    set: (key: string, value: string): void => {
      run(upsert(key, value));
    },
  };
}

export type MetaStoreNow = ReturnType<typeof createMetaStoreNow>;

function metaQueries({ kysely: db }: SqlDatabase) {
  return {
    valueQuery: (key: string) => db.selectFrom('meta').select('value').where('key', '=', key),
    upsert: (key: string, value: string) => db.insertInto('meta').values({ key, value }).onConflict((conflict) => conflict.column('key').doUpdateSet({ value })),
  };
}
