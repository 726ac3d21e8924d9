import { chatSchemas } from '../chat/chat-validation.js';
import { agentStreams, StreamPresence } from '../chat/stream-presence.js';
import { maxChatsOf } from '../chat/routing.js';
import { topics } from '../chat/chat-writes.js';
import type { AgentLoad, AgentPresence, AgentStatus } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';
import { canSupervise } from '../model/user.js';
import { diff } from '../audit/diff.js';
import { forbidden, notFound } from '../errors.js';
import { isoNow } from '../ports/system.js';
import type { Repositories } from '../ports/storage.js';
import { parseInput } from '../validation.js';
import type { ChatService } from './chat-service.js';
import { routingWidgetOf } from './routing-service.js';
import { actorOf, commit, type CoreDeps, type Principal, lostRace } from '../runtime/context.js';
import { appendAudit } from './audit-service.js';
import { enqueueConversationEvent } from '../outbox/integration-outbox.js';
import type { Scheduler } from '../runtime/scheduler.js';

/** An agent's presence as the API shows it (`since` is null for an agent who never set a status). */
export interface AgentStatusView {
  readonly userId: Id;
  readonly status: AgentStatus;
  readonly since: Instant | null;
  readonly lastAssignedAt: Instant | null;
  readonly activeChats: number;
  /** The reason given with the status (`lunch`), or null. */
  readonly reason: string | null;
}

/** A colleague an agent may hand a chat to: who serves one of their widgets, how present and how busy. */
export interface ColleagueView {
  readonly userId: Id;
  readonly name: string;
  readonly status: AgentStatus;
  readonly activeChats: number;
  /** Chats they can still take on that widget (its `maxConcurrentChats` minus their open chats; 0 when not online). */
  readonly freeSlots: number;
}

/**
 * Why an agent's status changed: they (or a supervisor) set it, their last event stream closed and they did not
 * come back, or they were deactivated.
 */
export type StatusReason = 'set' | 'disconnected' | 'deactivated';

/**
 * Agents' status: `online` takes chats, `paused` keeps open chats but takes no new ones, `offline`
 * takes none. Going online drains the queues of the agent's widgets in the same transaction.
 *
 * An agent who is online or paused and whose last event stream closes is set offline when none opens
 * again within `ChatConfig.agentAwayGraceMs` (`connections`): chats are not routed to someone who closed
 * their browser. An agent who goes offline, however (set, gone away, deactivated), hands their open chats
 * back to the queues in the same transaction (`ChatTransfers.returnToQueue`): a visitor is never left with
 * nobody. Paused keeps them.
 */
export class PresenceService {
  /** Agents' event streams (see the class comment). */
  readonly connections: StreamPresence;

  constructor(
    private readonly deps: CoreDeps,
    private readonly chats: ChatService,
    options: { scheduler?: Scheduler } = {},
  ) {
    const goneAway = (accountId: Id, userId: Id) => this.goneAway(accountId, userId);
    const grace = chats.config.agentAwayGraceMs;
    this.connections = new StreamPresence(agentStreams, deps.events, deps.clock, grace, goneAway, options.scheduler);
  }

  async get(p: Principal, userId: Id = p.userId): Promise<AgentStatusView> {
    if (userId !== p.userId && !canSupervise(p.role)) throw forbidden('Agents see only their own status.');
    return this.deps.storage.read(async (r) => {
      const [load] = await this.chats.routing.loads(r, p.accountId, [userId]);
      return viewWithChats(r, p.accountId, load, userId);
    });
  }

  /** Every agent of the account who is online or paused, with their open chats (supervisors and up). */
  async listActive(p: Principal): Promise<AgentStatusView[]> {
    if (!canSupervise(p.role)) throw forbidden('Only supervisors, admins and owners see every agent’s status.');
    return this.deps.storage.read(async (r) => {
      const active = await r.presence.listActive(p.accountId);
      return (
        await this.chats.routing.loads(
          r,
          p.accountId,
          active.map((a) => a.userId),
        )
      ).map(view);
    });
  }

