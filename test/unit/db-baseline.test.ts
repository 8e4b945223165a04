import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, schemaVersion, type Db } from '../../src/db/index.js';
import { BASELINE_VERSION } from '../../src/db/sql/baseline.js';

/**
 * Fresh databases (SQLite and PostgreSQL) start from the Kysely baseline; existing SQLite files were
 * built by the .sql chain. These tests keep the two the same schema.
 */
describe('the schema baseline', () => {
  it('GIVEN the .sql chain THEN the baseline stands for all of it (a new schema change is a Kysely migration, not a .sql file)', () => {
    expect(BASELINE_VERSION, 'a .sql migration was added: write it in src/db/sql/migrate.ts SCHEMA_MIGRATIONS instead (or also in the baseline, raising BASELINE_VERSION)').toBe(loadMigrations().length);
  });

  it('GIVEN a fresh SQLite database from the baseline and one from the .sql chain THEN tables, columns, types, constraints and indexes are the same', () => {
    // An existing file: the chain, then the schema changes after the baseline, as a start would.
    const fromChain = openDatabase(':memory:');
    migrate(fromChain, loadMigrations());
    migrate(fromChain);
    const fromBaseline = openDatabase(':memory:');
    migrate(fromBaseline);
    expect(schemaVersion(fromBaseline)).toBe(schemaVersion(fromChain));
    const chain = describeSchema(fromChain);
    expect(chain.length).toBeGreaterThan(30);
    expect(describeSchema(fromBaseline)).toEqual(chain);
  });

  it('GIVEN a change the baseline lacks THEN the comparison sees it', () => {
    const fromChain = openDatabase(':memory:');
    migrate(fromChain, loadMigrations());
    migrate(fromChain);
    const changed = openDatabase(':memory:');
    migrate(changed);
    changed.exec("DROP INDEX tip_schedules_due; CREATE INDEX tip_schedules_due ON tip_schedules (next_post_at) WHERE status = 'paused'");
    expect(describeSchema(changed)).not.toEqual(describeSchema(fromChain));
  });
});

/** Everything SQLite knows about each table, in a form that does not depend on how the SQL was written. */
function describeSchema(db: Db) {
  const objects = db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  return objects
    .filter((object) => object.type === 'table')
    .map((table) => {
      const info = db.prepare<[string], { type: string; ncol: number; wr: number; strict: number }>('SELECT type, ncol, wr, strict FROM pragma_table_list WHERE name = ?').get(table.name);
      const virtual = /^create virtual/i.test(table.sql ?? '');
      return {
        table: table.name,
        ...info,
        ...(virtual ? { virtual: normalised(table.sql ?? '') } : {}),
        columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY name`).all(table.name),
        foreignKeys: db.prepare('SELECT "from", "table", "to", on_update, on_delete, "match" FROM pragma_foreign_key_list(?) ORDER BY "from"').all(table.name),
        checks: virtual ? [] : checksOf(table.sql ?? '').sort(),
        indexes: db
          .prepare<[string], { name: string; unique: number; origin: string; partial: number }>('SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name')
          .all(table.name)
          .map((index) => ({
            // SQLite names the indexes of UNIQUE and PRIMARY KEY constraints itself.
            name: index.name.startsWith('sqlite_autoindex_') ? index.origin : index.name,
            unique: index.unique,
            origin: index.origin,
            partial: index.partial,
            keys: db.prepare('SELECT seqno, cid, name, "desc", coll, "key" FROM pragma_index_xinfo(?) ORDER BY seqno').all(index.name),
            definition: normalised(objects.find((object) => object.type === 'index' && object.name === index.name)?.sql?.replace(/^.*? on /i, '') ?? ''),
          })),
      };
    });
}

/** The CHECK expressions of a CREATE TABLE, column and table ones alike. */
function checksOf(createTable: string): string[] {
  const text = createTable.replace(/--[^\n]*/g, '');
  const checks: string[] = [];
  for (const match of text.matchAll(/\bcheck\s*\(/gi)) {
    let depth = 0;
    const start = (match.index ?? 0) + match[0].length - 1;
    for (let at = start; at < text.length; at += 1) {
      if (text[at] === "'") at = text.indexOf("'", at + 1);
      else if (text[at] === '(') depth += 1;
      else if (text[at] === ')' && --depth === 0) {
        checks.push(normalised(text.slice(start + 1, at)));
        break;
      }
    }
  }
  return checks;
}

/** Case, quoting of names and spacing do not change what SQL means here. */
function normalised(text: string): string {
  return text.toLowerCase().replace(/"/g, '').replace(/\s+/g, '');
}
