import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.js';
import { projectPath } from '../core/paths.js';
import { LATEST_SCHEMA_VERSION, pendingSchemaChanges } from './sql/migrate.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';

  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `The database is at schema version ${databaseVersion}, but this version of CTO Mentor only knows up to ${codeVersion}. ` +
        'Run a newer release of the bot, or restore a backup taken before the upgrade.',
    );
  }
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';

  constructor(migration: Migration, cause: unknown) {
    super(`Migration ${migration.version} (${migration.name}) failed and was rolled back: ${String(cause)}`, { cause });
  }
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

const MIGRATIONS_DIR = projectPath('src', 'db', 'migrations');

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${migration.version} at position ${index + 1}.`);
    }
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date. Each migration runs in its own transaction together with the
 * `user_version` bump, so a failing one leaves the database exactly as it was before it.
 *
 * A new database gets the Kysely baseline (src/db/sql/baseline.ts, the same one PostgreSQL gets); an
 * existing file is upgraded by the frozen .sql chain up to the baseline, then by the Kysely
 * migrations after it. Passing `legacy` runs only that chain (tests of the chain itself).
 */
export function migrate(db: Db, legacy?: readonly Migration[]): { from: number; to: number } {
  const chain = legacy ?? loadMigrations();
  const from = schemaVersion(db);
  const latest = legacy ? (chain.at(-1)?.version ?? 0) : LATEST_SCHEMA_VERSION;
  if (from > latest) {
    throw new DatabaseTooNewError(from, latest);
  }
  const steps: Migration[] = [];
  if (legacy || from > 0) steps.push(...chain.filter((candidate) => candidate.version > from));
  if (!legacy) {
    const after = Math.max(from, chain.at(-1)?.version ?? 0);
    for (const step of pendingSchemaChanges('sqlite', from === 0 ? 0 : after)) {
      steps.push({ version: step.version, name: step.name, sql: step.queries.map((query) => `${query.sql};`).join('\n') });
    }
  }
  for (const migration of steps) {
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (error) {
      throw new MigrationFailedError(migration, error);
    }
  }
  return { from, to: Math.max(from, latest) };
}
