import { ContainerModule } from 'inversify';
import { TOKENS, type Parley, type Storage } from '@parley/core';
import { createHttpApp, StreamHub } from '@parley/http-hono';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { StorageOutageLog } from '../storage-outage.js';
import { HOST } from '../tokens.js';
import type { EventsProbe } from './events.js';
import { repoWidgetDir } from '../widget-dir.js';

/**
 * The Hono app serving the HTTP API, and the visitor widget when the repository's widget is built.
 * `GET /ready` checks storage and, with Redis, the event bus; a database outage is logged once as it
 * starts and once as it ends by the storage outage log.
 */
export const httpModule = (config: HostConfig, version: string) =>
  new ContainerModule(({ bind }) => {
    const widget = repoWidgetDir();
    bind<StreamHub>(HOST.StreamHub).toConstantValue(new StreamHub({ heartbeatMs: config.sseHeartbeatSeconds * 1000 }));
    bind(HOST.HttpApp)
      .toResolvedValue(
        (parley: Parley, storage: Storage, log: Logger, streamHub: StreamHub, outage: StorageOutageLog, eventsProbe: EventsProbe) =>
          createHttpApp({
            parley,
            ready: () => storage.ping(),
            ...(eventsProbe ? { dependencies: { events: eventsProbe } } : {}),
            trustProxy: config.trustProxy,
            bodyLimitBytes: config.bodyLimitBytes,
            version,
            streamHub,
            ...(widget ? { ui: { widget } } : {}),
            onError: (err, c) => log.error('request failed', { method: c.req.method, path: new URL(c.req.url).pathname, err }),
            // One line when an outage starts and one when it ends, not a stack per refused request.
            onStorageUnavailable: (err) => outage.refused(err),
          }),
        [TOKENS.Parley, TOKENS.Storage, HOST.Logger, HOST.StreamHub, HOST.StorageOutage, HOST.EventsProbe],
      )
      .inSingletonScope();
  });
