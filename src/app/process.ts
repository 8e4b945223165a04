import { ConfigError, loadDotEnv, parseConfig, readEnvironment, type Config } from '../config/index.js';
import type { Logger } from '../core/logger.js';

/** Exit code for a configuration the user must fix (like a usage error). */
const EXIT_CONFIG = 2;

/** Reads .env and the environment; on a bad value prints every problem and exits 2, no stack trace. */
export function loadConfigOrExit(): Config;
export function loadConfigOrExit<T>(parse: (env: Readonly<Record<string, string | undefined>>) => T): T;
export function loadConfigOrExit(parse: (env: Readonly<Record<string, string | undefined>>) => unknown = parseConfig): unknown {
  loadDotEnv();
  try {
    return parse(readEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example and the README's "Configuration" section.\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

/** SIGINT/SIGTERM run `stop` once, then exit 0; a second signal exits at once. */
export function exitOnSignals(stop: () => Promise<void>, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'signal received');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** A stray promise rejection is logged, never allowed to take the bot down. */
export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
}
