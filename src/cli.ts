import { loadConfigOrExit } from './app/process.js';
import { parseProxyConfig } from './config/index.js';

type SubCommand = (argv: string[]) => Promise<number>;

// Each sub-command's module is loaded only when asked for, so a quick command starts quickly.
const SUBCOMMANDS: Record<string, { summary: string; run: SubCommand }> = {
  build: {
    summary: 'transpile the TypeScript to dist/ for npm start (type checking is npm run typecheck)',
    run: async () => {
      await (await import('./ops/build.js')).buildForProduction();
      return 0;
    },
  },
  deploy: {
    summary: 'register the slash commands (--dry-run prints the JSON, --global ignores DISCORD_GUILD_ID)',
    run: async (argv) => (await import('./discord/deploy-cli.js')).runDeployCli(argv, loadConfigOrExit()),
  },
  kb: {
    summary: 'check the knowledge base (check), search it (search [--json] [--limit N] [question]), measure it (eval FILE.jsonl), write promoted answers as drafts (export-drafts [--guild ID] [--out DIR]) or export what members asked that it missed (suggestions [--json])',
    run: async (argv) => (await import('./knowledge/cli.js')).runKnowledgeCli(argv, process.stdout, process.stdin, () => loadConfigOrExit().databasePath),
  },
  proxy: {
    summary: 'run the REST rate-limit proxy every bot host shares (PROXY_PORT, PROXY_HOST, PROXY_UPSTREAM_API_URL; docs/operations.md)',
    run: async () => (await import('./discord/rest-proxy.js')).runRestProxyCli(loadConfigOrExit(parseProxyConfig)),
  },
  tips: { summary: 'check the tip files (check) or print them (list [--json])', run: async (argv) => (await import('./tips/cli.js')).runTipsCli(argv) },
  export: {
    summary: "a server's community Q&A as CSV or JSON (--guild ID --format csv|json [--out FILE])",
    run: async (argv) => (await import('./qa/cli.js')).runExportCli(argv, loadConfigOrExit().databasePath),
  },
  backup: {
    summary: 'copy the database to FILE while the bot runs (backup FILE)',
    run: async (argv) => (await import('./ops/cli.js')).runBackupCli(argv, loadConfigOrExit().databasePath),
  },
  restore: {
    summary: 'replace the database with a backup; refuses while the bot runs (restore FILE)',
    run: async (argv) => (await import('./ops/cli.js')).runRestoreCli(argv, loadConfigOrExit().databasePath),
  },
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
