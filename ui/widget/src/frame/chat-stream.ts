import { api, type ChatEvent } from './api.js';

const STORED = ['chat.queued', 'chat.message', 'chat.assigned', 'chat.transferred', 'chat.closed', 'chat.abandoned', 'chat.offline'];

export interface StreamHandlers {
  stored(e: ChatEvent): void;
  queue(q: { position: number; estimatedWaitSeconds: number | null; staffed?: boolean }): void;
  agentTyping(t: { typing: boolean; alias: string }): void;
  /** Connected (true) or trying again (false). */
  connection(live: boolean): void;
  /** The server no longer knows the chat or its token: forget it. */
  gone(): void;
}

/**
 * The chat's event stream. EventSource reconnects by itself after a dropped connection (sending
 * `Last-Event-ID`); when the server refuses a reconnect, EventSource gives up, so this opens a new one
 * after a growing pause, resuming after the newest seq seen, unless the server says the chat is gone.
 */
export const openChatStream = (chatId: string, token: string, after: () => number, on: StreamHandlers): { close(): void } => {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let closed = false;

  const parse = (e: Event) => {
    try {
      return JSON.parse((e as MessageEvent<string>).data) as unknown;
    } catch {
      return null;
    }
  };
  const connect = () => {
    if (closed) return;
    const s = new EventSource(api.eventsUrl(chatId, token, after()));
    source = s;
    s.onopen = () => {
      failures = 0;
      on.connection(true);
    };
    for (const type of STORED)
      s.addEventListener(type, (e) => {
        const data = parse(e) as ChatEvent | null;
        if (data && typeof data.seq === 'number') on.stored(data);
      });
    s.addEventListener('chat.queue', (e) => {
      const q = parse(e) as { position: number; estimatedWaitSeconds: number | null; staffed?: boolean } | null;
      if (q && typeof q.position === 'number') on.queue(q);
    });
    s.addEventListener('chat.agent_typing', (e) => {
      const t = parse(e) as { typing: boolean; alias: string } | null;
      if (t && typeof t.typing === 'boolean') on.agentTyping({ typing: t.typing, alias: String(t.alias ?? '') });
    });
    s.onerror = () => {
      on.connection(false);
      if (s.readyState !== EventSource.CLOSED) return; // EventSource tries again by itself
      s.close();
      void retry();
    };
  };
  const retry = async () => {
    failures++;
    if (failures >= 3) {
      // Refused again and again: for good (no such chat, token not valid) or for now (restart, rate limit)?
      const abort = new AbortController();
      const res = await fetch(api.eventsUrl(chatId, token, after()), { signal: abort.signal }).catch(() => null);
      abort.abort();
      if (closed) return;
      if (res && (res.status === 401 || res.status === 404)) return on.gone();
    }
    timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
  };
  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      source?.close();
    },
  };
};
