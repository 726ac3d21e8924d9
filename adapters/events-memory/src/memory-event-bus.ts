import { EventEmitter } from 'eventemitter3';
import { invokeIsolated, type DomainEvent, type EventBus, type EventHandler, type EventHandlerErrorReporter } from '@parley/core';

/** The topic whose subscribers get every published event, once each (for loggers and bridges). */
export const WILDCARD_TOPIC = '*';

/** Called when a handler throws (or an async handler rejects); the same type as `@parley/core`'s. */
export type { EventHandlerErrorReporter };

export interface MemoryEventBusOptions {
  /**
   * Told about each handler failure. Defaults to `console.error` with the event type and the error, never
   * the event's data. If it throws itself, that is swallowed.
   */
  readonly onError?: EventHandlerErrorReporter;
}

const defaultOnError: EventHandlerErrorReporter = (error, event) => {
  console.error(`[@parley/events-memory] a handler for "${event.type}" failed:`, error);
};

/**
 * An in-process {@link EventBus} on `eventemitter3`, for a single process and for tests.
 *
 * - `publish` delivers before its promise is returned (synchronously) to every subscriber of each of the
 *   event's distinct `topics`, topic by topic in the order listed and, within a topic, in subscription
 *   order; then once to each `*` subscriber. A listed `*` topic is ignored (wildcard subscribers get every
 *   event exactly once anyway).
 * - Delivery is per subscription: a handler subscribed to two of an event's topics, or twice to one
 *   topic, is called once per subscription.
 * - An event published from inside a handler is queued and delivered after the current event has reached
 *   all its subscribers, so every subscriber sees events in publish order.
 * - A handler that throws or returns a rejected promise does not stop delivery to the others; the error
 *   goes to `onError`.
 * - After `close()` there are no subscribers, `publish` does nothing and `subscribe` registers nothing.
 */
export class MemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter<Record<string, [DomainEvent]>>();
  private readonly onError: EventHandlerErrorReporter;
  private readonly queue: DomainEvent[] = [];
  private delivering = false;
  private closed = false;

  constructor(options: MemoryEventBusOptions = {}) {
    this.onError = options.onError ?? defaultOnError;
  }

  async publish(event: DomainEvent): Promise<void> {
    if (this.closed) return;
    this.queue.push(event);
    if (this.delivering) return; // the outer publish's loop delivers it next
    this.delivering = true;
    try {
      for (let next = this.queue.shift(); next !== undefined && !this.closed; next = this.queue.shift()) {
        this.deliver(next);
      }
    } finally {
      this.queue.length = 0;
      this.delivering = false;
    }
  }

  /**
   * Calls `handler` with each event published on `topic` (or every event, for `*`) from now on. The
   * returned function unsubscribes; calling it again does nothing. A handler unsubscribed while an event is
   * being delivered is not called with it.
   */
  subscribe(topic: string, handler: EventHandler): () => void {
    if (typeof handler !== 'function') throw new TypeError('MemoryEventBus.subscribe: handler must be a function');
    if (this.closed) return () => {};
    let active = true;
    const listener = (event: DomainEvent): void => {
      if (active) invokeIsolated(handler, event, topic, this.onError);
    };
    this.emitter.on(topic, listener);
    return () => {
      if (!active) return;
      active = false;
      this.emitter.off(topic, listener);
    };
  }

  /** Removes every subscriber; later publishes are no-ops. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.emitter.removeAllListeners();
  }

  private deliver(event: DomainEvent): void {
    for (const topic of new Set(event.topics)) {
      if (topic === WILDCARD_TOPIC) continue;
      this.emitter.emit(topic, event);
    }
    this.emitter.emit(WILDCARD_TOPIC, event);
  }
}
