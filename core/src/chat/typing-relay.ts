import type { Id } from '../model/types.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import type { Clock } from '../ports/system.js';
import { topics } from './chat-writes.js';
import { systemScheduler, type Scheduler } from '../runtime/scheduler.js';

/** The chat a typing update is about. */
export interface TypingTarget {
  readonly id: Id;
  readonly accountId: Id;
  readonly agentId: Id | null;
}

interface TypingState<V> {
  lastSentAt: number;
  pending: { target: TypingTarget; value: V } | null;
  timer: unknown;
  /** The chat as last updated (its agent, for a clear after the chat left them). */
  target: TypingTarget;
  /** The last value published, if any. */
  shown: V | null;
}

/**
 * The event a relay publishes for a chat: `value` is the update, or null when cleared (`shown` is then
 * what was published last, if anything). Null publishes nothing.
 */
export type TypingEventOf<V> = (
  chat: TypingTarget,
  value: V | null,
  shown: V | null,
) => Pick<DomainEvent, 'type' | 'topics' | 'data'> | null;

/**
 * Relays what one side of a chat is typing to the other, never stored. Throttled per chat, latest wins:
 * at most one update per `intervalMs`; updates in between replace each other and the last one is sent
 * when the interval is over. `clear` (the message was sent, or the chat ended) drops what is pending and,
 * if the other side was shown something, tells them it is gone. What is published is `eventOf`'s:
 * - {@link visitorDraftEvent}: the visitor's sneak peek, their draft as `chat.typing` on the agent's topic;
 * - {@link agentTypingEvent}: that the agent is typing (never the text), as `chat.agent_typing` on the
 *   chat's topic, which the visitor's stream forwards.
 */
export class TypingRelay<V> {
  private readonly state = new Map<Id, TypingState<V>>();

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly eventOf: TypingEventOf<V>,
    private readonly intervalMs = 250,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  update(chat: TypingTarget, value: V): void {
    const now = this.clock.now().getTime();
    let s = this.state.get(chat.id);
    if (!s) {
      s = { lastSentAt: -Infinity, pending: null, timer: null, target: chat, shown: null };
      this.state.set(chat.id, s);
    }
    s.target = chat;
    const wait = s.lastSentAt + this.intervalMs - now;
    if (wait <= 0 && s.timer === null) {
      s.lastSentAt = now;
      this.publish(s, chat, value);
      return;
    }
    s.pending = { target: chat, value };
    if (s.timer === null) {
      const state = s;
      state.timer = this.scheduler.setTimeout(
        () => {
          state.timer = null;
          const p = state.pending;
          state.pending = null;
          if (!p || this.state.get(chat.id) !== state) return;
          state.lastSentAt = this.clock.now().getTime();
          this.publish(state, p.target, p.value);
        },
        Math.max(0, wait),
      );
    }
  }

  /** Drops any pending update and, if the other side was shown one, tells them it is gone. */
  clear(chat: TypingTarget): void {
    const s = this.state.get(chat.id);
    if (!s) return;
    if (s.timer !== null) this.scheduler.clearTimeout(s.timer);
    this.state.delete(chat.id);
    this.send({ ...chat, agentId: chat.agentId ?? s.target.agentId }, null, s.shown);
  }

  /** Cancels every timer (shutdown). */
  close(): void {
    for (const s of this.state.values()) if (s.timer !== null) this.scheduler.clearTimeout(s.timer);
    this.state.clear();
  }

  private publish(s: TypingState<V>, chat: TypingTarget, value: V): void {
    if (this.send(chat, value, s.shown)) s.shown = value;
  }

  private send(chat: TypingTarget, value: V | null, shown: V | null): boolean {
    const e = this.eventOf(chat, value, shown);
    if (!e) return false;
    this.events.publish({ ...e, accountId: chat.accountId, at: this.clock.now().toISOString() }).catch(() => undefined); // never stored, so nothing to lose; the bus reports its own failures
    return true;
  }
}

/** The visitor's draft to the chat's agent (`chat.typing`, agent topic); cleared with an empty text. */
export const visitorDraftEvent: TypingEventOf<string> = (chat, text) =>
  chat.agentId
    ? { type: 'chat.typing', topics: [topics.agent(chat.agentId)], data: { chatId: chat.id, by: 'visitor', text: text ?? '' } }
    : null;

/** Who is typing on the agent's side: their alias, shown to the visitor. */
export interface AgentTyping {
  readonly typing: boolean;
  readonly alias: string;
}

/**
 * Whether the agent is typing, to the visitor (`chat.agent_typing`, chat topic), never the text; cleared
 * with `typing: false` once something was shown.
 */
export const agentTypingEvent: TypingEventOf<AgentTyping> = (chat, value, shown) => {
  const data = value ?? (shown ? { typing: false, alias: shown.alias } : null);
  return data ? { type: 'chat.agent_typing', topics: [topics.chat(chat.id)], data: { typing: data.typing, alias: data.alias } } : null;
};
