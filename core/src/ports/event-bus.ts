import type { Id } from '../model/types.js';

/** Something that happened, published after the transaction that made it committed. */
export interface DomainEvent {
  /** `widget.updated`, `user.created`, `chat.assigned`... */
  readonly type: string;
  readonly accountId: Id;
  /** Topics the event is published on, e.g. `account:<id>`, `widget:<id>`, `chat:<id>`. */
  readonly topics: readonly string[];
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type EventHandler = (event: DomainEvent) => void;

/**
 * Publish/subscribe by topic. Delivery is at-most-once and in publish order per topic, also for publishes
 * made one after the other without waiting for each one's promise (`commit` publishes a transaction's
 * events so); a handler that throws does not stop delivery to the others.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(topic: string, handler: EventHandler): () => void;
  /**
   * Calls `listener` after each gap the bus detects: events may have been lost (its connection to a shared
   * server dropped, or a publish failed), and the subscriptions made before are in force again, so whoever
   * reads storage from then on misses nothing that is published later. A listener refills from storage
   * what its subscriptions might have missed. Several gaps in a row may be announced together or one by
   * one. Returns a function that stops the calls.
   *
   * A bus that cannot lose events (one process, `@parley/events-memory`) does not implement it.
   */
  onGap?(listener: () => void): () => void;
  close(): Promise<void>;
}
