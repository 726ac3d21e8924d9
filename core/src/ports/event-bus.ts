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
 * Publish/subscribe by topic. Delivery is at-most-once and in publish order per topic; a handler that
 * throws does not stop delivery to the others.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Returns a function that unsubscribes. */
  subscribe(topic: string, handler: EventHandler): () => void;
  close(): Promise<void>;
}
