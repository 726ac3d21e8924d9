/**
 * An in-process, synchronous implementation of `@parley/core`'s `EventBus` port
 * ({@link MemoryEventBus}), for single-process deployments and tests.
 *
 * @module
 */
export {
  MemoryEventBus,
  WILDCARD_TOPIC,
  type EventHandlerErrorReporter,
  type MemoryEventBusOptions,
} from './memory-event-bus.js';
