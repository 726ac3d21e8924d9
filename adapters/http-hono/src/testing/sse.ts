import { vi } from 'vitest';

/** One server-sent event as EventSource would deliver it, with when it arrived. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: any;
  at: number;
}

/**
 * Test helper: opens `url` and parses its server-sent events the way EventSource does (id, event, data
 * lines; comments collected separately), until the test closes it or the server ends it.
 */
export const openSse = async (url: string, headers: Record<string, string> = {}, waitTimeoutMs = 10_000) => {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let ended = false;
  const pump = (async () => {
    if (!res.ok) return;
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const m: SseMessage = { id: null, event: 'message', data: null, at: Date.now() };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) m.id = line.slice(4);
            else if (line.startsWith('event: ')) m.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              m.data = JSON.parse(line.slice(6));
              hasData = true;
            }
          }
          if (hasData) messages.push(m);
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    messages,
    comments,
    get ended() {
      return ended;
    },
    close: async () => {
      ac.abort();
      await pump;
    },
    waitFor: (pred: () => boolean, what = 'condition') =>
      vi.waitFor(
        () => {
          if (!pred()) throw new Error(`still waiting for ${what}`);
        },
        { timeout: waitTimeoutMs, interval: 10 },
      ),
  };
};
