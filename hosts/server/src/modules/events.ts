import { ContainerModule } from 'inversify';
import { TOKENS, type EventBus } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import type { RedisEventBus } from '@parley/events-redis';
import type { HostConfig } from '../config.js';
import { DependencyWatch } from '../dependency-watch.js';
import type { Logger } from '../logger.js';
import { HOST } from '../tokens.js';

/**
 * The event bus: in-process (eventemitter3) by default, or Redis pub/sub (`PARLEY_EVENTS=redis://...`) so
 * that several hosts over one database see each other's events. ioredis is loaded only when configured.
 * The Redis bus waits for its connections at start-up, so an unreachable Redis stops the host at once;
 * afterwards the host logs once when it loses Redis and once when it has it back (the streams then catch
 * up from storage), and `GET /ready` answers 503 naming `events` meanwhile.
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
      bind<EventsProbe>(HOST.EventsProbe).toConstantValue(null);
      return;
    }
    bind<EventBus>(TOKENS.EventBus)
      .toResolvedValue(
        async (log: Logger) => {
          const { createRedisEventBus } = await import('@parley/events-redis');
          const watch = new DependencyWatch('event bus (Redis)', log);
          return createRedisEventBus({
            url: events.url,
            prefix: events.prefix,
            onError: (err, event) => log.error('event handler failed', { event: event.type, err }),
            onStatusChange: (status) => (status === 'down' ? watch.down() : watch.up()),
            // Repeats of one connection error are reported once until Redis is back. While Redis is known to be
            // away, its connections' errors and the publishes they fail are what "unreachable" already said.
            onConnectionError: (err, { source, eventType }) => {
              const fields = { source, ...(eventType ? { event: eventType } : {}), err };
              const expected = !watch.reachable && (source === 'publisher' || source === 'subscriber' || source === 'publish');
              if (expected) log.debug('event bus: Redis failed', fields);
              else log.error('event bus: Redis failed', fields);
            },
          });
        },
        [HOST.Logger],
      )
      .inSingletonScope();
    bind<EventsProbe>(HOST.EventsProbe)
      .toResolvedValue((bus: EventBus) => () => (bus as RedisEventBus).ping(), [TOKENS.EventBus])
      .inSingletonScope();
  });

/** See {@link HOST.EventsProbe}. */
export type EventsProbe = (() => Promise<void>) | null;
