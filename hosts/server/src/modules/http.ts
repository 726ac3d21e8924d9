import { ContainerModule } from 'inversify';
import { TOKENS, type Parley, type Storage } from '@parley/core';
import { createHttpApp, StreamHub, type LimiterStore } from '@parley/http-hono';
import type { HostConfig } from '../config.js';
import { DependencyWatch } from '../dependency-watch.js';
import type { Logger } from '../logger.js';
import type { StorageOutageLog } from '../storage-outage.js';
import { HOST } from '../tokens.js';
import type { EventsProbe } from './events.js';
import { repoUiDir } from '../ui-dir.js';

/** A limiter store and how to let go of it on shutdown. */
export interface HostLimiterStore {
  readonly store: LimiterStore;
  close(): Promise<void>;
}

/**
 * The Hono app serving the HTTP API, and the visitor widget and the console when the repository's are built.
 * `GET /ready` checks storage and, with Redis, the event bus; a database outage is logged once as it
 * starts and once as it ends by the storage outage log. Its limits count in this process, or, when the
 * events go through Redis (several hosts), in that Redis over a connection of their own, so every host
 * sees the same counts.
 */
export const httpModule = (config: HostConfig, version: string) =>
  new ContainerModule(({ bind }) => {
    bind<StreamHub>(HOST.StreamHub).toConstantValue(new StreamHub({ heartbeatMs: config.sseHeartbeatSeconds * 1000 }));
    const { events } = config;
    bind<HostLimiterStore>(HOST.LimiterStore)
      .toResolvedValue(
        async (log: Logger): Promise<HostLimiterStore> => {
          if (events.kind === 'memory') return { store: { kind: 'memory' }, close: async () => {} };
          const { createRedisClient } = await import('@parley/events-redis');
          // While Redis is away each host counts on its own (the limiter's in-process fallback); the outage is
          // logged once as it begins and once as it ends, like the bus's.
          const watch = new DependencyWatch('limits (Redis, counting in this process meanwhile)', log);
          const client = await createRedisClient({ url: events.url, connectionName: 'parley-limits', onError: (err) => watch.down(err) });
          client.on('ready', () => watch.up());
          const close = async () => {
            await client.quit().catch(() => client.disconnect());
          };
          return { store: { kind: 'redis', client, prefix: events.prefix }, close };
        },
        [HOST.Logger],
      )
      .inSingletonScope();
    bind(HOST.HttpApp)
      .toResolvedValue(
        (
          parley: Parley,
          storage: Storage,
          log: Logger,
          streamHub: StreamHub,
          outage: StorageOutageLog,
          eventsProbe: EventsProbe,
          limiter: HostLimiterStore,
        ) =>
          createHttpApp({
            parley,
            ready: () => storage.ping(),
            ...(eventsProbe ? { dependencies: { events: eventsProbe } } : {}),
            trustProxy: config.trustProxy,
            bodyLimitBytes: config.bodyLimitBytes,
            version,
            mailTransport: config.mail.transport.kind !== 'none',
            streamHub,
            ui: { widget: repoUiDir('widget') ?? undefined, console: repoUiDir('console') ?? undefined },
            limits: config.limits,
            limiterStore: limiter.store,
            onError: (err, c) => log.error('request failed', { method: c.req.method, path: new URL(c.req.url).pathname, err }),
            // One line when an outage starts and one when it ends, not a stack per refused request.
            onStorageUnavailable: (err) => outage.refused(err),
          }),
        [TOKENS.Parley, TOKENS.Storage, HOST.Logger, HOST.StreamHub, HOST.StorageOutage, HOST.EventsProbe, HOST.LimiterStore],
      )
      .inSingletonScope();
  });
