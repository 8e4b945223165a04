export { ConfigError, parseConfig, parseProxyConfig, type Config, type ProxyConfig } from './config.js';
export { loadDotEnv, readEnvironment } from './load-env.js';
