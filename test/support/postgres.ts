import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll } from 'vitest';
import { postgresDatabase, type SqlDatabase } from '../../src/db/sql/dialect.js';
import { migratePostgres } from '../../src/db/sql/migrate.js';

const run = promisify(execFile);

/** A PostgreSQL server for tests: one this process started, or the one `TEST_DATABASE_URL` points at. */
export interface PostgresServer {
  /** A new, empty-but-migrated database on the server, dropped when the server is stopped. */
  freshDatabase(): Promise<{ url: string; database: SqlDatabase }>;
  stop(): Promise<void>;
}

const MISSING = [
  'PostgreSQL is not installed: the tests that run on PostgreSQL need its server binaries (initdb, pg_ctl).',
  'Install Debian\'s package (`apt-get install postgresql`, as .ci/run does), or set TEST_DATABASE_URL to a server',
  'where the tests may create and drop databases.',
].join(' ');

/**
 * A throwaway PostgreSQL for one test file: `initdb` in a temp dir, a random port on 127.0.0.1, its
 * socket in the same dir, stopped (and deleted) after the file. Each test asks for a fresh database,
 * copied from a migrated template, so no test sees another's rows.
 */
export function usePostgres(): { freshDatabase(): Promise<SqlDatabase> } {
  let server: Promise<PostgresServer> | undefined;
  const opened: SqlDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close()));
    if (server) await (await server).stop();
  });
  return {
    async freshDatabase() {
      server ??= startPostgres();
      const { database } = await (await server).freshDatabase();
      opened.push(database);
      return database;
    },
  };
}

export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  return given ? databasesOn(given, async () => {}) : startCluster();
}

async function startCluster(): Promise<PostgresServer> {
  const bin = postgresBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'cto-mentor-pg-'));
  // The server refuses to run as root: then the cluster belongs to the `postgres` user the package creates.
  const asUser = userInfo().uid === 0 ? 'postgres' : null;
  if (asUser) {
    const { stdout } = await run('id', ['-u', asUser]);
    const { stdout: group } = await run('id', ['-g', asUser]);
    chownSync(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const command = (tool: string, args: string[]) => (asUser ? run('runuser', ['-u', asUser, '--', join(bin, tool), ...args]) : run(join(bin, tool), args));
  const data = join(dir, 'data');
  await command('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  let port: number;
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    // Durability is not what these tests check: no fsync makes each test database cheap.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
    try {
      await command('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      // Another process took the port between the check and the start: try another one.
      if (attempt === 3) throw new Error(`PostgreSQL did not start: ${String(error)}\n${readLog(dir)}`, { cause: error });
    }
  }
  return databasesOn(`postgresql://postgres@127.0.0.1:${port}/postgres`, async () => {
    await command('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Databases made on a server from `adminUrl`, each copied from one migrated template. */
function databasesOn(adminUrl: string, shutDown: () => Promise<void>): PostgresServer {
  const admin = new pg.Client({ connectionString: adminUrl });
  // Stopping the server ends this connection too: expected, not a failure.
  admin.on('error', () => {});
  const prefix = `cto_test_${randomBytes(4).toString('hex')}`;
  const made: string[] = [];
  let template: Promise<string> | undefined;
  let connected: Promise<void> | undefined;
  const urlOf = (name: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const create = async (name: string, from?: string) => {
    connected ??= admin.connect().then(() => {});
    await connected;
    await admin.query(`CREATE DATABASE ${name}${from ? ` TEMPLATE ${from}` : ''}`);
    made.push(name);
  };
  const migratedTemplate = async () => {
    const name = `${prefix}_template`;
    await create(name);
    const database = postgresDatabase(urlOf(name), { maxConnections: 1 });
    try {
      await migratePostgres(database);
    } finally {
      // A template cannot be copied while anyone is connected to it.
      await database.close();
    }
    return name;
  };
  let count = 0;
  return {
    async freshDatabase() {
      template ??= migratedTemplate();
      const name = `${prefix}_${(count += 1)}`;
      await create(name, await template);
      const url = urlOf(name);
      return { url, database: postgresDatabase(url, { maxConnections: 4 }) };
    },
    async stop() {
      if (connected) {
        for (const name of made.reverse()) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
        await admin.end();
      }
      await shutDown();
    },
  };
}

/** The directory with initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin (newest). */
function postgresBinaries(): string {
  const onPath = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (onPath) return onPath;
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).filter((version) => existsSync(join(debian, version, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(MISSING);
  return join(debian, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8');
  } catch {
    return '';
  }
}
