import { pickAgent, planDrain, type RoutingWidget, type StartingWidget } from '../chat/routing.js';
import { writeChat } from '../chat/chat-writes.js';
import type { AgentLoad, AgentPresence, Chat } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';
import type { Widget } from '../model/widget.js';
import type { Repositories } from '../ports/storage.js';
import { type CoreDeps, type Emit, lostRace } from '../runtime/context.js';

/** How many queued chats one drain looks at; the rest wait for the next drain. */
const DRAIN_BATCH = 500;

export const routingWidgetOf = (w: Widget): StartingWidget => ({
  id: w.id,
  agentIds: w.agentIds,
  maxConcurrentChats: w.settings.maxConcurrentChats,
  alwaysOffline: w.settings.offlineForm.alwaysOffline,
  maxQueueSize: w.settings.maxQueueSize ?? null,
});

/**
 * What settings services use of routing: draining queues after a change that may have made room (see
 * `ChatService.drainWidgets`).
 */
export interface QueueDrainer {
  drainWidgets(accountId: Id, widgetIds: readonly Id[]): Promise<void>;
  /** A user was deactivated: they go offline and their open chats back to the queues (`PresenceService.deactivated`). */
  deactivated?(accountId: Id, userId: Id): Promise<void>;
}

/**
 * Applies the pure routing rules (`chat/routing.ts`) in storage transactions. Every method must run
 * inside a transaction that already holds the account's routing lock (`tx.chats.lockRouting`), taken
 * before anything else is read: that is what makes the snapshot they decide on the truth.
 */
export class RoutingService {
  constructor(private readonly deps: Pick<CoreDeps, 'ids' | 'clock'>) {}

  /**
   * The loads (presence, open chats, own maximum) of these agents; agents without a presence are absent.
   * Offline agents' open chats and maximums are not read (routing gives them nothing).
   */
  async loads(tx: Repositories, accountId: Id, agentIds: readonly Id[]): Promise<AgentLoad[]> {
    if (agentIds.length === 0) return [];
    const presences = await tx.presence.list(accountId, agentIds);
    const busy = presences.filter((p) => p.status !== 'offline').map((p) => p.userId);
    const counts = busy.length ? await tx.chats.countActiveByAgent(accountId, busy) : {};
    const own = busy.length ? await tx.users.maxConcurrentChats(accountId, busy) : {};
    return presences.map((p) => ({ ...p, activeChats: counts[p.userId] ?? 0, maxConcurrentChats: own[p.userId] ?? null }));
  }

  /**
   * Assigns the widgets' queued chats, oldest first, to agents who can take them (see `planDrain`).
   * Returns the ids of the widgets whose queue changed.
   */
  async drain(
    tx: Repositories,
    accountId: Id,
    widgetIds: readonly Id[],
    at: Instant,
    emit: Emit,
    /** One widget and its agents' loads as the caller read them in this transaction (a chat start has them). */
    known?: { readonly widget: Widget; readonly loads: readonly AgentLoad[] },
  ): Promise<Set<Id>> {
    const changed = new Set<Id>();
    if (widgetIds.length === 0) return changed;
    // Only the widgets where chats wait are read, and their queue only if one of their agents can take a chat
    // (all busy, paused or away is when queues grow): a chat joining a long queue costs what one joining a
    // short one does.
    const counts = await tx.chats.countQueued(accountId, widgetIds);
    const waiting = [...new Set(widgetIds)].filter((id) => (counts[id] ?? 0) > 0);
    if (waiting.length === 0) return changed;
    const widgets = new Map<Id, RoutingWidget>();
    let loads: readonly AgentLoad[];
    if (known && waiting.length === 1 && waiting[0] === known.widget.id) {
      widgets.set(known.widget.id, routingWidgetOf(known.widget));
      loads = known.loads;
    } else {
      for (const id of waiting) {
        const w = await tx.widgets.get(accountId, id);
        if (w) widgets.set(id, routingWidgetOf(w));
      }
      loads = await this.loads(tx, accountId, [...new Set([...widgets.values()].flatMap((w) => w.agentIds))]);
    }
    if (![...widgets.values()].some((w) => pickAgent(w, loads) !== null)) return changed;
    const queue = await tx.chats.listQueued(accountId, waiting, DRAIN_BATCH);
    if (queue.length === 0) return changed;
    const plan = planDrain(
      queue.map((c) => ({ id: c.id, widgetId: c.widgetId, queuedAt: c.queuedAt ?? c.createdAt })),
      widgets,
      loads,
      at,
    );
    const presenceOf = new Map(loads.map((l) => [l.userId, l as AgentPresence]));
    for (const { chatId, agentId } of plan) {
      const chat = await tx.chats.lock(accountId, chatId);
      if (chat?.status !== 'queued') continue;
      const presence = presenceOf.get(agentId)!;
      presenceOf.set(agentId, await this.assign(tx, chat, presence, at, emit));
      changed.add(chat.widgetId);
    }
    return changed;
  }

  /**
   * Gives a locked, queued chat to an agent: status `active`, a `chat.assigned` event, and the agent's
   * `lastAssignedAt` moved. Returns the agent's new presence.
   */
  async assign(tx: Repositories, chat: Chat, presence: AgentPresence, at: Instant, emit: Emit): Promise<AgentPresence> {
    const agent = await tx.users.get(chat.accountId, presence.userId);
    await writeChat(
      tx,
      this.deps,
      chat,
      { ...chat, status: 'active', agentId: presence.userId, assignedAt: chat.assignedAt ?? at },
      [{ type: 'chat.assigned', data: { agentId: presence.userId, agentName: agent?.name ?? null } }],
      at,
      emit,
    );
    return this.touch(tx, presence, at);
  }

  /** Records that the agent was just given a chat (for "longest idle first"). */
  async touch(tx: Repositories, presence: AgentPresence, at: Instant): Promise<AgentPresence> {
    const { activeChats: _omit, maxConcurrentChats: _own, ...stored } = presence as AgentLoad;
    const next: AgentPresence = { ...stored, lastAssignedAt: at, version: presence.version + 1 };
    if (!(await tx.presence.put(next, presence.version))) throw lostRace();
    return next;
  }
}