  /**
   * The other agents of a widget the caller serves (supervisors and up: any widget of the account), with
   * status and free capacity: whom a chat of that widget can be transferred to. Deactivated users are left out.
   */
  async colleagues(p: Principal, widgetId: Id): Promise<ColleagueView[]> {
    return this.deps.storage.read(async (r) => {
      const widget = await r.widgets.get(p.accountId, widgetId);
      if (!widget || (!canSupervise(p.role) && !widget.agentIds.includes(p.userId))) throw notFound('Widget');
      const routing = routingWidgetOf(widget);
      const others = widget.agentIds.filter((id) => id !== p.userId);
      const loads = new Map((await this.chats.routing.loads(r, p.accountId, others)).map((l) => [l.userId, l]));
      const users = new Map((await r.users.getMany(p.accountId, others)).map((u) => [u.id, u]));
      const views: ColleagueView[] = [];
      for (const id of others) {
        const user = users.get(id);
        if (user?.status !== 'active') continue;
        const load = loads.get(id);
        const status = load?.status ?? 'offline';
        const activeChats = load?.activeChats ?? 0;
        const freeSlots = status === 'online' && load ? Math.max(0, maxChatsOf(routing, load) - activeChats) : 0;
        views.push({ userId: id, name: user.name, status, activeChats, freeSlots });
      }
      return views.sort((a, b) => b.freeSlots - a.freeSlots || a.name.localeCompare(b.name));
    });
  }

  /** Sets the caller's own status, with an optional reason (`lunch`; none when left out). */
  async setStatus(p: Principal, input: { status: AgentStatus; reason?: string | null }): Promise<AgentStatusView> {
    const { status, reason } = parseInput(chatSchemas.agentStatus, input);
    const load = await this.change(p.accountId, p.userId, { status, reason: reason || null }, 'set', null);
    return this.deps.storage.read((r) => viewWithChats(r, p.accountId, load ?? undefined, p.userId));
  }

  /**
   * Sets another user's status (an agent who forgot to sign out): supervisors, admins and owners. Audited
   * (`agent.status_set`: who changed whose status, from → to, with the reasons), and the bus and
   * integration events name who did it. Setting one's own status this way is {@link setStatus}.
   */
  async setStatusOf(p: Principal, userId: Id, input: { status: AgentStatus; reason?: string | null }): Promise<AgentStatusView> {
    const { status, reason } = parseInput(chatSchemas.agentStatus, input);
    if (userId === p.userId) return this.setStatus(p, { status, reason });
    if (!canSupervise(p.role)) throw forbidden('Only supervisors, admins and owners set another agent’s status.');
    const load = await this.change(p.accountId, userId, { status, reason: reason || null }, 'set', p);
    return this.deps.storage.read((r) => viewWithChats(r, p.accountId, load ?? undefined, userId));
  }

  /** The agent's streams stayed closed past the grace period: offline, unless they already are. */
  private async goneAway(accountId: Id, userId: Id): Promise<void> {
    await this.change(accountId, userId, { status: 'offline', reason: null }, 'disconnected', null);
  }

  /** A user was deactivated: offline at once, their open chats back to the queues, rather than after the grace period. */
  async deactivated(accountId: Id, userId: Id): Promise<void> {
    await this.change(accountId, userId, { status: 'offline', reason: null }, 'deactivated', null);
  }

  /** Stops the grace timers; call on shutdown. */
  shutdown(): void {
    this.connections.close();
  }

