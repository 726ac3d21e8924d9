import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_SLOTS, nodeStreams, StreamHub, type SseWriter } from './sse.js';

/** A hub behind one route; answers the response and the writer its stream got. */
const openStream = async (hub: StreamHub) => {
  let writer: SseWriter | null = null;
  let ended = 0;
  const app = new Hono();
  app.get('/s', (c) =>
    hub.respond(c, (w) => {
      writer = w;
      return () => ended++;
    }),
  );
  const res = await app.request('/s');
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  const next = async () => {
    const { done, value } = await reader.read();
    return done ? null : dec.decode(value);
  };
  return { res, writer: writer! as SseWriter, next, ended: () => ended };
};

describe('server-sent event streams', () => {
  it('sends events written together as one chunk, in order', async () => {
    const s = await openStream(new StreamHub({ heartbeatMs: 60_000, retryMs: 1500 }));
    expect(s.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await s.next()).toBe('retry: 1500\n: connected\n\n');
    s.writer.send({ id: '1', event: 'chat.message', data: { text: 'one' } });
    s.writer.send({ id: '2', event: 'chat.message', data: { text: 'two' } });
    s.writer.send({ id: null, event: 'typing', json: '{"text":"thr"}', data: null });
    expect(await s.next()).toBe(
      'id: 1\nevent: chat.message\ndata: {"text":"one"}\n\n' +
        'id: 2\nevent: chat.message\ndata: {"text":"two"}\n\n' +
        'event: typing\ndata: {"text":"thr"}\n\n',
    );
    s.writer.close();
    expect(await s.next()).toBeNull();
  });

  it('still sends what was written just before the stream ends, then ends it once', async () => {
    const hub = new StreamHub({ heartbeatMs: 60_000 });
    const s = await openStream(hub);
    await s.next();
    s.writer.send({ id: '7', event: 'chat.closed', data: { by: 'agent' } });
    s.writer.close();
    s.writer.close();
    expect(await s.next()).toBe('id: 7\nevent: chat.closed\ndata: {"by":"agent"}\n\n');
    expect(await s.next()).toBeNull();
    expect(s.ended()).toBe(1);
    expect(hub.size).toBe(0);
    s.writer.send({ id: '8', event: 'chat.message', data: {} }); // after the end: dropped, no error
  });

  it('answers a HEAD with the stream’s headers and ends the stream it started at once', async () => {
    const hub = new StreamHub({ heartbeatMs: 60_000 });
    let ended = 0;
    const app = new Hono();
    app.get('/s', (c) => hub.respond(c, () => () => ended++));
    // Hono answers HEAD with the GET route and drops its body without cancelling it.
    const res = await app.request('/s', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.body).toBeNull();
    expect(hub.size).toBe(0);
    expect(ended).toBe(1);
  });

  it('strips line breaks from ids and event names, which would end their field', async () => {
    const s = await openStream(new StreamHub({ heartbeatMs: 60_000 }));
    await s.next();
    s.writer.send({ id: '1\n2', event: 'a\r\nb', data: 'x' });
    expect(await s.next()).toBe('id: 12\nevent: ab\ndata: "x"\n\n');
    s.writer.close();
  });

  describe('heartbeats', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('are spread over the period: each tick serves one slot of streams, and every stream hears one each period', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const period = HEARTBEAT_SLOTS * 100;
      const hub = new StreamHub({ heartbeatMs: period });
      const app = new Hono();
      app.get('/s', (c) => hub.respond(c, () => () => {}));
      const received: string[] = [];
      const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
      for (let i = 0; i < 2 * HEARTBEAT_SLOTS; i++) {
        const reader = (await app.request('/s')).body!.getReader();
        readers.push(reader);
        received.push('');
        void (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            received[i] += new TextDecoder().decode(value);
          }
        })();
      }
      const beats = () => received.map((t) => t.split(': heartbeat').length - 1);
      const settle = () => new Promise((r) => setImmediate(() => setImmediate(r)));
      await settle();
      expect(beats().every((n) => n === 0)).toBe(true);
      vi.advanceTimersByTime(100); // one tick: the first slot only
      await settle();
      expect(beats().filter((n) => n === 1)).toHaveLength(2);
      vi.advanceTimersByTime(period - 100); // the rest of the period: every slot once
      await settle();
      expect(beats().every((n) => n === 1)).toBe(true);
      hub.closeAll();
      for (const r of readers) await r.cancel().catch(() => {});
    });
  });

  it('ends the stream when the client hangs up, served by @hono/node-server', async () => {
    const hub = new StreamHub({ heartbeatMs: 60_000 });
    let ended = 0;
    const app = new Hono();
    app.get('/s', (c) => hub.respond(c, () => () => ended++));
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const req = request({ host: '127.0.0.1', port, path: '/s' });
      const first = await new Promise<string>((resolve, reject) => {
        req.on('response', (res) => res.once('data', (d: Buffer) => resolve(d.toString())));
        req.on('error', reject);
        req.end();
      });
      expect(first).toContain(': connected');
      expect(hub.size).toBe(1);
      req.destroy();
      await vi.waitFor(() => expect(hub.size).toBe(0));
      expect(ended).toBe(1);
    } finally {
      hub.closeAll();
      server.close();
    }
  });

  describe('written to Node’s response directly, under nodeStreams', () => {
    /** A hub behind `/s` on @hono/node-server, under nodeStreams and a middleware that adds headers after the route. */
    const serveHub = async (route?: (c: import('hono').Context) => Response | Promise<Response>) => {
      const hub = new StreamHub({ heartbeatMs: 60_000 });
      let writer: SseWriter | null = null;
      let ended = 0;
      let answered: Response | null = null;
      const app = new Hono();
      app.onError((_err, c) => c.text('failed', 500));
      app.use(nodeStreams());
      app.use(async (c, next) => {
        await next();
        c.header('x-after-route', 'yes');
        c.header('set-cookie', 'a=1');
        c.header('set-cookie', 'b=2', { append: true });
      });
      app.get(
        '/s',
        route ??
          ((c) =>
            (answered = hub.respond(c, (w) => {
              writer = w;
              return () => ended++;
            }))),
      );
      const server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      const { port } = server.address() as AddressInfo;
      /** Opens `/s`; `chunks` collects what arrives, `done` resolves when the server ends the response. */
      const open = (method = 'GET') =>
        new Promise<{ res: import('node:http').IncomingMessage; chunks: string[]; done: Promise<void>; destroy: () => void }>(
          (resolve, reject) => {
            const req = request({ host: '127.0.0.1', port, path: '/s', method });
            req.on('response', (res) => {
              const chunks: string[] = [];
              res.setEncoding('utf8');
              res.on('data', (d: string) => chunks.push(d));
              const done = new Promise<void>((r) => res.on('end', () => r()));
              resolve({ res, chunks, done, destroy: () => req.destroy() });
            });
            req.on('error', reject);
            req.end();
          },
        );
      return {
        hub,
        open,
        writer: () => writer!,
        ended: () => ended,
        answered: () => answered,
        close: () => {
          hub.closeAll();
          server.close();
        },
      };
    };

    it('sends its head with the headers middleware added after the route, then the events as written, one write per flush', async () => {
      const t = await serveHub();
      try {
        const s = await t.open();
        expect(s.res.statusCode).toBe(200);
        expect(s.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect(s.res.headers['x-after-route']).toBe('yes');
        expect(s.res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
        expect(s.res.headers['x-parley-direct-stream']).toBeUndefined();
        expect(s.res.headers['x-hono-already-sent']).toBeUndefined();
        expect(t.answered()!.body).toBeNull(); // no web stream between the hub and the socket
        await vi.waitFor(() => expect(s.chunks.join('')).toContain(': connected'));
        const before = s.chunks.length;
        t.writer().send({ id: '1', event: 'a', data: { n: 1 } });
        t.writer().send({ id: '2', event: 'b', data: { n: 2 } });
        await vi.waitFor(() => expect(s.chunks.length).toBe(before + 1));
        expect(s.chunks.at(-1)).toBe('id: 1\nevent: a\ndata: {"n":1}\n\nid: 2\nevent: b\ndata: {"n":2}\n\n');
        t.writer().close();
        await s.done; // the server ended the response
        expect(t.ended()).toBe(1);
        expect(t.hub.size).toBe(0);
      } finally {
        t.close();
      }
    });

    it('ends the stream when the client hangs up', async () => {
      const t = await serveHub();
      try {
        const s = await t.open();
        await vi.waitFor(() => expect(t.hub.size).toBe(1));
        s.destroy();
        await vi.waitFor(() => expect(t.hub.size).toBe(0));
        expect(t.ended()).toBe(1);
      } finally {
        t.close();
      }
    });

    it('answers a HEAD with the head alone and ends the stream', async () => {
      const t = await serveHub();
      try {
        const s = await t.open('HEAD');
        await s.done;
        expect(s.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        expect(s.chunks.join('')).toBe('');
        expect(t.ended()).toBe(1);
        expect(t.hub.size).toBe(0);
      } finally {
        t.close();
      }
    });

    it('ends a stream whose route failed after it began, and the client gets the error instead', async () => {
      let ended = 0;
      const t = await serveHub(async (c) => {
        t.hub.respond(c, () => () => ended++);
        throw new Error('failed after the stream began');
      });
      try {
        const s = await t.open();
        await s.done;
        expect(s.res.statusCode).toBe(500);
        expect(s.res.headers['content-type']).not.toContain('event-stream');
        expect(ended).toBe(1);
        expect(t.hub.size).toBe(0);
      } finally {
        t.close();
      }
    });
  });
});
