import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;
type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Paths that may hold secrets or member-written text; never printed. discord.js REST errors carry the
 * request body (a message the bot sent, often quoting a member) and the URL, which holds the
 * interaction token for replies; the URL stays, with the token masked.
 */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.token',
  'headers.authorization',
  '*.headers.authorization',
  'err.requestBody',
  'err.url',
  'err.cause.requestBody',
  'err.cause.url',
];

const TOKEN_IN_URL = /(\/(?:interactions|webhooks)\/\d+\/)[^/?]+/g;

function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === 'url' && typeof value === 'string') return value.replace(TOKEN_IN_URL, '$1:token');
  return '[redacted]';
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'cto-mentor' },
      redact: { paths: REDACTED_PATHS, censor },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
