import type { DomainEvent, EventHandler } from './event-bus.js';

/** Called when a handler throws (or an async handler rejects). */
export type EventHandlerErrorReporter = (error: unknown, event: DomainEvent, topic: string) => void;

/**
 * Calls one subscriber's handler so that its failure stays its own: a throw, or a rejection of the
 * promise it returns, goes to `onError` and never reaches the bus or the other subscribers. A reporter
 * that throws is ignored too, so it cannot break delivery either. Every `EventBus` adapter delivers
 * through this, so handler isolation is the same on each.
 */
export function invokeIsolated(handler: EventHandler, event: DomainEvent, topic: string, onError: EventHandlerErrorReporter): void {
  const report = (error: unknown): void => {
    try {
      onError(error, event, topic);
    } catch {
      // A failing reporter must not break delivery.
    }
  };
  try {
    const result: unknown = handler(event);
    if (isThenable(result)) result.then(undefined, report);
  } catch (error) {
    report(error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
