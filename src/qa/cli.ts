import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase, schemaVersion, type Db } from '../db/index.js';
import { sqliteDatabase } from '../db/sql/dialect.js';
import { EXPORT_FORMATS, exportFile } from './export-format.js';
import { createReportStore } from './report-store.js';
import { buildExport } from './reporting.js';
import { statementRunner } from './transaction.js';
import { plural } from '../core/plural.js';

interface CliStreams {
  readonly out: Pick<NodeJS.WritableStream, 'write'>;
  readonly err: Pick<NodeJS.WritableStream, 'write'>;
}

/** The schema version that created the Q&A tables (migration 005). */
const QA_SCHEMA = 5;

const USAGE = `Usage: npm run export -- --guild <server id> --format csv|json [--out FILE] [--db PATH]
  Exports a server's community Q&A (questions and answers; anonymous askers left out) from the
  database (DATABASE_PATH, or --db). Without --out it prints to standard output.
`;

const argsSchema = z.object({
  guild: z.string({ error: '--guild is required' }).regex(/^\d{17,20}$/, '--guild must be a Discord server id (17–20 digits)'),
  format: z.enum(EXPORT_FORMATS, { error: '--format must be csv or json' }),
  out: z.string().min(1).optional(),
  db: z.string().min(1).optional(),
});

/** `npm run export`: the same file /qa export attaches, straight from the database. */
export async function runExportCli(argv: string[], databasePath: string, { out, err }: CliStreams = { out: process.stdout, err: process.stderr }): Promise<number> {
  let raw: Record<string, unknown>;
  try {
    raw = parseArgs({ args: argv, options: { guild: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } } }).values;
  } catch (error) {
    err.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (raw.help) {
    out.write(USAGE);
    return 0;
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    err.write(`${parsed.error.issues.map((issue) => issue.message).join('\n')}\n${USAGE}`);
    return 2;
  }
  const { guild, format, db: path = databasePath } = parsed.data;
  if (!existsSync(path)) {
    err.write(`There is no database at ${path}. Set DATABASE_PATH (or --db) to the bot's database.\n`);
    return 1;
  }
  const db: Db = openDatabase(path);
  try {
    if (schemaVersion(db) < QA_SCHEMA) {
      err.write(`The database at ${path} has no Q&A tables yet (schema version ${schemaVersion(db)}): start the bot once to migrate it.\n`);
      return 1;
    }
    const database = sqliteDatabase(db);
    const data = await statementRunner(database)(() => buildExport(createReportStore(database), guild, new Date().toISOString()));
    const file = exportFile(data, format);
    if (parsed.data.out) {
      writeFileSync(parsed.data.out, file.content, 'utf8');
      err.write(`Wrote ${plural(data.questions.length, 'question')} of server ${guild} to ${parsed.data.out} (${format}).\n`);
    } else {
      out.write(file.content);
    }
    return 0;
  } finally {
    db.close();
  }
}
