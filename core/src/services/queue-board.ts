import { topics } from '../chat/chat-writes.js';
import { estimateWaitSeconds, onlineCapacity, staffed } from '../chat/routing.js';
import type { AgentLoad, Chat, QueueStatus } from '../model/chat.js';
import type { Widget } from '../model/widget.js';
import type { Id } from '../model/types.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { RecentMap } from '../runtime/recent-map.js';
import type { CoreDeps } from '../runtime/context.js';
import { type RoutingService, routingWidgetOf } from './routing-service.js';

/** Closed chats a widget's average handling time is learnt from. */
const RECENT_FOR_ESTIMATE = 20;
/** Queued chats of one widget told their place at most (the rest learn it as the queue moves). */
const QUEUE_PUBLISH_LIMIT = 1000;
/** How long a widget's average handling time is used before it is learnt again. */
export const HANDLE_TIME_TTL_MS = 30_000;
/** Widgets whose average handling time is kept at most (the oldest go first). */
const HANDLE_TIME_WIDGETS = 10_000;

/**
 * How fast a widget's queue moves (see {@link QueueBoard}): online capacity, the average chat length in seconds,
 * and whether anyone serving it is there at all (online or paused).
 */
interface Pace {
  readonly capacity: number;
  readonly handle: number;
  readonly staffed: boolean;
}

/** A queued chat's status at `position`, its wait estimated from the widget's pace. */
const placed = (chatId: Id, position: number, { capacity, handle, staffed }: Pace): QueueStatus => ({
  chatId,
  position,
  estimatedWaitSeconds: estimateWaitSeconds(position, capacity, handle),
  staffed,
});

/**
 * The queue as visitors see it: each queued chat's place and estimated wait (from the widget's free capacity
 * and the average length of its recent chats), and `chat.queue` announcements when the queue moves. Reads
 * only; the chat engine calls {@link publish} after the writes that move a queue.
 */
export class QueueBoard {
  /**
   * Each widget's average handling time, by `accountId widgetId`, and when it was learnt: an estimate, read
   * again after {@link HANDLE_TIME_TTL_MS}, not on every start and every move of the queue (it reads the
   * widget's last closed chats).
   */
  private readonly handleTimes = new RecentMap<string, { readonly seconds: number; readonly atMs: number }>(HANDLE_TIME_WIDGETS);

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
      return chat?.status === 'queued' ? this.statusOf(r, chat) : null;
    });
  }

  /** {@link status} of a queued chat, read through `r` (a transaction, say). */
  async statusOf(r: Repositories, chat: Chat): Promise<QueueStatus> {
    const position = await r.chats.queuePosition(chat.accountId, chat);
    return placed(chat.id, position, await this.pace(r, chat.accountId, chat.widgetId));
  }

  /**
   * {@link status} of a chat that has just joined the end of its widget's queue, in the transaction that
   * queued it, from what that transaction read before: `waiting` chats queued ahead of it, the widget and its
   * agents' loads (queueing a chat changes no load). Valid while nothing else in the transaction moved the queue.
   */
  async joined(r: Repositories, chat: Chat, widget: Widget, loads: readonly AgentLoad[], waiting: number): Promise<QueueStatus> {
    return placed(chat.id, waiting + 1, await this.pace(r, chat.accountId, chat.widgetId, { widget, loads }));
  }

  /** Places and estimates of every queued chat of a widget, first in line first. */
  async statuses(accountId: Id, widgetId: Id): Promise<QueueStatus[]> {
    return this.deps.storage.read(async (r) => {
      const queue = await r.chats.listQueued(accountId, [widgetId], QUEUE_PUBLISH_LIMIT);
      if (queue.length === 0) return [];
      const pace = await this.pace(r, accountId, widgetId);
      return queue.map((c, i) => placed(c.id, i + 1, pace));
    });
  }

  /**
   * How fast a widget's queue moves: its agents' free places now, and how long its recent chats lasted. The
   * widget and its agents' loads are read unless the caller `known` them (read in the same transaction).
   */
  private async pace(
    r: Repositories,
    accountId: Id,
    widgetId: Id,
    known?: { readonly widget: Widget; readonly loads: readonly AgentLoad[] },
  ): Promise<Pace> {
    const w = known ? known.widget : await r.widgets.get(accountId, widgetId);
    const loads = known ? known.loads : w ? await this.routing.loads(r, accountId, w.agentIds) : [];
    const capacity = w ? onlineCapacity(routingWidgetOf(w), loads) : 0;
    return { capacity, handle: await this.averageHandleSeconds(r, accountId, widgetId), staffed: !!w && staffed(w, loads) };
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
    const key = `${accountId} ${widgetId}`;
    const nowMs = this.deps.clock.now().getTime();
    const known = this.handleTimes.get(key);
    if (known && nowMs - known.atMs < HANDLE_TIME_TTL_MS && nowMs >= known.atMs) return known.seconds;
    const recent = await r.chats.list(accountId, { widgetIds: [widgetId], status: 'closed' }, { limit: RECENT_FOR_ESTIMATE });
    const durations = recent.items
      .filter((c) => c.assignedAt && c.closedAt)
      .map((c) => (Date.parse(c.closedAt!) - Date.parse(c.assignedAt!)) / 1000);
    const seconds = durations.length === 0 ? this.defaultHandleSeconds : durations.reduce((a, b) => a + b, 0) / durations.length;
    this.handleTimes.remember(key, { seconds, atMs: nowMs });
    return seconds;
  }
}
