import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_SLOTS, StreamHub, type SseWriter } from './sse.js';

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
});
