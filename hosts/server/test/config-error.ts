import { ConfigError, loadConfig } from '../src/config.js';

/** The {@link ConfigError} `loadConfig` throws for `env` (a test fails when it throws none or another). */
export const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};
