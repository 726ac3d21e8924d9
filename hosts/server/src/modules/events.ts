import { ContainerModule } from 'inversify';
import { TOKENS, type EventBus } from '@parley/core';
import { MemoryEventBus } from '@parley/events-memory';
import type { Logger } from '../logger.js';
import { HOST } from '../tokens.js';

/** The event bus: in-process (eventemitter3) until a shared bus adapter is configured. */
export const eventsModule = () =>
  new ContainerModule(({ bind }) => {
    bind<EventBus>(TOKENS.EventBus)
      .toResolvedValue(
        (log: Logger) => new MemoryEventBus({ onError: (err, event) => log.error('event handler failed', { event: event.type, err }) }),
        [HOST.Logger],
      )
      .inSingletonScope();
  });
