import type { Id } from '../model/types.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import { isoNow, type Clock } from '../ports/system.js';
import { topics } from './chat-writes.js';
import { type Scheduler, systemScheduler } from '../runtime/scheduler.js';

/** Bus event a visitor stream publishes when it opens, so every host instance knows the visitor is back. */
export const VISITOR_CONNECTED = 'chat.visitor_connected';
/** Bus event an agent stream publishes when it opens, so every host instance knows the agent is back. */
export const AGENT_CONNECTED = 'agent.connected';

/** Who a {@link StreamPresence} watches: where their streams announce themselves, and what ends the wait. */
export interface PresenceKind {
  /** The bus topic of one of them where settling events arrive (the chat's for visitors, the agent's for agents). */
  readonly topic: (id: Id) => string;
  /** The event a stream publishes when it opens. */
  readonly connected: string;
  /** Events after which they need not come back (the chat left the queue; the agent chose a status). */
  readonly settles: ReadonlySet<string>;
  /** The connected event's data. */
  readonly dataOf: (id: Id) => Readonly<Record<string, unknown>>;
}

/** Published by an instance whose grace timer starts: is a stream of theirs open anywhere? */
export const PRESENCE_PROBE = 'presence.probe';

/** Where streams of the one with this topic announce that they opened (and where probes are asked). */
export const presenceTopic = (topic: string): string => `presence:${topic}`;

/** Visitors of queued chats: the wait ends when the chat leaves the queue. */
export const visitorStreams: PresenceKind = {
  topic: topics.chat,
  connected: VISITOR_CONNECTED,
  settles: new Set(['chat.assigned', 'chat.closed', 'chat.abandoned']),
  dataOf: (chatId) => ({ chatId }),
};

/** Agents: the wait ends when their status changes (they chose one, or went offline). */
export const agentStreams: PresenceKind = {
  topic: topics.agent,
  connected: AGENT_CONNECTED,
  settles: new Set(['agent.status']),
  dataOf: (userId) => ({ userId }),
};

/**
 * Notices people who left: queued visitors (whose chat is then abandoned) and agents (who then go
 * offline). When someone's last stream closes while they matter (a chat still queued, an agent online or
 * paused), a timer of `graceMs` starts; a stream of theirs that opens meanwhile, on this instance or
 * another (heard through the bus), or a settling event (see {@link PresenceKind}), cancels it. When it
 * fires, `onGone` runs, and decides under its own transaction whether anything is still to be done.
 *
 * With several instances on a shared bus, a timer that starts asks the others ({@link PRESENCE_PROBE});
 * an instance where a stream of theirs is still open answers as if it had just opened, which cancels it.
 */
export class StreamPresence {
  private readonly open = new Map<Id, number>();
  private readonly timers = new Map<Id, { handle: unknown; unsubscribe: () => void }>();
  /** For each id with an open stream here, the subscription that answers other instances' probes. */
  private readonly answering = new Map<Id, () => void>();
  private closed = false;

  constructor(
    private readonly kind: PresenceKind,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly graceMs: number | null,
    private readonly onGone: (accountId: Id, id: Id) => Promise<void>,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** A stream of `id` opened. */
  opened(accountId: Id, id: Id): void {
    const n = (this.open.get(id) ?? 0) + 1;
    this.open.set(id, n);
    this.cancel(id);
    if (n === 1 && !this.closed) {
      this.answering.set(
        id,
        this.events.subscribe(presenceTopic(this.kind.topic(id)), (e) => {
          if (e.type === PRESENCE_PROBE && this.open.has(id)) this.announce(accountId, id, this.kind.connected);
        }),
      );
    }
    this.announce(accountId, id, this.kind.connected);
  }

  /** A stream of `id` closed; `matters` says whether its absence must be noticed. */
  closedStream(accountId: Id, id: Id, matters: boolean): void {
    const n = (this.open.get(id) ?? 1) - 1;
    if (n > 0) {
      this.open.set(id, n);
      return;
    }
    this.open.delete(id);
    this.answering.get(id)?.();
    this.answering.delete(id);
    if (matters) this.expectReturn(accountId, id);
  }

  /** Starts the grace timer of `id`, who has no open stream here (a chat just queued, or found at start-up). */
  expectReturn(accountId: Id, id: Id): void {
    if (this.closed || this.graceMs === null || this.open.has(id) || this.timers.has(id)) return;
    const unsubscribeSettled = this.events.subscribe(this.kind.topic(id), (e: DomainEvent) => {
      if (this.kind.settles.has(e.type)) this.cancel(id);
    });
    const unsubscribeConnected = this.events.subscribe(presenceTopic(this.kind.topic(id)), (e: DomainEvent) => {
      if (e.type === this.kind.connected) this.cancel(id);
    });
    const unsubscribe = () => {
      unsubscribeSettled();
      unsubscribeConnected();
    };
    const handle = this.scheduler.setTimeout(() => {
      this.cancel(id);
      if (this.open.has(id)) return;
      this.onGone(accountId, id).catch(() => {});
    }, this.graceMs);
    this.timers.set(id, { handle, unsubscribe });
    this.announce(accountId, id, PRESENCE_PROBE); // a stream still open on another instance answers
  }

  /**
   * Publishes `type` on the presence topic of `id`: on a topic of its own, which only grace timers and
   * probe answerers listen to (on the chat's or agent's topic every open stream of theirs would get it,
   * and 10,000 streams of one user would make that quadratic).
   */
  private announce(accountId: Id, id: Id, type: string): void {
    this.events
      .publish({ type, accountId, topics: [presenceTopic(this.kind.topic(id))], at: isoNow(this.clock), data: this.kind.dataOf(id) })
      .catch(() => undefined); // the bus reports its own failures
  }

  /** How many grace timers are running (for tests and metrics). */
  get pending(): number {
    return this.timers.size;
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.timers.keys()]) this.cancel(id);
    for (const unsubscribe of this.answering.values()) unsubscribe();
    this.answering.clear();
  }

  private cancel(id: Id): void {
    const t = this.timers.get(id);
    if (!t) return;
    this.timers.delete(id);
    this.scheduler.clearTimeout(t.handle);
    t.unsubscribe();
  }
}
