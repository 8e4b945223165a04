import { parseArgs } from 'node:util';
import { backupDatabase, BackupError, restoreDatabase } from './backup.js';
import { DatabaseInUseError } from './database-lock.js';

interface CliStreams {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

const STD: CliStreams = { out: process.stdout, err: process.stderr };

/** `npm run backup -- FILE`: an online copy of DATABASE_PATH, safe while the bot runs. */
export async function runBackupCli(argv: string[], databasePath: string, { out, err }: CliStreams = STD): Promise<number> {
  const file = singleFile(argv);
  if (!file) {
    err.write('Usage: npm run backup -- FILE\n  Copies the database (DATABASE_PATH) to FILE while the bot keeps running.\n');
    return 2;
  }
  return reportFailures(err, async () => {
    const report = await backupDatabase(databasePath, file);
    out.write(`Backed up ${report.source} to ${report.target}: ${formatBytes(report.bytes)}, schema version ${report.schemaVersion}, integrity ok, ${report.durationMs} ms.\n`);
  });
}

/** `npm run restore -- FILE`: replaces DATABASE_PATH with a backup; refuses while the bot runs. */
export async function runRestoreCli(argv: string[], databasePath: string, { out, err }: CliStreams = STD): Promise<number> {
  const file = singleFile(argv);
  if (!file) {
    err.write('Usage: npm run restore -- FILE\n  Replaces the database (DATABASE_PATH) with the backup FILE. Stop the bot first.\n');
    return 2;
  }
  return reportFailures(err, async () => {
    const report = await restoreDatabase(file, databasePath);
    out.write(`Restored ${report.backup} into ${report.database} (schema version ${report.schemaVersion}).\n`);
    if (report.previous) out.write(`The database it replaced was kept as ${report.previous}.\n`);
    out.write('Start the bot again; it applies any newer migrations at start-up.\n');
  });
}

function singleFile(argv: string[]): string | undefined {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  return positionals.length === 1 ? positionals[0] : undefined;
}

/** Expected failures (no file, a running bot, a damaged backup) are one line and exit 1; anything else propagates. */
async function reportFailures(err: NodeJS.WritableStream, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError || error instanceof DatabaseInUseError)) throw error;
    err.write(`${error.message}\n`);
    return 1;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
