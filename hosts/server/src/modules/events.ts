import { ContainerModule } from 'inversify';
import { TOKENS, type EventBus } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import type { HostConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { HOST } from '../tokens.js';

/**
 * The event bus: in-process (eventemitter3) by default, or Redis pub/sub (`PARLEY_EVENTS=redis://...`) so
 * that several hosts over one database see each other's events. ioredis is loaded only when configured.
 * The Redis bus waits for its connections at start-up, so an unreachable Redis stops the host at once.
 */
export const eventsModule = (config: HostConfig) =>
  new ContainerModule(({ bind }) => {
    const { events } = config;
    if (events.kind === 'memory') {
      bind<EventBus>(TOKENS.EventBus)
        .toResolvedValue(
          (log: Logger) => new MemoryEventBus({ onError: (err, event) => log.error('event handler failed', { event: event.type, err }) }),
          [HOST.Logger],
        )
        .inSingletonScope();
      return;
    }
    bind<EventBus>(TOKENS.EventBus)
      .toResolvedValue(
        async (log: Logger) => {
          const { createRedisEventBus } = await import('@parley/events-redis');
          return createRedisEventBus({
            url: events.url,
            prefix: events.prefix,
            onError: (err, event) => log.error('event handler failed', { event: event.type, err }),
            // Repeats of one connection error are reported once until Redis is back.
            onConnectionError: (err, { source, eventType }) =>
              log.error('event bus: Redis failed', { source, ...(eventType ? { event: eventType } : {}), err }),
          });
        },
        [HOST.Logger],
      )
      .inSingletonScope();
  });
