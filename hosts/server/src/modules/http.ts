import { ContainerModule } from 'inversify';
import { TOKENS, type Parley, type Storage } from '@parley/core';
import { createHttpApp } from '@parley/http-hono';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { HOST } from '../tokens.js';

/** The Hono app serving the HTTP API. */
export const httpModule = (config: HostConfig, version: string) =>
  new ContainerModule(({ bind }) => {
    bind(HOST.HttpApp)
      .toResolvedValue(
        (parley: Parley, storage: Storage, log: Logger) =>
          createHttpApp({
            parley,
            ready: () => storage.ping(),
            trustProxy: config.trustProxy,
            bodyLimitBytes: config.bodyLimitBytes,
            version,
            onError: (err, c) => log.error('request failed', { method: c.req.method, path: new URL(c.req.url).pathname, err }),
          }),
        [TOKENS.Parley, TOKENS.Storage, HOST.Logger],
      )
      .inSingletonScope();
  });
