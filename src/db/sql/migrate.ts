import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { BASELINE_VERSION, baselineStatements, type SchemaStatement } from './baseline.js';
import { compilerFor, type SqlDatabase, type SqlDialect } from './dialect.js';

/**
 * A schema change after the baseline, written once for both dialects. Statements only (schema
 * builders, or INSERT/UPDATE … SELECT for data), so SQLite can apply it synchronously at start-up.
 */
interface SchemaMigration {
  readonly version: number;
  readonly name: string;
  statements(db: Kysely<unknown>, dialect: SqlDialect): SchemaStatement[];
}

/** Versions BASELINE_VERSION + 1, + 2, … in order. New schema changes go here, not in .sql files. */
export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 18,
    name: 'kb_questions_entry',
    // The site's home page ranks a server's entries by their /ask hits: through (guild_id, created_at)
    // that read the server's whole /ask log once per entry (1,000 entries × 100,000 asks is seconds).
    statements: (db) => [db.schema.createIndex('kb_questions_entry').on('kb_questions').columns(['guild_id', 'entry_id']).where(sql<boolean>`entry_id IS NOT NULL`)],
  },
  {
    version: 19,
    name: 'gateway_identify_slots',
    // Hosts share the identify budget: a row per rate-limit bucket is the lock a host takes to identify
    // (so two never identify in one bucket within Discord's 5 s), and a row per identify is counted
    // once for the pace. The JSON ledger they replace was read and rewritten whole, losing concurrent
    // writes across hosts; its memory of the last day is dropped (only the pace forgets it).
    statements: (db) => [
      db.schema
        .createTable('gateway_identify_buckets')
        .addColumn('application_id', 'text', (col) => col.notNull())
        .addColumn('bucket', 'integer', (col) => col.notNull())
        .addColumn('shard_id', 'integer')
        .addColumn('identified_at', 'text')
        .addPrimaryKeyConstraint('gateway_identify_buckets_pk', ['application_id', 'bucket']),
      db.schema
        .createTable('gateway_identifies')
        .addColumn('application_id', 'text', (col) => col.notNull())
        .addColumn('shard_id', 'integer', (col) => col.notNull())
        .addColumn('identified_at', 'text', (col) => col.notNull()),
      db.schema.createIndex('gateway_identifies_recent').on('gateway_identifies').columns(['application_id', 'identified_at']),
      sql`DELETE FROM meta WHERE key LIKE 'gateway.identifies.%'`,
    ],
  },
  {
    version: 20,
    name: 'tip_claim_lease',
    // Which host holds an unfinished tip claim, and until when: only it resends, unless its lease ran out
    // (it died), so two hosts owning one server at once never both send. Claims made before have neither,
    // and may be taken over at once. One column per statement: SQLite adds one at a time.
    statements: (db) => [db.schema.alterTable('tip_posts').addColumn('owner', 'text'), db.schema.alterTable('tip_posts').addColumn('lease_until', 'text')],
  },
  {
    version: 21,
    name: 'announcement_claim_lease',
    // The same for announcements being posted: which host holds the `posting` claim, and until when.
    statements: (db) => [db.schema.alterTable('announcements').addColumn('claim_owner', 'text'), db.schema.alterTable('announcements').addColumn('lease_until', 'text')],
  },
];

export const LATEST_SCHEMA_VERSION = BASELINE_VERSION + SCHEMA_MIGRATIONS.length;

function compileStatements(dialect: SqlDialect, statements: (db: Kysely<unknown>) => SchemaStatement[]): CompiledQuery[] {
  const db = compilerFor(dialect);
  return statements(db).map((statement) => ('isRawBuilder' in statement ? statement.compile(db) : statement.compile()));
}

/** The statements that bring a database of `dialect` from `version` (0: empty) to the latest. */
export function pendingSchemaChanges(dialect: SqlDialect, version: number): { version: number; name: string; queries: CompiledQuery[] }[] {
  const steps = version === 0 ? [{ version: BASELINE_VERSION, name: 'baseline', queries: compileStatements(dialect, (db) => baselineStatements(db, dialect)) }] : [];
  for (const migration of SCHEMA_MIGRATIONS) {
    if (migration.version > Math.max(version, BASELINE_VERSION)) {
      steps.push({ version: migration.version, name: migration.name, queries: compileStatements(dialect, (db) => migration.statements(db, dialect)) });
    }
  }
  return steps;
}

// Any constant: two hosts starting together take turns to migrate.
const MIGRATION_LOCK = 7_174_361;

/** Brings a PostgreSQL database up to date, each step in its own transaction with its version row. */
export async function migratePostgres(database: SqlDatabase): Promise<{ from: number; to: number }> {
  const { kysely } = database;
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`.execute(kysely);
  return kysely.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    const row = await sql<{ version: number | null }>`SELECT max(version) AS version FROM schema_migrations`.execute(trx);
    const from = row.rows[0]?.version ?? 0;
    if (from > LATEST_SCHEMA_VERSION) {
      throw new Error(`The PostgreSQL database is at schema version ${from}, but this version of CTO Mentor only knows up to ${LATEST_SCHEMA_VERSION}. Run a newer release.`);
    }
    for (const step of pendingSchemaChanges('postgres', from)) {
      for (const query of step.queries) await trx.executeQuery(query);
      await sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${step.version}, ${step.name}, ${new Date().toISOString()})`.execute(trx);
    }
    return { from, to: Math.max(from, LATEST_SCHEMA_VERSION) };
  });
}
