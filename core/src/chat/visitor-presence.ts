import type { Id } from '../model/types.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import { topics } from './chat-writes.js';
import { systemScheduler, type Scheduler } from './typing-relay.js';

/** Bus event a visitor stream publishes when it opens, so every host instance knows the visitor is back. */
export const VISITOR_CONNECTED = 'chat.visitor_connected';

/** Events after which a chat is no longer waiting in the queue. */
const LEFT_QUEUE = new Set(['chat.assigned', 'chat.closed', 'chat.abandoned']);

/**
 * Notices queued visitors who left. When the last stream of a queued chat closes (or a chat is queued
 * and no stream opens), a timer of `graceMs` starts; a stream that opens meanwhile, on this instance or
 * another (heard through the bus), or the chat leaving the queue, cancels it. When it fires, `onAbandon`
 * runs (which marks the chat abandoned if it is still queued).
 */
export class VisitorPresence {
  private readonly open = new Map<Id, number>();
  private readonly timers = new Map<Id, { handle: unknown; unsubscribe: () => void }>();
  private closed = false;

  constructor(
    private readonly events: EventBus,
    private readonly graceMs: number | null,
    private readonly onAbandon: (accountId: Id, chatId: Id) => Promise<void>,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** A visitor stream of the chat opened. */
  opened(accountId: Id, chatId: Id): void {
    this.open.set(chatId, (this.open.get(chatId) ?? 0) + 1);
    this.cancel(chatId);
    void this.events.publish({ type: VISITOR_CONNECTED, accountId, topics: [topics.chat(chatId)], at: new Date().toISOString(), data: { chatId } });
  }

  /** A visitor stream closed; `queued` says whether the chat was still waiting. */
  closedStream(accountId: Id, chatId: Id, queued: boolean): void {
    const n = (this.open.get(chatId) ?? 1) - 1;
    if (n > 0) {
      this.open.set(chatId, n);
      return;
    }
    this.open.delete(chatId);
    if (queued) this.expectReturn(accountId, chatId);
  }

  /** Starts the grace timer of a queued chat that has no open stream (just created, or found at start-up). */
  expectReturn(accountId: Id, chatId: Id): void {
    if (this.closed || this.graceMs === null || this.open.has(chatId) || this.timers.has(chatId)) return;
    const unsubscribe = this.events.subscribe(topics.chat(chatId), (e: DomainEvent) => {
      if (e.type === VISITOR_CONNECTED || LEFT_QUEUE.has(e.type)) this.cancel(chatId);
    });
    const handle = this.scheduler.setTimeout(() => {
      this.cancel(chatId);
      if (this.open.has(chatId)) return;
      this.onAbandon(accountId, chatId).catch(() => {});
    }, this.graceMs);
    this.timers.set(chatId, { handle, unsubscribe });
  }

  /** How many grace timers are running (for tests and metrics). */
  get pending(): number {
    return this.timers.size;
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  private cancel(chatId: Id): void {
    const t = this.timers.get(chatId);
    if (!t) return;
    this.timers.delete(chatId);
    this.scheduler.clearTimeout(t.handle);
    t.unsubscribe();
  }
}
