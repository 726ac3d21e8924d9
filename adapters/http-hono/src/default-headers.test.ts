import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHeaders, secureHeaderList } from './default-headers.js';
import { nodeStreams, StreamHub } from './sse.js';

const OPTIONS = { crossOriginResourcePolicy: 'same-origin' } as const;

/** An app with the defaults of `secureHeaders(OPTIONS)`; remembers the responses its routes gave. */
const makeApp = () => {
  const answered: Response[] = [];
  const hub = new StreamHub({ heartbeatMs: 60_000 });
  const app = new Hono();
  app.use(nodeStreams());
  app.use(defaultHeaders(secureHeaderList(OPTIONS)));
  app.get('/json', (c) => {
    const res = c.json({ ok: true }, 201);
    answered.push(res);
    return res;
  });
  app.get('/own', (c) => c.text('framed', 200, { 'X-Frame-Options': 'DENY' }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  const streamResponses: { getHeaderNames(): string[] }[] = [];
  app.get('/stream', (c) => hub.respond(c, (w) => (w.close(), () => {})));
  app.get('/open-stream', (c) => {
    streamResponses.push((c.env as { outgoing: { getHeaderNames(): string[] } }).outgoing);
    return hub.respond(c, () => () => {});
  });
  app.onError((_err, c) => c.json({ code: 'failed' }, 500));
  return { app, answered, hub, streamResponses };
};

/** GET over a real socket: status, headers (names in lower case) and body. */
const fetchNode = (port: number, path: string) =>
  new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body }));
    }).on('error', reject);
  });

describe('defaultHeaders', () => {
  let expected: [string, string][] = [];
  beforeAll(async () => {
    const probe = new Hono();
    probe.use(secureHeaders(OPTIONS));
    probe.get('/', (c) => c.text('x'));
    expected = [...(await probe.request('/')).headers].filter(([name]) => name !== 'content-type');
  });

  it('reads the same headers and values as Hono’s secureHeaders sets', async () => {
    expect(expected.length).toBeGreaterThan(8);
    expect(await secureHeaderList(OPTIONS)).toEqual(expected);
  });

  describe('on @hono/node-server', () => {
    const t = makeApp();
    let server: ServerType;
    let port = 0;
    beforeAll(async () => {
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => {
      t.hub.closeAll();
      server.close();
    });

    it('sends them with a route’s answer, an error and an event stream', async () => {
      for (const path of ['/json', '/boom', '/stream']) {
        const res = await fetchNode(port, path);
        for (const [name, value] of expected) expect(res.headers[name], `${path} ${name}`).toBe(value);
      }
      const json = await fetchNode(port, '/json');
      expect([json.status, json.headers['content-type'], JSON.parse(json.body)]).toEqual([201, 'application/json', { ok: true }]);
      expect((await fetchNode(port, '/stream')).body).toContain(': connected');
    });

    it('leaves an open event stream’s Node response without a table of headers to keep', async () => {
      const head = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port, path: '/open-stream' }, (res) => {
          resolve(res.headers);
          res.destroy();
        });
        req.on('error', reject);
      });
      for (const [name, value] of expected) expect(head[name], name).toBe(value);
      // Headers set with setHeader() stay on the response for as long as the stream is open; a head written whole does not.
      expect(t.streamResponses[0]!.getHeaderNames()).toEqual([]);
    });

    it('sends the route’s own value of a header it sets itself', async () => {
      const res = await fetchNode(port, '/own');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.body).toBe('framed');
    });

    it('leaves the route’s answer with its plain header object, which @hono/node-server writes as it is', async () => {
      t.answered.length = 0;
      await fetchNode(port, '/json');
      const answer = t.answered[0]!;
      // @hono/node-server keeps [status, body, headers] under a symbol until someone reads `headers`, which
      // turns them into a web Headers (what setting a header on `c.res` after the route does).
      const cache = Object.getOwnPropertySymbols(answer)
        .filter((s) => s.description === 'cache')
        .map((s) => (answer as unknown as Record<symbol, unknown[]>)[s]!)[0];
      expect(cache).toBeDefined();
      expect(cache![2]).not.toBeInstanceOf(Headers);
    });
  });

  describe('elsewhere (app.request)', () => {
    const { app } = makeApp();

    it('adds them to a route’s answer and to an error', async () => {
      for (const path of ['/json', '/boom']) {
        const res = await app.request(path);
        for (const [name, value] of expected) expect(res.headers.get(name), `${path} ${name}`).toBe(value);
      }
    });

    it('keeps the route’s own value of a header it sets itself', async () => {
      expect((await app.request('/own')).headers.get('x-frame-options')).toBe('DENY');
    });
  });
});
