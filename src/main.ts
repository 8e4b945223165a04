import { exitOnSignals, loadConfigOrExit, logUnhandledRejections } from './app/process.js';
import { startBot } from './app/start-bot.js';
import { readEnvironment } from './config/index.js';
import { createLogger } from './core/logger.js';
import { runSandbox } from './sandbox/run-sandbox.js';

const config = loadConfigOrExit();

if (!config.token) {
  // No token: the offline sandbox. It uses a throw-away database unless DATABASE_PATH names one.
  process.exitCode = await runSandbox({ config, databasePath: readEnvironment().DATABASE_PATH || undefined });
} else {
  const logger = createLogger(config.logLevel);
  logUnhandledRejections(logger);
  try {
    const bot = await startBot({ config, logger });
    exitOnSignals(bot.stop, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    process.exit(1);
  }
}
