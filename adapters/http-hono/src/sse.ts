import { SESSION_ENDED, SESSIONS_TOPIC, type EventBus, type SessionRef } from '@parley/core';
import type { Context, MiddlewareHandler } from 'hono';
import { type NodeResponse, nodeResponseOf } from './node-response.js';

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

/** Whose a stream is: a signed-in user's streams end with their session (see {@link StreamHub.follow}). */
export interface StreamOwner {
  readonly userId: string;
  /** Absent: the stream does not end with a session (nothing to follow). */
  readonly session?: SessionRef;
}

interface Connection {
  /** Which of the heartbeat's slots the stream is in (see {@link HEARTBEAT_SLOTS}). */
  readonly slot: number;
  write(chunk: string | Uint8Array): void;
  /** Sends what was written since the last flush. */
  flush(): void;
  end(): void;
  readonly owner: { readonly userId: string; readonly ref: string; readonly expiresAtMs: number } | null;
}

/** Why the server ended a stream, sent as a last `end` event so that clients do not reconnect in vain. */
type EndReason = 'session_ended' | 'session_expired';

const encoder = new TextEncoder();

/**
 * The streams are spread over this many slots, and one slot gets its heartbeat every `heartbeatMs / 60`: each
 * stream still hears one every `heartbeatMs`, but 10,000 streams cost the event loop 170 writes at a time, not
 * 10,000 at once (which held every other request up for about 100 ms every 15 s).
 */
export const HEARTBEAT_SLOTS = 60;