  /**
   * Moves the agent to `to` (status and reason). `by` is the supervisor who did it for the agent, or null
   * when the agent did (or the system, for `disconnected`). A change of reason alone is a change too; the
   * same status and reason change nothing. Null when the agent has no stored presence and the change left it
   * so (offline, never set).
   */
  private async change(
    accountId: Id,
    userId: Id,
    to: { status: AgentStatus; reason: string | null },
    cause: StatusReason,
    by: Principal | null,
  ): Promise<AgentLoad | null> {
    const { status } = to;
    // An API token is no user: its change names no one on the bus or to integrations (the audit names the token).
    const byUserId = by && !by.apiToken ? by.userId : null;
    let changed = new Set<Id>();
    const saved = await commit(this.deps, async (tx, emit) => {
      await tx.chats.lockRouting(accountId);
      if (by !== null) {
        const target = await tx.users.get(accountId, userId);
        if (!target) throw notFound('User');
      }
      const cur = await tx.presence.get(accountId, userId);
      const now = isoNow(this.deps.clock);
      let presence: AgentPresence = cur ?? { accountId, userId, status: 'offline', since: now, lastAssignedAt: null, version: 0 };
      const before = { status: presence.status, reason: presence.reason ?? null };
      if (before.status !== status || before.reason !== to.reason) {
        const { reason: _old, ...rest } = presence;
        const next: AgentPresence = {
          ...rest,
          ...(to.reason === null ? {} : { reason: to.reason }),
          status,
          since: before.status !== status ? now : presence.since,
          version: presence.version + 1,
        };
        if (!(await tx.presence.put(next, presence.version))) throw lostRace();
        presence = next;
        emit({
          type: 'agent.status',
          accountId,
          topics: [topics.account(accountId), topics.agent(userId)],
          at: now,
          data: { userId, status, since: presence.since, reason: cause, statusReason: to.reason, by: byUserId },
        });
        if (by !== null)
          await appendAudit(tx, this.deps, accountId, actorOf(by), {
            type: 'agent',
            action: 'agent.status_set',
            targetType: 'user',
            targetId: userId,
            widgetId: null,
            changes: diff(before, { status, reason: to.reason }),
          });
        // Integrations: `agent.status_changed` for every widget of the agent that pushes it.
        await enqueueConversationEvent(
          tx,
          this.deps,
          {
            event: 'agent.status_changed',
            accountId,
            chat: null,
            agentId: userId,
            agentStatus: status,
            statusReason: to.reason,
            changedById: byUserId,
          },
          emit,
        );
      }
      const statusChanged = before.status !== status;
      // The agent's widgets, read once: going online drains their queues, and when who is there changed, the
      // visitors waiting for them hear their new estimate (or that nobody is there).
      const widgetIds = status === 'online' || statusChanged ? (await tx.widgets.listByAgent(accountId, userId)).map((w) => w.id) : [];
      if (status === 'online') changed = await this.chats.routing.drain(tx, accountId, widgetIds, now, emit);
      else if (status === 'offline' && statusChanged)
        changed = await this.chats.returnToQueue(
          tx,
          accountId,
          userId,
          cause === 'deactivated' ? 'agent_deactivated' : 'agent_offline',
          now,
          emit,
        );
      if (statusChanged) for (const id of widgetIds) changed.add(id);
      const [load] = await this.chats.routing.loads(tx, accountId, [userId]);
      return load ?? null;
    });
    await this.chats.publishQueues(accountId, changed);
    return saved;
  }
}

/** The status of an agent who never set one. */
const neverSet = (userId: Id): AgentStatusView => ({
  userId,
  status: 'offline',
  since: null,
  lastAssignedAt: null,
  activeChats: 0,
  reason: null,
});

/**
 * The load as a status view, its open chats counted for an offline agent too: routing's loads leave them out (it
 * gives an offline agent nothing), but an agent who went offline may still hold chats, and whoever asks wants them.
 */
const viewWithChats = async (r: Repositories, accountId: Id, l: AgentLoad | undefined, userId: Id): Promise<AgentStatusView> => {
  if (!l) return neverSet(userId);
  if (l.status !== 'offline') return view(l);
  const counts = await r.chats.countActiveByAgent(accountId, [l.userId]);
  return view({ ...l, activeChats: counts[l.userId] ?? 0 });
};

const view = (l: AgentLoad): AgentStatusView => ({
  userId: l.userId,
  status: l.status,
  since: l.since,
  lastAssignedAt: l.lastAssignedAt,
  activeChats: l.activeChats,
  reason: l.reason ?? null,
});
