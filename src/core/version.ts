import { readFileSync } from 'node:fs';
import { projectPath } from './paths.js';

/** The bot's version from package.json, shown by /healthz and in logs. */
export const VERSION: string = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
