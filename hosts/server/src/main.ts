import { ConfigError, loadConfig, publicUrlNotice } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

/** `node dist/main.js`: start the reference host from environment variables. */
const main = async (): Promise<void> => {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`parley: invalid configuration: ${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const server = await startServer(config, log);
  const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
  const events = config.events.kind === 'memory' ? 'memory' : `${redact(config.events.url)} (prefix ${config.events.prefix})`;
  log.info(`parley listening on ${server.listening}`, { url: server.url, database: redact(config.databaseUrl), events });
  const notice = publicUrlNotice(config);
  log[notice.level](notice.message);
  const shutdown = (signal: string) => {
    log.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

main().catch((err) => {
  process.stderr.write(`parley: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
