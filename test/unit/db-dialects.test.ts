import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { all, changed, first, postgresDatabase, sqliteDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { LATEST_SCHEMA_VERSION, migratePostgres } from '../../src/db/sql/migrate.js';
import { BASELINE_VERSION } from '../../src/db/sql/baseline.js';
import { createTestDatabase } from '../support/database.js';
import { startPostgres, usePostgres } from '../support/postgres.js';

const postgres = usePostgres();
const dialects: [string, () => Promise<SqlDatabase>][] = [
  ['SQLite', () => Promise.resolve(sqliteDatabase(createTestDatabase()))],
  ['PostgreSQL', () => postgres.freshDatabase()],
];

describe.each(dialects)('the Kysely database on %s', (_name, open) => {
  it('GIVEN a unit of work that throws THEN none of it is kept', async () => {
    const { kysely, transaction } = await open();
    const setMeta = (key: string) => kysely.insertInto('meta').values({ key, value: 'v' });
    await expect(
      transaction(function* () {
        yield* changed(setMeta('kept-if-committed'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await kysely.selectFrom('meta').selectAll().execute()).toEqual([]);
  });

  it('GIVEN a unit of work THEN it sees its own writes and reports changed rows, 0 for ON CONFLICT DO NOTHING', async () => {
    const { kysely, transaction } = await open();
    const insert = () => kysely.insertInto('meta').values({ key: 'k', value: 'first' }).onConflict((conflict) => conflict.column('key').doNothing());
    const result = await transaction(function* () {
      const firstTime = yield* changed(insert());
      const secondTime = yield* changed(insert());
      const row = yield* first(kysely.selectFrom('meta').select('value').where('key', '=', 'k'));
      const rows = yield* all(kysely.selectFrom('meta').select('key'));
      return { firstTime, secondTime, value: row?.value, count: rows.length };
    });
    expect(result).toEqual({ firstTime: 1, secondTime: 0, value: 'first', count: 1 });
  });

  it('GIVEN the baseline THEN a generated key counts up from 1', async () => {
    const { kysely } = await open();
    const add = () => kysely.insertInto('tip_settings_audit').values({ guild_id: 'g', actor_id: 'a', action: 'setup', created_at: '2026-01-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow();
    expect([(await add()).id, (await add()).id]).toEqual([1, 2]);
  });
});

describe('the SQLite transition rule', () => {
  it('GIVEN Kysely over the shared connection THEN its async transactions are refused', async () => {
    const { kysely } = sqliteDatabase(createTestDatabase());
    await expect(kysely.transaction().execute(async () => {})).rejects.toThrow(/SqlDatabase.transaction/);
  });
});

describe('PostgreSQL migrations', () => {
  it('GIVEN two hosts migrating an empty database at once THEN the baseline is applied once and both see the latest version', async () => {
    const server = await startPostgres();
    try {
      const { url, database: one } = await server.freshDatabase();
      // freshDatabase copies a migrated template: empty it to see a first start.
      await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(one.kysely);
      const other = postgresDatabase(url);
      const results = await Promise.all([migratePostgres(one), migratePostgres(other)]);
      expect(results.map((result) => result.to)).toEqual([LATEST_SCHEMA_VERSION, LATEST_SCHEMA_VERSION]);
      expect(results.map((result) => result.from).sort()).toEqual([0, LATEST_SCHEMA_VERSION]);
      const versions = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(one.kysely);
      // The baseline once, then each schema change after it once.
      expect(versions.rows.map((row) => row.version).sort((a, b) => a - b)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION - BASELINE_VERSION + 1 }, (_, index) => BASELINE_VERSION + index));
      expect(await migratePostgres(one)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
      await Promise.all([one.close(), other.close()]);
    } finally {
      await server.stop();
    }
  });
});
