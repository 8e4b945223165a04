// One shard process, started by the ShardingManager in src/app/sharding.ts (never run by hand).
import { readEnvironment } from '../config/index.js';
import { createLogger } from '../core/logger.js';
import { loadConfigOrExit, logUnhandledRejections } from './process.js';
import { processRestBudget, shardAssignment } from './sharding.js';
import { announceStarted, answerManager } from './shard-ipc.js';
import { startBot } from './start-bot.js';

const config = loadConfigOrExit();
const shard = shardAssignment(readEnvironment());
const logger = createLogger(config.logLevel).child({ process: `shard-${shard.ids.join('-')}` });
logUnhandledRejections(logger);

try {
  const bot = await startBot({
    config: {
      ...config,
      // The manager owns HEALTH_PORT and asks this process for its health and metrics instead.
      healthPort: undefined,
      // Discord's global limit is per bot, not per process: each shard process takes its share, or, behind
      // the shared REST proxy, all of it.
      restGlobalRequestsPerSecond: processRestBudget(config, shard),
    },
    logger,
    shard,
  });
  answerManager({ health: bot.health, metrics: () => bot.metrics.registry.getMetricsAsJSON() });

  let stopping = false;
  const stopAndExit = (reason: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ reason }, 'shard stopping');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // The manager stops shards with SIGTERM. Ctrl-C in a terminal also reaches every shard (one process
  // group); shards leave it to the manager, or its SIGTERM would count as a second signal and cut the drain.
  process.on('SIGTERM', () => stopAndExit('SIGTERM'));
  process.on('SIGINT', () => {});
  // The manager died (even by SIGKILL): do not linger as an orphan holding a gateway session.
  process.on('disconnect', () => stopAndExit('manager gone'));
  if (!process.connected) stopAndExit('manager gone');
  announceStarted();
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
