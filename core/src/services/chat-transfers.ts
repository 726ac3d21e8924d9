import { type ChatEventDraft, chatClosed, writeChat } from '../chat/chat-writes.js';
import { maxChatsOf } from '../chat/routing.js';
import { chatSchemas, type TransferInput } from '../chat/chat-validation.js';
import type { AgentTyping, TypingRelay } from '../chat/typing-relay.js';
import { forbidden, notFound, ParleyError, validationFailed } from '../errors.js';
import { isFinalChat, toPublicChat, type Chat, type PublicChat, type WidgetAvailability } from '../model/chat.js';
import type { Id, Instant, Page } from '../model/types.js';
import { canSupervise } from '../model/user.js';
import type { Widget } from '../model/widget.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { commit, type CoreDeps, type Emit, type Principal } from '../runtime/context.js';
import { parseInput } from '../validation.js';
import { type RoutingService, routingWidgetOf } from './routing-service.js';

/** A widget a chat may be transferred to, with what its visitors would be shown now. */
export interface TransferWidget {
  readonly widgetId: Id;
  readonly name: string;
  readonly availability: WidgetAvailability;
}

/** What transfers use of the chat engine: routing, the typing relays, reading rights, names, draining and the queue. */
export interface TransferEngine {
  readonly routing: RoutingService;
  readonly typing: TypingRelay<string>;
  readonly agentTyping: TypingRelay<AgentTyping>;
  canRead(r: Repositories, p: Principal, chat: Chat): Promise<boolean>;
  nameOf(r: Repositories, p: Principal): Promise<string | null>;
  drainFor(tx: Repositories, accountId: Id, agentId: Id, at: Instant, emit: Emit): Promise<Set<Id>>;
  publishQueues(accountId: Id, widgetIds: Iterable<Id>): Promise<void>;
  availabilityIn(r: Repositories, w: Widget): Promise<WidgetAvailability>;
  availabilitiesIn(r: Repositories, accountId: Id, widgets: readonly Widget[]): Promise<WidgetAvailability[]>;
}

/**
 * The team note a transfer hands over (none when `note` is empty), written by who transfers under the name
 * agents see for them: the event that goes just before the transfer's, so whoever takes the chat reads it there.
 */
const handoverNote = (p: Principal, byUserName: string | null, note: string | undefined): ChatEventDraft[] =>
  note ? [{ type: 'chat.note', author: { kind: 'agent', userId: p.userId, alias: byUserName ?? 'Agent' }, text: note }] : [];

/** Transfers of open chats: to a colleague of the widget, or to another widget's queue. */
export class ChatTransfers {
  constructor(
    private readonly deps: CoreDeps,
    private readonly chats: TransferEngine,
  ) {}

