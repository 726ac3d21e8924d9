import { topics } from '../chat/chat-writes.js';
import { estimateWaitSeconds, onlineCapacity } from '../chat/routing.js';
import type { QueueStatus } from '../model/chat.js';
import type { Id } from '../model/types.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import type { CoreDeps } from '../runtime/context.js';
import { type RoutingService, routingWidgetOf } from './routing-service.js';

/** Closed chats a widget's average handling time is learnt from. */
const RECENT_FOR_ESTIMATE = 20;
/** Queued chats of one widget told their place at most (the rest learn it as the queue moves). */
const QUEUE_PUBLISH_LIMIT = 1000;

/**
 * The queue as visitors see it: each queued chat's place and estimated wait (from the widget's free capacity
 * and the average length of its recent chats), and `chat.queue` announcements when the queue moves. Reads
 * only; the chat engine calls {@link publish} after the writes that move a queue.
 */
export class QueueBoard {
  constructor(
    private readonly deps: Pick<CoreDeps, 'storage' | 'events' | 'clock'>,
    private readonly routing: Pick<RoutingService, 'loads'>,
    /** Assumed handling time of a chat when a widget has no closed chats to learn from. */
    private readonly defaultHandleSeconds: number,
  ) {}

  /**
   * A queued chat's place and estimated wait; null when it is not queued. The place is counted, so a chat
   * starting at the end of a long queue does not read the queue (a start answers with its place).
   */
  async status(accountId: Id, chatId: Id): Promise<QueueStatus | null> {
    return this.deps.storage.read(async (r) => {
      const chat = await r.chats.get(accountId, chatId);
      if (chat?.status !== 'queued') return null;
      const position = await r.chats.queuePosition(accountId, chat);
      const { capacity, handle } = await this.pace(r, accountId, chat.widgetId);
      return { chatId, position, estimatedWaitSeconds: estimateWaitSeconds(position, capacity, handle) };
    });
  }

  /** Places and estimates of every queued chat of a widget, first in line first. */
  async statuses(accountId: Id, widgetId: Id): Promise<QueueStatus[]> {
    return this.deps.storage.read(async (r) => {
      const queue = await r.chats.listQueued(accountId, [widgetId], QUEUE_PUBLISH_LIMIT);
      if (queue.length === 0) return [];
      const { capacity, handle } = await this.pace(r, accountId, widgetId);
      return queue.map((c, i) => ({ chatId: c.id, position: i + 1, estimatedWaitSeconds: estimateWaitSeconds(i + 1, capacity, handle) }));
    });
  }

  /** How fast a widget's queue moves: its agents' free places now, and how long its recent chats lasted. */
  private async pace(r: Repositories, accountId: Id, widgetId: Id): Promise<{ capacity: number; handle: number }> {
    const w = await r.widgets.get(accountId, widgetId);
    const loads = w ? await this.routing.loads(r, accountId, w.agentIds) : [];
    const capacity = w ? onlineCapacity(routingWidgetOf(w), loads) : 0;
    return { capacity, handle: await this.averageHandleSeconds(r, accountId, widgetId) };
  }

  /** Tells each visitor waiting in these widgets' queues their new place (`chat.queue`, not stored). */
  async publish(accountId: Id, widgetIds: Iterable<Id>): Promise<void> {
    for (const widgetId of widgetIds) {
      const statuses = await this.statuses(accountId, widgetId);
      const at = isoNow(this.deps.clock);
      // Saved already: a bus that cannot publish (it reports that itself) must not fail the request.
      for (const s of statuses)
        await this.deps.events
          .publish({ type: 'chat.queue', accountId, topics: [topics.chat(s.chatId)], at, data: { ...s } })
          .catch(() => undefined);
    }
  }

  private async averageHandleSeconds(r: Repositories, accountId: Id, widgetId: Id): Promise<number> {
    const recent = await r.chats.list(accountId, { widgetIds: [widgetId], status: 'closed' }, { limit: RECENT_FOR_ESTIMATE });
    const durations = recent.items
      .filter((c) => c.assignedAt && c.closedAt)
      .map((c) => (Date.parse(c.closedAt!) - Date.parse(c.assignedAt!)) / 1000);
    if (durations.length === 0) return this.defaultHandleSeconds;
    return durations.reduce((a, b) => a + b, 0) / durations.length;
  }
}
