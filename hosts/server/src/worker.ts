import { TOKENS, type Storage } from '@parley/core';
import { loadConfig } from './config.js';
import { createContainer } from './container.js';
import { createLogger } from './logger.js';
import type { DispatcherLoopFactory } from './modules/integrations.js';
import { HOST } from './tokens.js';

/**
 * `parley worker`: only the outbox dispatcher, no HTTP server. Run as many as you like next to servers
 * started with `PARLEY_DISPATCHER=off` (or not): claims are atomic, so no delivery is sent twice by
 * two dispatchers. SIGTERM/SIGINT abort the tries in flight, release their rows and exit 0.
 */
export const runWorker = async (): Promise<void> => {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const container = await createContainer(config, log);
  const storage = await container.getAsync<Storage>(TOKENS.Storage);
  await (await container.getAsync<() => Promise<void>>(HOST.Migrate))();
  const loop = (await container.getAsync<DispatcherLoopFactory>(HOST.DispatcherLoop))();
  loop.start();
  // The loop's timers do not hold the process open (they must not keep a server from exiting); here nothing else would.
  const keepAlive = setInterval(() => {}, 1 << 30);
  log.info('parley worker running', { intervalMs: config.integrations.intervalMs, concurrency: config.integrations.concurrency });
  const shutdown = (signal: string) => {
    log.info('worker shutting down', { signal });
    clearInterval(keepAlive);
    loop
      .stop()
      .then(() => storage.close())
      .then(
        () => process.exit(0),
        (err) => {
          log.error('worker shutdown failed', { err });
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};