/** The chunks written since the last flush as one chunk: text encoded, bytes as they are (not copied when alone). */
const oneChunk = (chunks: readonly (string | Uint8Array)[]): Uint8Array => {
  if (chunks.length === 1 && typeof chunks[0] !== 'string') return chunks[0]!;
  if (chunks.every((c) => typeof c === 'string')) return encoder.encode(chunks.join(''));
  const parts = chunks.map((c) => (typeof c === 'string' ? encoder.encode(c) : c));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

/** Serialises one event. Ids and event names never contain line breaks (they would end the field). */
export const formatSse = (e: SseEvent): string => {
  const id = e.id === null ? '' : `id: ${e.id.replace(/[\r\n]/g, '')}\n`;
  return `${id}event: ${e.event.replace(/[\r\n]/g, '')}\ndata: ${e.json ?? JSON.stringify(e.data ?? null)}\n\n`;
};

/**
 * Requests that {@link nodeStreams} serves, mapped to what their stream does once the response's headers are
 * final: null until a stream responds; then the stream's `attach`, called with Node's response (headers
 * sent), or with null when the app answered something else after all (the stream then ends).
 */
const directRequests = new WeakMap<Context, ((out: NodeResponse | null) => void) | null>();

/**
 * Whether the route answered `c` with a stream that {@link nodeStreams} will start on Node's response: its head
 * is written from the route's response (`c.res`), once every middleware has added its headers there.
 */
export const answersWithNodeStream = (c: Context): boolean => typeof directRequests.get(c) === 'function';

/** Marks the bodiless response a direct stream answers with, until {@link nodeStreams} has written its head. */
const DIRECT_STREAM_HEADER = 'x-parley-direct-stream';
/** `@hono/node-server`'s mark (its `RESPONSE_ALREADY_SENT`): the response was written, leave it alone. */
const ALREADY_SENT_HEADER = 'x-hono-already-sent';

/**
 * Outermost middleware under which event streams on `@hono/node-server` write to Node's response themselves
 * instead of through a web `ReadableStream` that the server pulls from. Such a stream answers the route
 * with a bodiless response; once every other middleware has added its headers, this one sends the head with
 * them all and hands Node's response to the stream. An open stream then keeps no web stream, controller,
 * reader, pending read or suspended pull loop (about 5 KB each), and each event is one `write` instead of
 * an enqueue, a read and a write. Elsewhere (`app.request`, other runtimes) streams use the web body.
 */
export const nodeStreams = (): MiddlewareHandler => async (c, next) => {
  const out = nodeResponseOf(c);
  if (out === null) return next();
  directRequests.set(c, null);
  try {
    await next();
  } finally {
    const attach = directRequests.get(c) ?? null;
    directRequests.delete(c);
    if (attach !== null) {
      const res = c.res;
      if (res.body === null && res.headers.has(DIRECT_STREAM_HEADER)) {
        const headers: Record<string, string | string[]> = {};
        res.headers.forEach((value, name) => {
          if (name !== DIRECT_STREAM_HEADER && name !== 'set-cookie') headers[name] = value;
        });
        const cookies = res.headers.getSetCookie();
        if (cookies.length > 0) headers['set-cookie'] = cookies;
        out.writeHead(res.status, headers);
        // Node keeps the head it wrote for the response's whole life (`_header`), built header by header as a
        // rope of some 70 strings: about 2 KB per open stream, where the text itself is 700 bytes. Reading a
        // character makes V8 flatten the rope in place, and the pieces are garbage.
        const head = (out as { _header?: unknown })._header;
        if (typeof head === 'string') head.charCodeAt(0);
        attach(out);
        c.res = new Response(null, { headers: { [ALREADY_SENT_HEADER]: 'true' } });
      } else {
        attach(null); // an error after the stream began: the app's answer goes out instead
      }
    }
  }
};

/**
 * Every open server-sent-events stream of the app: one shared heartbeat timer for all of them (not one
 * per stream, which matters at 10,000 idle streams; each tick serves one of {@link HEARTBEAT_SLOTS} slots),
 * and `closeAll()` so a shutting-down server ends its streams instead of waiting for clients to hang up.
 *
 * A signed-in user's stream ends with its session: when it expires (checked on each heartbeat) and,
 * once the hub {@link follow}s the bus, when it is ended early (logout, password change, deactivation,
 * removal). The stream gets a last `end` event (`{"reason":"session_ended"|"session_expired"}`).
 */
export class StreamHub {
  /** The open streams, by heartbeat slot. */
  private readonly slots: Set<Connection>[] = Array.from({ length: HEARTBEAT_SLOTS }, () => new Set());
  private nextSlot = 0;
  private tick = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private closed = false;
  private readonly followed = new Map<EventBus, () => void>();
  /** The last already-serialized event, encoded once for every stream it is sent to (a fan-out). */
  private lastShared: { readonly id: string | null; readonly event: string; readonly json: string; readonly frame: Uint8Array } | null =
    null;

  constructor(options: StreamHubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.retryMs = options.retryMs ?? 2000;
  }

  /**
   * Streams written to since the last flush, flushed together once pending I/O has had its turn: a fan-out
   * to 1,000 streams (a monitor snapshot) is one callback, not 1,000.
   */
  private unflushed = new Set<Connection>();

  /** How many streams are open. */
  get size(): number {
    return this.slots.reduce((n, slot) => n + slot.size, 0);
  }

  /**
   * An SSE response. `start` is called with a writer once the stream exists and returns what to do when
   * it ends (client gone, server closing, or `writer.close()`), exactly once. With an `owner` that has a
   * session, the stream ends with that session.
   */
  respond(c: Context, start: (w: SseWriter) => () => void, options: { readonly owner?: StreamOwner } = {}): Response {
    let cleanup: (() => void) | null = null;
    let ended = false;
    // Where the bytes go: Node's response once nodeStreams attaches it (written to directly), else a web stream.
    const direct = directRequests.has(c) && directRequests.get(c) === null;
    // Closures below keep what they use for as long as the stream is open: not the request's context.
    const isHead = c.req.method === 'HEAD';
    let out: NodeResponse | null = null;
    let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
    // What was written since the last flush (null: nothing): events that come together (a group of messages
    // committed at once) leave in one chunk, one socket write, instead of one each.
    let pending: (string | Uint8Array)[] | null = null;
    const flush = () => {
      if (pending === null || (direct && out === null)) return; // a direct stream waits for its response
      const chunks = pending;
      pending = null;
      try {
        if (out !== null) {
          if (out.destroyed) throw new Error('the client is gone');
          out.write(chunks.length === 1 ? chunks[0]! : oneChunk(chunks));
        } else controller!.enqueue(oneChunk(chunks));
      } catch {
        conn.end();
      }
    };
    const session = options.owner?.session;
    const slot = this.nextSlot++ % HEARTBEAT_SLOTS;
    const conn: Connection = {
      slot,
      owner: session ? { userId: options.owner!.userId, ref: session.ref, expiresAtMs: Date.parse(session.expiresAt) } : null,
      write: (chunk) => {
        if (ended) return;
        if (pending !== null) return void pending.push(chunk);
        pending = [chunk];
        this.queueFlush(conn);
      },
      flush,
      end: () => {
        if (ended) return;
        flush(); // what was written before the end still leaves
        if (ended) return; // the flush found the client gone, and ended the stream itself
        ended = true;
        this.slots[conn.slot]!.delete(conn);
        if (this.size === 0) this.stopHeartbeat();
        try {
          cleanup?.();
        } finally {
          try {
            if (out !== null) out.end();
            else controller?.close();
          } catch {
            // already closed or cancelled by the client
          }
        }
      },
    };
    const body = direct
      ? null
      : new ReadableStream<Uint8Array>({
          start: (ctrl) => {
            controller = ctrl;
          },
          cancel: () => conn.end(),
        });
    if (direct)
      directRequests.set(c, (response) => {
        if (response === null) return conn.end();
        out = response;
        if (ended) {
          // ended before its head was sent (a HEAD, a shutdown): what it wrote still leaves
          if (pending !== null && !isHead) response.write(oneChunk(pending));
          pending = null;
          return void response.end();
        }
        response.once('close', () => conn.end());
        flush();
      });
    if (this.closed) {
      queueMicrotask(() => conn.end());
    } else {
      this.slots[slot]!.add(conn);
      this.startHeartbeat();
      conn.write(`retry: ${this.retryMs}\n: connected\n\n`);
      cleanup = start({
        send: (e) => conn.write(e.json === undefined ? formatSse(e) : this.sharedFrame(e, e.json)),
        close: () => conn.end(),
      });
      // The client hanging up ends the stream. On @hono/node-server the Node response's `close` says so without
      // building the request's AbortSignal (an AbortController and its listeners kept per open stream); a
      // direct stream listens once its response is attached.
      if (!direct) {
        const outgoing = nodeResponseOf(c);
        if (outgoing !== null) outgoing.once('close', () => conn.end());
        else c.req.raw.signal?.addEventListener('abort', () => conn.end(), { once: true });
      }
      // Hono answers a HEAD through the GET route and drops the body without cancelling it: end the stream
      // now, or it would stay open (and hold what it holds) with nobody reading.
      if (isHead) conn.end();
    }
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...(direct ? { [DIRECT_STREAM_HEADER]: '1' } : {}),
      },
    });
  }

  /**
   * Ends the streams of sessions ended early, as `bus` announces them ({@link SESSION_ENDED}). Once per
   * bus; `closeAll()` stops following.
   */
  follow(bus: EventBus): void {
    if (this.followed.has(bus)) return;
    this.followed.set(
      bus,
      bus.subscribe(SESSIONS_TOPIC, (e) => {
        if (e.type !== SESSION_ENDED || typeof e.data.userId !== 'string') return;
        const ref = typeof e.data.ref === 'string' ? e.data.ref : null;
        for (const conn of this.all())
          if (conn.owner && conn.owner.userId === e.data.userId && (ref === null || conn.owner.ref === ref))
            this.endWith(conn, 'session_ended');
      }),
    );
  }

  /** Ends every open stream and refuses new ones (they end at once). For shutdown. */
  closeAll(): void {
    this.closed = true;
    for (const conn of this.all()) conn.end();
    this.stopHeartbeat();
    for (const unsubscribe of this.followed.values()) unsubscribe();
    this.followed.clear();
  }

  /** Every open stream, as a list (ending one changes the sets). */
  private all(): Connection[] {
    return this.slots.flatMap((slot) => [...slot]);
  }

  /**
   * An event with `json` as encoded bytes: the monitor sends one serialized snapshot to every stream of an
   * audience in one loop, so the frame is encoded once for all of them (and the same bytes go to each socket)
   * instead of once per stream.
   */
  private sharedFrame(e: SseEvent, json: string): Uint8Array {
    const last = this.lastShared;
    if (last && last.json === json && last.id === e.id && last.event === e.event) return last.frame;
    const frame = encoder.encode(formatSse(e));
    this.lastShared = { id: e.id, event: e.event, json, frame };
    return frame;
  }

  private queueFlush(conn: Connection): void {
    if (this.unflushed.size === 0)
      setImmediate(() => {
        const due = this.unflushed;
        this.unflushed = new Set();
        for (const c of due) c.flush();
      });
    this.unflushed.add(conn);
  }

  private endWith(conn: Connection, reason: EndReason): void {
    conn.write(formatSse({ id: null, event: 'end', data: { reason } }));
    conn.end();
  }

  private startHeartbeat(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(
      () => {
        const now = Date.now();
        for (const conn of [...this.slots[this.tick++ % HEARTBEAT_SLOTS]!]) {
          if (conn.owner && conn.owner.expiresAtMs <= now) this.endWith(conn, 'session_expired');
          else conn.write(': heartbeat\n\n');
        }
      },
      Math.max(1, this.heartbeatMs / HEARTBEAT_SLOTS),
    );
    this.timer.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
  }
}
