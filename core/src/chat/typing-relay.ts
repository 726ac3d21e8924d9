import type { Id } from '../model/types.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Clock } from '../ports/system.js';
import { topics } from './chat-writes.js';

/** Timers, injectable so tests can drive them. Handles are opaque. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface TypingTarget {
  readonly id: Id;
  readonly accountId: Id;
  readonly agentId: Id | null;
}

interface TypingState {
  lastSentAt: number;
  pending: { target: TypingTarget; text: string } | null;
  timer: unknown;
  agentId: Id | null;
}

/**
 * The visitor's sneak peek: their draft, relayed to the chat's agent as `chat.typing` events on the
 * agent's topic. Never stored. Throttled per chat, latest wins: at most one update per `intervalMs`;
 * updates in between replace each other and the last one is sent when the interval is over. `clear`
 * (the message was sent, or the chat ended) drops what is pending and tells the agent the draft is gone.
 */
export class TypingRelay {
  private readonly state = new Map<Id, TypingState>();

  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly intervalMs = 250,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  update(chat: TypingTarget, text: string): void {
    if (!chat.agentId) return; // nobody to show it to yet
    const now = this.clock.now().getTime();
    let s = this.state.get(chat.id);
    if (!s) {
      s = { lastSentAt: -Infinity, pending: null, timer: null, agentId: chat.agentId };
      this.state.set(chat.id, s);
    }
    s.agentId = chat.agentId;
    const wait = s.lastSentAt + this.intervalMs - now;
    if (wait <= 0 && s.timer === null) {
      s.lastSentAt = now;
      this.publish(chat, text);
      return;
    }
    s.pending = { target: chat, text };
    if (s.timer === null) {
      const state = s;
      state.timer = this.scheduler.setTimeout(() => {
        state.timer = null;
        const p = state.pending;
        state.pending = null;
        if (!p || this.state.get(chat.id) !== state) return;
        state.lastSentAt = this.clock.now().getTime();
        this.publish(p.target, p.text);
      }, Math.max(0, wait));
    }
  }

  /** Drops any pending draft and, if the agent was shown one, tells them it is gone (empty text). */
  clear(chat: TypingTarget): void {
    const s = this.state.get(chat.id);
    if (!s) return;
    if (s.timer !== null) this.scheduler.clearTimeout(s.timer);
    this.state.delete(chat.id);
    this.publish({ ...chat, agentId: chat.agentId ?? s.agentId }, '');
  }

  /** Cancels every timer (shutdown). */
  close(): void {
    for (const s of this.state.values()) if (s.timer !== null) this.scheduler.clearTimeout(s.timer);
    this.state.clear();
  }

  private publish(chat: TypingTarget, text: string): void {
    if (!chat.agentId) return;
    this.events
      .publish({
        type: 'chat.typing',
        accountId: chat.accountId,
        topics: [topics.agent(chat.agentId)],
        at: this.clock.now().toISOString(),
        data: { chatId: chat.id, by: 'visitor', text },
      })
      .catch(() => undefined); // never stored, so nothing to lose; the bus reports its own failures
  }
}
