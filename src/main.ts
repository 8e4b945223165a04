import { exitOnSignals, loadConfigOrExit, logUnhandledRejections } from './app/process.js';
import { runtimeProblem } from './app/runtime-check.js';
import { startBotOrShards } from './app/sharding.js';
import { readEnvironment } from './config/index.js';
import { createLogger } from './core/logger.js';
import { runSandbox } from './sandbox/run-sandbox.js';

const runtime = runtimeProblem(process.version, process.env.npm_config_user_agent);
if (runtime) {
  console.error(runtime);
  process.exit(1);
}

const config = loadConfigOrExit();

if (!config.token) {
  // No token: the offline sandbox. It uses a throw-away database unless DATABASE_PATH names one.
  process.exitCode = await runSandbox({ config, databasePath: readEnvironment().DATABASE_PATH || undefined });
} else {
  const logger = createLogger(config.logLevel);
  logUnhandledRejections(logger);
  try {
    // One shard: the bot runs in this process. More (SHARD_COUNT=N or auto): this process becomes the
    // sharding manager and runs one process per shard.
    const bot = await startBotOrShards({ config, logger });
    exitOnSignals(bot.stop, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
}
