import { idleSince, type AgentLoad, type WidgetAvailability } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';

/**
 * Routing rules as pure functions over a snapshot (widgets, agents' loads, the queue). The
 * RoutingService applies them inside a transaction that holds the account's routing lock, so the
 * snapshot is the truth while they run.
 */

/** What routing needs of a widget. */
export interface RoutingWidget {
  readonly id: Id;
  readonly agentIds: readonly Id[];
  /** Each agent's maximum unless the agent has their own ({@link AgentLoad.maxConcurrentChats}). */
  readonly maxConcurrentChats: number;
}

/** What deciding how a chat starts needs of a widget. */
export interface StartingWidget extends RoutingWidget {
  readonly alwaysOffline: boolean;
  /** How many chats may wait; null: unbounded. */
  readonly maxQueueSize: number | null;
}

/** The moment a request arrives: how many chats already wait, and whether the widget is within its business hours. */
export interface StartContext {
  readonly queued: number;
  readonly open: boolean;
}

/** What routing needs of a queued chat. */
export interface QueuedChatRef {
  readonly id: Id;
  readonly widgetId: Id;
  readonly queuedAt: Instant;
}

export interface Assignment {
  readonly chatId: Id;
  readonly agentId: Id;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders candidates: least busy first, then longest idle (earliest {@link idleSince}), then by user id
 * so the choice is deterministic.
 */
export const byRoutingPreference = (a: AgentLoad, b: AgentLoad): number =>
  a.activeChats - b.activeChats || cmp(idleSince(a), idleSince(b)) || cmp(a.userId, b.userId);

/** How many chats the agent takes at once in this widget: their own maximum, else the widget's. */
export const maxChatsOf = (widget: RoutingWidget, agent: AgentLoad): number => agent.maxConcurrentChats ?? widget.maxConcurrentChats;

/** Whether the agent can take one more chat of the widget now: serves it, online (not paused), below their maximum. */
export const canTake = (widget: RoutingWidget, agent: AgentLoad): boolean =>
  agent.status === 'online' && agent.activeChats < maxChatsOf(widget, agent) && widget.agentIds.includes(agent.userId);

/** The agent a chat of `widget` goes to now, or null when every agent is busy, paused or offline. */
export const pickAgent = (widget: RoutingWidget, loads: Iterable<AgentLoad>): AgentLoad | null => {
  let best: AgentLoad | null = null;
  for (const a of loads) if (canTake(widget, a) && (best === null || byRoutingPreference(a, best) < 0)) best = a;
  return best;
};

/** Oldest first: by `queuedAt`, then by id. */
export const byQueueOrder = (a: QueuedChatRef, b: QueuedChatRef): number => cmp(a.queuedAt, b.queuedAt) || cmp(a.id, b.id);

/**
 * Drains queues: walks the queued chats oldest first and gives each to {@link pickAgent} of its widget,
 * counting each assignment against the agent (and as their latest, at `now`). Once a widget's oldest
 * waiting chat finds nobody, none of that widget's later chats is assigned either: first in, first out
 * per widget, even when a later one could have gone to someone (they share the same agents anyway).
 */
export const planDrain = (
  queue: readonly QueuedChatRef[],
  widgets: ReadonlyMap<Id, RoutingWidget>,
  loads: readonly AgentLoad[],
  now: Instant,
): Assignment[] => {
  const current = new Map(loads.map((l) => [l.userId, l]));
  const blocked = new Set<Id>();
  const out: Assignment[] = [];
  for (const chat of [...queue].sort(byQueueOrder)) {
    if (blocked.has(chat.widgetId)) continue;
    const widget = widgets.get(chat.widgetId);
    const agent = widget ? pickAgent(widget, current.values()) : null;
    if (!agent) {
      blocked.add(chat.widgetId);
      continue;
    }
    out.push({ chatId: chat.id, agentId: agent.userId });
    current.set(agent.userId, { ...agent, activeChats: agent.activeChats + 1, lastAssignedAt: now });
  }
  return out;
};

/**
 * Whether the widget's queue is full: `maxQueueSize` chats wait and nobody can take one more now (a
 * widget with room for a chat is never full, even with a queue size of 0).
 */
export const queueFull = (widget: StartingWidget, loads: readonly AgentLoad[], queued: number): boolean =>
  widget.maxQueueSize !== null && queued >= widget.maxQueueSize && pickAgent(widget, loads) === null;

/** Whether anyone who serves the widget is there: online or paused (either may take or come back to chats soon). */
export const staffed = (widget: Pick<RoutingWidget, 'agentIds'>, loads: readonly AgentLoad[]): boolean =>
  loads.some((l) => l.status !== 'offline' && widget.agentIds.includes(l.userId));

/**
 * Whether a new request to the widget becomes a chat or an offline request: offline when the widget
 * always shows the offline form, is outside its business hours, has nobody online or paused, or its
 * queue is full.
 */
export const startMode = (widget: StartingWidget, loads: readonly AgentLoad[], at: StartContext): 'chat' | 'offline' =>
  widget.alwaysOffline || !at.open || !staffed(widget, loads) || queueFull(widget, loads, at.queued) ? 'offline' : 'chat';

/** What the widget shows a page now. */
export const availabilityOf = (widget: StartingWidget, loads: readonly AgentLoad[], at: StartContext): WidgetAvailability => {
  // "The queue is full" tells the visitor agents are there but busy: with nobody there it is simply offline.
  const full = queueFull(widget, loads, at.queued) && staffed(widget, loads);
  const flags = { queueFull: full, outsideBusinessHours: !at.open };
  if (startMode(widget, loads, at) === 'offline')
    return { widgetId: widget.id, available: false, mode: 'offline', queued: at.queued, ...flags };
  const free = at.queued === 0 && pickAgent(widget, loads) !== null;
  return { widgetId: widget.id, available: free, mode: free ? 'available' : 'busy', queued: at.queued, ...flags };
};

/**
 * The chats the widget's online agents can still take: each online agent's maximum minus their open
 * chats (never below 0). Open chats count whatever widget they belong to, as an agent's maximum does.
 */
export const availableSlots = (widget: RoutingWidget, loads: Iterable<AgentLoad>): number => {
  let slots = 0;
  for (const a of loads)
    if (a.status === 'online' && widget.agentIds.includes(a.userId)) slots += Math.max(0, maxChatsOf(widget, a) - a.activeChats);
  return slots;
};

/**
 * A rough wait for the visitor at `position` (1 is next): the widget's online capacity (the sum of its
 * online agents' maximums) frees about one slot per `averageHandleSeconds / capacity` seconds. Null when
 * nobody online can take chats.
 */
export const estimateWaitSeconds = (position: number, capacity: number, averageHandleSeconds: number): number | null => {
  if (capacity <= 0 || position < 1) return null;
  return Math.max(1, Math.round((position * averageHandleSeconds) / capacity));
};

/** The sum of the maximums of the widget's online agents. */
export const onlineCapacity = (widget: RoutingWidget, loads: Iterable<AgentLoad>): number => {
  let capacity = 0;
  for (const a of loads) if (a.status === 'online' && widget.agentIds.includes(a.userId)) capacity += maxChatsOf(widget, a);
  return capacity;
};
