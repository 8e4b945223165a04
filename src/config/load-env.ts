import { existsSync } from 'node:fs';

/** Reads `.env` into process.env when present; real environment variables win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) {
    process.loadEnvFile(path);
  }
}

export function readEnvironment(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