  /**
   * Hands an open chat to another agent of the widget (`agentId`), who must be online and below the widget's
   * maximum (`agent_unavailable` otherwise), or to another widget's queue (`widgetId`, see
   * {@link toWidget}). The chat's agent or a supervisor/admin/owner may do it.
   *
   * A supervisor, admin or owner who transfers a colleague's chat to themselves takes it over: an explicit
   * decision to step in, so it is neither held to the widget's agents nor refused for being at their maximum
   * (it may exceed it); they must only be online or paused, since an offline user holds no chats (their
   * chats go back to the queue). An agent cannot take a colleague's chat: `forbidden`, as for any transfer
   * of a chat that is not theirs.
   *
   * Either way a `note` (trimmed; empty is none) is stored as a team note just before the transfer event, in
   * the same write, so whoever takes the chat reads it in the transcript and the visitor never sees it.
   */
  async transfer(p: Principal, chatId: Id, input: TransferInput): Promise<PublicChat> {
    const data = parseInput(chatSchemas.transfer, input);
    if ('widgetId' in data) return this.toWidget(p, chatId, data.widgetId, data.note);
    const { agentId, note } = data;
    let changed = new Set<Id>();
    const chat = await commit(this.deps, async (tx, emit) => {
      const cur = await this.lockTransferable(tx, p, chatId);
      if (agentId === cur.agentId)
        throw validationFailed([{ path: '/agentId', code: 'same_agent', message: 'The chat is already with this agent.' }]);
      const takeOver = agentId === p.userId && canSupervise(p.role);
      const widget = await tx.widgets.get(p.accountId, cur.widgetId);
      if (!takeOver && !widget?.agentIds.includes(agentId))
        throw validationFailed([{ path: '/agentId', code: 'not_widget_agent', message: 'That user does not serve this chat’s widget.' }]);
      const [load] = await this.chats.routing.loads(tx, p.accountId, [agentId]);
      const unavailable =
        !load ||
        (takeOver
          ? load.status === 'offline'
          : load.status !== 'online' || !widget || load.activeChats >= maxChatsOf(routingWidgetOf(widget), load));
      if (unavailable)
        throw new ParleyError(
          'agent_unavailable',
          takeOver ? 'Go online to take over a chat.' : 'That agent is not online or has no room for another chat.',
          // Not `status`, which the HTTP problem's own status would hide.
          { meta: { agentStatus: load?.status ?? 'offline', activeChats: load?.activeChats ?? 0 } },
        );
      const now = isoNow(this.deps.clock);
      const from = cur.agentId!;
      const target = await tx.users.get(p.accountId, agentId);
      const byUserName = await this.chats.nameOf(tx, p);
      const next: Chat = {
        ...cur,
        agentId,
        transfers: [...cur.transfers, { fromAgentId: from, toAgentId: agentId, byUserId: p.userId, at: now }],
      };
      const { chat: saved } = await writeChat(
        tx,
        this.deps,
        cur,
        next,
        [
          ...handoverNote(p, byUserName, note),
          {
            type: 'chat.transferred',
            data: { fromAgentId: from, toAgentId: agentId, agentName: target?.name ?? null, byUserId: p.userId, byUserName },
          },
        ],
        now,
        emit,
        [from],
      );
      await this.chats.routing.touch(tx, load, now);
      changed = await this.chats.drainFor(tx, p.accountId, from, now, emit);
      return saved;
    });
    this.chats.typing.clear({ ...chat, agentId: chat.transfers[chat.transfers.length - 1]?.fromAgentId ?? null });
    this.chats.agentTyping.clear(chat);
    await this.chats.publishQueues(p.accountId, changed);
    return toPublicChat(chat);
  }

  /**
   * Takes the account's routing lock and the chat's, and answers the chat if `p` may transfer it: it can read
   * the chat, is its agent or a supervisor and up, and the chat is open and assigned.
   */
  private async lockTransferable(tx: Repositories, p: Principal, chatId: Id): Promise<Chat> {
    await tx.chats.lockRouting(p.accountId);
    const cur = await tx.chats.lock(p.accountId, chatId);
    if (!cur || !(await this.chats.canRead(tx, p, cur))) throw notFound('Chat');
    if (cur.agentId !== p.userId && !canSupervise(p.role)) throw forbidden('Only the chat’s agent or a supervisor can transfer it.');
    if (cur.status !== 'active')
      throw isFinalChat(cur) ? chatClosed(cur.status) : new ParleyError('conflict', 'Only an open (assigned) chat can be transferred.');
    return cur;
  }

  /**
   * Moves an open chat to another widget's queue: it leaves its agent (whose stream loses it), is queued in
   * the target widget as a chat that arrives now, and is routed as usual (a free agent of that widget takes
   * it at once, else it waits its turn). The transcript records it as a `chat.transferred` event with
   * `toWidgetId` (and `toAgentId: null`); the visitor's stream goes on. A widget that would show visitors its
   * offline form now (nobody online or paused, always offline, outside its business hours, or its queue full)
   * takes no transfer: `widget_unavailable`.
   */
  private async toWidget(p: Principal, chatId: Id, widgetId: Id, note: string | undefined): Promise<PublicChat> {
    let changed = new Set<Id>();
    const chat = await commit(this.deps, async (tx, emit) => {
      const cur = await this.lockTransferable(tx, p, chatId);
      if (widgetId === cur.widgetId)
        throw validationFailed([{ path: '/widgetId', code: 'same_widget', message: 'The chat is already in this widget.' }]);
      const target = await tx.widgets.get(p.accountId, widgetId);
      if (!target)
        throw validationFailed([{ path: '/widgetId', code: 'unknown_widget', message: `No widget ${widgetId} in this account.` }]);
      const availability = await this.chats.availabilityIn(tx, target);
      if (availability.mode === 'offline')
        throw new ParleyError(
          'widget_unavailable',
          'That widget takes no chats now (nobody there, outside its hours, or its queue is full).',
          {
            meta: { queueFull: availability.queueFull, outsideBusinessHours: availability.outsideBusinessHours },
          },
        );
      const now = isoNow(this.deps.clock);
      const from = cur.agentId!;
      const byUserName = await this.chats.nameOf(tx, p);
      const next: Chat = { ...cur, widgetId, agentId: null, status: 'queued', queuedAt: now };
      const { chat: saved } = await writeChat(
        tx,
        this.deps,
        cur,
        next,
        [
          ...handoverNote(p, byUserName, note),
          {
            type: 'chat.transferred',
            data: {
              fromAgentId: from,
              toAgentId: null,
              fromWidgetId: cur.widgetId,
              toWidgetId: widgetId,
              widgetName: target.name,
              byUserId: p.userId,
              byUserName,
            },
          },
        ],
        now,
        emit,
        [from],
      );
      changed = await this.chats.routing.drain(tx, p.accountId, [widgetId], now, emit);
      changed.add(widgetId);
      changed = new Set([...changed, ...(await this.chats.drainFor(tx, p.accountId, from, now, emit))]);
      return (await tx.chats.get(p.accountId, chatId)) ?? saved;
    });
    this.chats.typing.clear({ ...chat, agentId: chat.agentId ?? null });
    this.chats.agentTyping.clear(chat);
    await this.chats.publishQueues(p.accountId, changed);
    return toPublicChat(chat);
  }

