import { describe, expect, it } from 'vitest';
import { createMetaStore, createMetaStoreNow } from '../../src/db/index.js';
import { sqliteDatabase } from '../../src/db/sql/dialect.js';
import { createTestDatabase } from '../support/database.js';
import { sqlDialects } from '../support/dialects.js';
import { usePostgres } from '../support/postgres.js';

const postgres = usePostgres();
describe.each(sqlDialects(postgres))('the meta store on %s', (_dialect, open) => {
  it('GIVEN a key set twice THEN reads the latest value; an unknown key reads undefined', async () => {
    const meta = createMetaStore(await open());
    expect(await meta.get('commands.hash:1:global')).toBeUndefined();
    await meta.set('commands.hash:1:global', 'one');
    await meta.set('commands.hash:1:global', 'two');
    expect(await meta.get('commands.hash:1:global')).toBe('two');
  });
});

describe('the synchronous meta store (knowledge, until it moves)', () => {
  it('GIVEN a value written synchronously THEN the async store reads it on the same connection, and back', async () => {
    const db = createTestDatabase();
    const now = createMetaStoreNow(db);
    const meta = createMetaStore(sqliteDatabase(db));
    now.set('knowledge.content-hash', 'a');
    expect(await meta.get('knowledge.content-hash')).toBe('a');
    await meta.set('knowledge.content-hash', 'b');
    expect(now.get('knowledge.content-hash')).toBe('b');
  });
});
