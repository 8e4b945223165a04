import { exitOnSignals, loadConfigOrExit, logUnhandledRejections } from './app/process.js';
import { startBot } from './app/start-bot.js';
import { createLogger } from './core/logger.js';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
logUnhandledRejections(logger);

if (!config.token) {
  process.stderr.write(
    [
      'DISCORD_TOKEN is not set, so CTO Mentor cannot connect to Discord.',
      'To run it on your server: create an application at https://discord.com/developers/applications,',
      'copy its bot token and application id into .env (see .env.example), then run `npm run deploy` and `npm start`.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

try {
  const bot = await startBot({ config, logger });
  exitOnSignals(bot.stop, logger);
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
