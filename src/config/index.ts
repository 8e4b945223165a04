export { ConfigError, parseConfig, type Config } from './config.js';
export { loadDotEnv, readEnvironment } from './load-env.js';