  /**
   * Gives the open chats of an agent who is gone (set offline, their browser closed past the grace period, or
   * deactivated) back to their widgets' queues, each at the place it had when it first arrived (so they go
   * before visitors who came later), and routes them as usual: a free colleague takes them at once, else they
   * wait. The transcript records a `chat.transferred` event back to the chat's own widget with `reason`, and
   * the visitor's stream goes on. Runs in the caller's transaction, which holds the routing lock; answers the
   * widgets whose queue changed.
   */
  async returnToQueue(
    tx: Repositories,
    accountId: Id,
    agentId: Id,
    reason: 'agent_offline' | 'agent_deactivated',
    at: Instant,
    emit: Emit,
  ): Promise<Set<Id>> {
    const held = await tx.chats.listActiveByAgent(accountId, agentId);
    if (held.length === 0) return new Set();
    const fromAgentName = (await tx.users.get(accountId, agentId))?.name ?? null;
    const widgets = new Map<Id, Widget | null>();
    for (const { id } of held) {
      const cur = await tx.chats.lock(accountId, id);
      if (cur?.status !== 'active' || cur.agentId !== agentId) continue;
      if (!widgets.has(cur.widgetId)) widgets.set(cur.widgetId, await tx.widgets.get(accountId, cur.widgetId));
      const next: Chat = { ...cur, agentId: null, status: 'queued', queuedAt: cur.queuedAt ?? cur.createdAt };
      await writeChat(
        tx,
        this.deps,
        cur,
        next,
        [
          {
            type: 'chat.transferred',
            data: {
              fromAgentId: agentId,
              fromAgentName,
              toAgentId: null,
              fromWidgetId: cur.widgetId,
              toWidgetId: cur.widgetId,
              widgetName: widgets.get(cur.widgetId)?.name ?? null,
              byUserId: null,
              byUserName: null,
              reason,
            },
          },
        ],
        at,
        emit,
        [agentId],
      );
      this.chats.typing.clear({ ...next, agentId });
      this.chats.agentTyping.clear(next);
    }
    if (widgets.size === 0) return new Set();
    const changed = await this.chats.routing.drain(tx, accountId, [...widgets.keys()], at, emit);
    for (const id of widgets.keys()) changed.add(id);
    return changed;
  }

  /**
   * The widgets an open chat may be transferred to (every other widget of the account), by name, each with
   * what its visitors would be shown now (`availability.mode` `offline` means a transfer gets `widget_unavailable`).
   */
  async widgets(p: Principal, chatId: Id): Promise<TransferWidget[]> {
    return this.deps.storage.read(async (r) => {
      const chat = await r.chats.get(p.accountId, chatId);
      if (!chat || !(await this.chats.canRead(r, p, chat))) throw notFound('Chat');
      const out: TransferWidget[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Widget> = await r.widgets.list(p.accountId, { cursor, limit: 200 });
        const others = page.items.filter((w) => w.id !== chat.widgetId);
        const availability = await this.chats.availabilitiesIn(r, p.accountId, others);
        others.forEach((w, i) => out.push({ widgetId: w.id, name: w.name, availability: availability[i]! }));
        cursor = page.nextCursor;
      } while (cursor);
      return out.sort((a, b) => a.name.localeCompare(b.name));
    });
  }
}
