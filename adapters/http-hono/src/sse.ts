import type { Context } from 'hono';

/** One event to write: `id:` (omitted when null), `event:`, and `data:` as one line of JSON. */
export interface SseEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: unknown;
  /**
   * Already-serialized JSON (one line, as `JSON.stringify` gives it) sent instead of `data`, so that one
   * serialization can serve many streams (the monitor's fan-out).
   */
  readonly json?: string;
}

export interface SseWriter {
  send(e: SseEvent): void;
  /** Ends the stream from the server side. */
  close(): void;
}

export interface StreamHubOptions {
  /** A comment line is written to every open stream this often, so idle connections survive proxies. Default 15 000. */
  readonly heartbeatMs?: number;
  /** The reconnection delay suggested to EventSource clients (`retry:`). Default 2000. */
  readonly retryMs?: number;
}

interface Connection {
  write(text: string): void;
  end(): void;
}

const encoder = new TextEncoder();

/** Serialises one event. Ids and event names never contain line breaks (they would end the field). */
export const formatSse = (e: SseEvent): string => {
  const id = e.id === null ? '' : `id: ${e.id.replace(/[\r\n]/g, '')}\n`;
  return `${id}event: ${e.event.replace(/[\r\n]/g, '')}\ndata: ${e.json ?? JSON.stringify(e.data ?? null)}\n\n`;
};

/**
 * Every open server-sent-events stream of the app: one shared heartbeat timer for all of them (not one
 * per stream, which matters at 10,000 idle streams), and `closeAll()` so a shutting-down server ends
 * its streams instead of waiting for clients to hang up.
 */
export class StreamHub {
  private readonly open = new Set<Connection>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private closed = false;

  constructor(options: StreamHubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.retryMs = options.retryMs ?? 2000;
  }

  /** How many streams are open. */
  get size(): number {
    return this.open.size;
  }

  /**
   * An SSE response. `start` is called with a writer once the stream exists and returns what to do when
   * it ends (client gone, server closing, or `writer.close()`), exactly once.
   */
  respond(c: Context, start: (w: SseWriter) => () => void): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let cleanup: (() => void) | null = null;
    let ended = false;
    // What was written since the last flush: events that come together (a group of messages committed at
    // once) leave in one chunk, one socket write, instead of one each.
    let pending = '';
    let flushScheduled = false;
    const flush = () => {
      flushScheduled = false;
      if (pending === '') return;
      const text = pending;
      pending = '';
      try {
        controller.enqueue(encoder.encode(text));
      } catch {
        conn.end();
      }
    };
    const conn: Connection = {
      write: (text) => {
        if (ended) return;
        pending += text;
        if (flushScheduled) return;
        flushScheduled = true;
        setImmediate(flush);
      },
      end: () => {
        if (ended) return;
        flush(); // what was written before the end still leaves
        if (ended) return; // the flush found the client gone, and ended the stream itself
        ended = true;
        this.open.delete(conn);
        if (this.open.size === 0) this.stopHeartbeat();
        try {
          cleanup?.();
        } finally {
          try {
            controller.close();
          } catch {
            // already closed or cancelled by the client
          }
        }
      },
    };
    const body = new ReadableStream<Uint8Array>({
      start: (ctrl) => {
        controller = ctrl;
      },
      cancel: () => conn.end(),
    });
    if (this.closed) {
      queueMicrotask(() => conn.end());
    } else {
      this.open.add(conn);
      this.startHeartbeat();
      conn.write(`retry: ${this.retryMs}\n: connected\n\n`);
      cleanup = start({ send: (e) => conn.write(formatSse(e)), close: () => conn.end() });
      c.req.raw.signal?.addEventListener('abort', () => conn.end(), { once: true });
    }
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  }

  /** Ends every open stream and refuses new ones (they end at once). For shutdown. */
  closeAll(): void {
    this.closed = true;
    for (const conn of [...this.open]) conn.end();
    this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      for (const conn of this.open) conn.write(': heartbeat\n\n');
    }, this.heartbeatMs);
    this.timer.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
  }
}
