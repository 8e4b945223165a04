import { runBenchCli } from './cli.js';

// `npm run bench`: its own entry point, because src/ never imports bench/ (eslint/boundaries.js).
process.exitCode = await runBenchCli(process.argv.slice(2));
