import { loadConfigOrExit } from './app/process.js';
import { runDeployCli } from './discord/deploy-cli.js';
import { runKnowledgeCli } from './knowledge/cli.js';
import { runBackupCli, runRestoreCli } from './ops/cli.js';
import { runExportCli } from './qa/cli.js';
import { runTipsCli } from './tips/cli.js';

type SubCommand = (argv: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, { summary: string; run: SubCommand }> = {
  deploy: { summary: 'register the slash commands (--dry-run prints the JSON, --global ignores DISCORD_GUILD_ID)', run: (argv) => runDeployCli(argv, loadConfigOrExit()) },
  kb: {
    summary: 'check the knowledge base (check), search it (search [--json] [--limit N] [question]), measure it (eval FILE.jsonl) or write promoted answers as drafts (export-drafts [--guild ID] [--out DIR])',
    run: (argv) => runKnowledgeCli(argv, process.stdout, process.stdin, () => loadConfigOrExit().databasePath),
  },
  tips: { summary: 'check the tip files (check) or print them (list [--json])', run: (argv) => runTipsCli(argv) },
  export: { summary: "a server's community Q&A as CSV or JSON (--guild ID --format csv|json [--out FILE])", run: (argv) => runExportCli(argv, loadConfigOrExit().databasePath) },
  backup: { summary: 'copy the database to FILE while the bot runs (backup FILE)', run: (argv) => runBackupCli(argv, loadConfigOrExit().databasePath) },
  restore: { summary: 'replace the database with a backup; refuses while the bot runs (restore FILE)', run: (argv) => runRestoreCli(argv, loadConfigOrExit().databasePath) },
  // Loaded only when asked for: the benchmark pulls in the emulator and its own tooling.
  bench: { summary: 'measure interactions, tip fan-out, search and memory against the local Discord ([--quick] [--json] [--only …]; --help)', run: async (argv) => (await import('../bench/cli.js')).runBenchCli(argv) },
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return `Usage: tsx src/cli.ts <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

const [name, ...argv] = process.argv.slice(2);
const subcommand = name ? SUBCOMMANDS[name] : undefined;
if (!subcommand) {
  process.stderr.write(usage());
  process.exit(name ? 2 : 0);
}
try {
  process.exitCode = await subcommand.run(argv);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
