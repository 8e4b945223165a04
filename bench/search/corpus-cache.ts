import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../../src/db/index.js';
import { migrate } from '../../src/db/index.js';
import { projectPath } from '../../src/core/paths.js';

const CACHE_DIR = projectPath('bench/results/cache');

/** Every file whose change alters what a seeded corpus holds (schema, indexing, text rules, data). */
function sourcesHash(sources: readonly string[], extra: string): string {
  const hash = createHash('sha256').update(extra).update('\0');
  const migrations = projectPath('src/db/migrations/');
  const files = [...readdirSync(migrations).sort().map((file) => `${migrations}${file}`), ...sources.map((source) => projectPath(source))];
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * An in-memory database migrated and seeded by `seed` — built once, then reused from a serialized
 * copy under bench/results/cache/ for as long as none of `sources` (nor the migrations, nor
 * `extraKey`) change: seeding 100,000 questions takes longer than the whole quick run may.
 */
export function cachedCorpus(name: string, sources: readonly string[], seed: (db: Db) => void, extraKey = ''): Db {
  const fileName = `${name}-${sourcesHash(sources, extraKey)}.sqlite`;
  const file = `${CACHE_DIR}/${fileName}`;
  if (existsSync(file)) {
    const db = new Database(readFileSync(file));
    db.pragma('foreign_keys = ON');
    return db;
  }
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  seed(db);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Copies built from older sources are of no further use.
  for (const old of readdirSync(CACHE_DIR)) if (old.startsWith(`${name}-`) && old !== fileName) rmSync(`${CACHE_DIR}/${old}`);
  writeFileSync(file, db.serialize());
  return db;
}
