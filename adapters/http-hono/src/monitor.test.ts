/**
 * The monitor API: snapshot, layout, share links, the public (share link) routes with their rate limit,
 * the monitor page, and the streams on a real server on 127.0.0.1 (port 0).
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import jsonPatch from 'fast-json-patch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONITOR_PAGE_CSP } from './monitor-page.js';
import { StreamHub } from './sse.js';
import { testApp, openSse as openSseAt, type SseMessage } from './testing/index.js';

const hub = new StreamHub({ heartbeatMs: 5000 });
const t = testApp({}, { streamHub: hub, limits: { publicMonitor: { points: 1000, durationSeconds: 60 } } });

/** An account with two widgets: Support (agent paused, so chats queue) and Sales (agent online). */
const setup = async () => {
  const o = await t.owner();
  const agent = await t.member(o.token, 'agent');
  const sup = await t.member(o.token, 'supervisor');
  const admin = await t.member(o.token, 'admin');
  const support = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  const sales = (await t.call('POST', '/api/v1/widgets', { name: 'Sales' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${support.id}/agents`, { agentIds: [agent.user.id] }, o.token);
  expect((await t.call('PUT', '/api/v1/agents/me/status', { status: 'paused' }, agent.token)).status).toBe(200);
  const chat = async (name = 'Quinn Visitor', widgetId = support.id) => {
    const r = await t.call('POST', `/api/v1/widgets/${widgetId}/chats`, {
      message: 'Where is my parcel?',
      name,
      email: 'quinn@visitor.example',
    });
    expect(r.status).toBe(201);
    return r.json;
  };
  return { o, agent, sup, admin, support, sales, chat };
};

describe('GET /api/v1/monitor', () => {
  it('shows supervisors and up the queue, chats in progress and agents per widget', async () => {
    const s = await setup();
    const started = await s.chat();
    const r = await t.call('GET', '/api/v1/monitor', undefined, s.sup.token);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const support = r.json.widgets.find((w: any) => w.id === s.support.id);
    expect(support.queue).toEqual([
      expect.objectContaining({ chatId: started.chatId, visitor: expect.objectContaining({ name: 'Quinn Visitor' }) }),
    ]);
    expect(support.agents).toEqual([expect.objectContaining({ userId: s.agent.user.id, status: 'paused' })]);
    expect(r.json.widgets.map((w: any) => w.name)).toEqual(['Sales', 'Support']);
  });

  it('refuses agents (403) and strangers (401) with problem+json', async () => {
    const s = await setup();
    const agent = await t.call('GET', '/api/v1/monitor', undefined, s.agent.token);
    expect(agent.status).toBe(403);
    expect(agent.headers.get('content-type')).toContain('application/problem+json');
    expect(agent.json.code).toBe('forbidden');
    expect((await t.call('GET', '/api/v1/monitor')).json.code).toBe('unauthenticated');
  });
});

describe('the layout', () => {
  it('saves each user’s widget order with versions (ETag / If-Match)', async () => {
    const s = await setup();
    const first = await t.call('GET', '/api/v1/monitor/layout', undefined, s.sup.token);
    expect(first.json).toEqual({ widgetIds: [s.sales.id, s.support.id], version: 0, updatedAt: null });
    expect(first.headers.get('etag')).toBe('"0"');
    const put = await t.call('PUT', '/api/v1/monitor/layout', { widgetIds: [s.support.id, s.sales.id] }, s.sup.token, {
      'if-match': '"0"',
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ widgetIds: [s.support.id, s.sales.id], version: 1 });
    expect(put.headers.get('etag')).toBe('"1"');
    const stale = await t.call('PUT', '/api/v1/monitor/layout', { widgetIds: [] }, s.sup.token, { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('version_mismatch');
    expect((await t.call('GET', '/api/v1/monitor', undefined, s.sup.token)).json.widgets.map((w: any) => w.id)).toEqual([
      s.support.id,
      s.sales.id,
    ]);
  });

  it('answers 400 naming each unknown widget, and saves nothing', async () => {
    const s = await setup();
    const bad = await t.call('PUT', '/api/v1/monitor/layout', { widgetIds: ['nope', s.sales.id] }, s.sup.token);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/widgetIds/0', code: 'unknown_widget' }] });
    expect((await t.call('PUT', '/api/v1/monitor/layout', '{"widgetIds": [', s.sup.token)).status).toBe(400);
    expect((await t.call('PUT', '/api/v1/monitor/layout', { widgetIds: [1] }, s.sup.token)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/monitor/layout', undefined, s.sup.token)).json.version).toBe(0);
    expect((await t.call('PUT', '/api/v1/monitor/layout', { widgetIds: [] }, s.agent.token)).status).toBe(403);
  });
});

describe('share links', () => {
  it('creates (admin), lists without secrets, shows an anonymized monitor, revokes, and audits', async () => {
    const s = await setup();
    await s.chat('Quinn Visitor');
    expect((await t.call('POST', '/api/v1/monitor/share-links', {}, s.sup.token)).status).toBe(403);
    const created = await t.call('POST', '/api/v1/monitor/share-links', { label: 'Office TV', widgetIds: [s.support.id] }, s.admin.token);
    expect(created.status).toBe(201);
    const { link, token, url } = created.json;
    expect(url).toBe(`/monitor/s/${token}`);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(created.headers.get('location')).toBe(`/api/v1/monitor/share-links/${link.id}`);

    const list = await t.call('GET', '/api/v1/monitor/share-links', undefined, s.admin.token);
    expect(list.json.items).toEqual([expect.objectContaining({ id: link.id, label: 'Office TV', state: 'active' })]);
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain('tokenHash');

    const shared = await t.call('GET', `/api/v1/public/monitor/${token}`);
    expect(shared.status).toBe(200);
    expect(shared.json.widgets.map((w: any) => w.id)).toEqual([s.support.id]);
    expect(shared.json.widgets[0].queue).toHaveLength(1);
    for (const secret of ['Quinn', 'quinn@visitor.example', 'parcel', 'transcript']) expect(shared.text).not.toContain(secret);

    expect((await t.call('DELETE', `/api/v1/monitor/share-links/${link.id}`, undefined, s.sup.token)).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/monitor/share-links/${link.id}`, undefined, s.admin.token)).status).toBe(204);
    const gone = await t.call('GET', `/api/v1/public/monitor/${token}`);
    expect(gone.status).toBe(404);
    expect(gone.json.code).toBe('not_found');
    expect((await t.call('DELETE', '/api/v1/monitor/share-links/nope', undefined, s.admin.token)).status).toBe(404);

    const audit = await t.call('GET', '/api/v1/audit?type=monitor', undefined, s.o.token);
    expect(audit.json.items.map((e: any) => e.action)).toEqual(['monitor.share_link_revoked', 'monitor.share_link_created']);
    expect(audit.text).not.toContain(token);
    expect(audit.json.items[1].changes).toContainEqual({ path: '/token', redacted: true });
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const s = await setup();
    for (const body of [{ expiresAt: '2001-01-01T00:00:00Z' }, { widgetIds: ['nope'] }, { widgetIds: [] }, { label: 7 }, { other: true }]) {
      const r = await t.call('POST', '/api/v1/monitor/share-links', body, s.o.token);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
    }
    expect((await t.call('GET', '/api/v1/monitor/share-links', undefined, s.o.token)).json.items).toEqual([]);
    expect((await t.call('GET', '/api/v1/audit?type=monitor', undefined, s.o.token)).json.items).toEqual([]);
  });

  it('answers 404 alike for unknown and malformed tokens', async () => {
    for (const token of ['A'.repeat(43), 'x', 'not a token'])
      expect((await t.call('GET', `/api/v1/public/monitor/${token}`)).json).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('rate-limits the public routes per client address, valid token or not', async () => {
    const local = testApp(
      {},
      { limits: { publicMonitor: { points: 3, durationSeconds: 60 } }, peerAddress: (c) => c.req.header('x-test-peer') ?? null },
    );
    const o = await local.owner();
    const { token } = (await local.call('POST', '/api/v1/monitor/share-links', {}, o.token)).json;
    const from = (ip: string) => ({ 'x-test-peer': ip });
    expect((await local.call('GET', `/api/v1/public/monitor/${token}`, undefined, undefined, from('198.51.100.1'))).status).toBe(200);
    expect((await local.call('GET', `/api/v1/public/monitor/${'B'.repeat(43)}`, undefined, undefined, from('198.51.100.1'))).status).toBe(
      404,
    );
    const stream = await local.app.request(`/api/v1/public/monitor/${token}/stream`, { headers: from('198.51.100.1') });
    expect(stream.status).toBe(200);
    await stream.body!.cancel();
    const limited = await local.call('GET', `/api/v1/public/monitor/${token}`, undefined, undefined, from('198.51.100.1'));
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await local.call('GET', `/api/v1/public/monitor/${token}`, undefined, undefined, from('198.51.100.2'))).status).toBe(200);
    // Signed-in routes are not limited by it.
    expect((await local.call('GET', '/api/v1/monitor', undefined, o.token, from('198.51.100.1'))).status).toBe(200);
    local.parley.monitor.close();
  });
});

describe('the monitor page', () => {
  it('serves /monitor and /monitor/s/:token as HTML under a strict CSP, with no inline script', async () => {
    for (const path of ['/monitor', '/monitor/s/some-token-value-1234567890']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toBe(MONITOR_PAGE_CSP);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await res.text();
      expect(html).toContain('<script src="/monitor/assets/monitor.js" defer></script>');
      expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/monitor/assets/monitor.js" defer>']);
      expect(html).not.toMatch(/\sstyle=|\son\w+=/i);
      expect(html).toContain('class="legend"');
    }
    const js = await t.app.request('/monitor/assets/monitor.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).toContain('EventSource');
    const css = await t.app.request('/monitor/assets/monitor.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('#ff1744');
  });

  it('lists every monitor route and schema in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    for (const [path, method] of [
      ['/api/v1/monitor', 'get'],
      ['/api/v1/monitor/stream', 'get'],
      ['/api/v1/monitor/layout', 'get'],
      ['/api/v1/monitor/layout', 'put'],
      ['/api/v1/monitor/share-links', 'post'],
      ['/api/v1/monitor/share-links', 'get'],
      ['/api/v1/monitor/share-links/{id}', 'delete'],
      ['/api/v1/public/monitor/{token}', 'get'],
      ['/api/v1/public/monitor/{token}/stream', 'get'],
      ['/monitor', 'get'],
      ['/monitor/s/{token}', 'get'],
    ])
      expect(doc.paths[path!]?.[method!], `${method} ${path}`).toBeDefined();
    for (const name of ['MonitorView', 'AnonymousMonitorView', 'MonitorLayout', 'MonitorShareLink', 'CreatedMonitorShareLink'])
      expect(doc.components.schemas[name], name).toBeDefined();
  });
});

// ------------------------------------------------------------------------------------------------
// Streams on a real server
// ------------------------------------------------------------------------------------------------

let server: ServerType;
let base = '';

beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hub.closeAll();
  t.parley.monitor.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
});

/** Opens a stream on the test server; `snapshots()` are its snapshot events. */
const openSse = async (path: string, headers: Record<string, string> = {}) => {
  const sse = await openSseAt(base + path, headers, 5000);
  return Object.assign(sse, { snapshots: () => sse.messages.filter((m) => m.event === 'snapshot') });
};

const queues = (m: SseMessage | undefined) => (m?.data.widgets ?? []).flatMap((w: any) => w.queue.map((q: any) => q.chatId));

describe('monitor streams on a real server', () => {
  it('shows a new chat on every open monitor within a second, the shared one anonymized', async () => {
    const s = await setup();
    const { token } = (await t.call('POST', '/api/v1/monitor/share-links', {}, s.o.token)).json;
    const monitors = await Promise.all([
      openSse('/api/v1/monitor/stream', { authorization: `Bearer ${s.sup.token}` }),
      openSse(`/api/v1/monitor/stream?token=${s.o.token}`),
      openSse(`/api/v1/public/monitor/${token}/stream`),
    ]);
    for (const m of monitors) {
      expect(m.status).toBe(200);
      expect(m.contentType).toContain('text/event-stream');
      await m.waitFor(() => m.snapshots().length >= 1, 'first snapshot');
      expect(m.snapshots()[0]!.id).toMatch(/^\w+-\d+$/);
    }
    const startedAt = Date.now();
    const chat = await s.chat('Quinn Visitor');
    for (const m of monitors) {
      await m.waitFor(() => queues(m.snapshots().at(-1)).includes(chat.chatId), 'the chat');
      const arrived = m.snapshots().find((x) => queues(x).includes(chat.chatId))!;
      expect(arrived.at - startedAt).toBeLessThan(1000);
    }
    expect(JSON.stringify(monitors[0]!.snapshots().at(-1)!.data)).toContain('Quinn Visitor');
    expect(JSON.stringify(monitors[2]!.messages)).not.toContain('Quinn');
    await Promise.all(monitors.map((m) => m.close()));
  });

  it('with ?patches=true sends the first view whole, then patches that rebuild the views a plain stream gets', async () => {
    const s = await setup();
    const { token } = (await t.call('POST', '/api/v1/monitor/share-links', {}, s.o.token)).json;
    const bad = await fetch(`${base}/api/v1/monitor/stream?patches=maybe`, { headers: { authorization: `Bearer ${s.o.token}` } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const [plain, patched, shared, sharedPatched] = await Promise.all([
      openSse('/api/v1/monitor/stream', { authorization: `Bearer ${s.o.token}` }),
      openSse(`/api/v1/monitor/stream?patches=true&token=${s.o.token}`),
      openSse(`/api/v1/public/monitor/${token}/stream`),
      openSse(`/api/v1/public/monitor/${token}/stream?patches=true`),
    ]);
    const all = [plain!, patched!, shared!, sharedPatched!];
    for (const m of all) await m.waitFor(() => m.snapshots().length >= 1, 'first snapshot');
    /** The view a patching client holds after every event so far, applied in order. */
    const rebuilt = (m: typeof patched) => {
      let view: unknown = null;
      let has: string | null = null;
      for (const e of m!.messages) {
        if (e.event === 'snapshot') view = e.data;
        else if (e.event === 'patch') {
          expect(e.data.base).toBe(has);
          view = jsonPatch.applyPatch(view, e.data.ops, true, false).newDocument;
        } else continue;
        has = e.id;
      }
      return { view, id: has };
    };
    const ids: string[] = [];
    for (const name of ['Quinn Visitor', 'Rita Visitor']) {
      const chat = await s.chat(name);
      ids.push(chat.chatId);
      for (const m of all)
        await m.waitFor(() => m.messages.some((e) => e.event !== 'end' && JSON.stringify(e.data).includes(chat.chatId)), name);
      await plain.waitFor(() => queues(plain.snapshots().at(-1)).includes(chat.chatId), name);
      await shared!.waitFor(() => queues(shared!.snapshots().at(-1)).includes(chat.chatId), name);
    }
    for (const [p, whole] of [
      [patched, plain],
      [sharedPatched, shared],
    ] as const) {
      expect(p!.messages.filter((e) => e.event === 'patch').length).toBeGreaterThanOrEqual(1);
      await p!.waitFor(() => rebuilt(p).id === whole!.snapshots().at(-1)!.id, 'the same view as the plain stream');
      expect(rebuilt(p).view).toEqual(whole!.snapshots().at(-1)!.data);
    }
    expect(queues({ data: rebuilt(patched).view } as SseMessage)).toEqual(ids);
    expect(JSON.stringify(sharedPatched!.messages)).not.toContain('Visitor');
    expect(JSON.stringify(patched!.messages)).toContain('Rita Visitor');
    await Promise.all(all.map((m) => m.close()));
  });

  it('ends a shared stream when its link is revoked; reconnecting gets 404', async () => {
    const s = await setup();
    const { link, token } = (await t.call('POST', '/api/v1/monitor/share-links', {}, s.o.token)).json;
    const m = await openSse(`/api/v1/public/monitor/${token}/stream`);
    await m.waitFor(() => m.snapshots().length === 1, 'first snapshot');
    expect((await t.call('DELETE', `/api/v1/monitor/share-links/${link.id}`, undefined, s.o.token)).status).toBe(204);
    await m.waitFor(() => m.ended, 'the end of the stream');
    expect(m.messages.at(-1)).toMatchObject({ event: 'end', data: { reason: 'revoked' } });
    const again = await openSse(`/api/v1/public/monitor/${token}/stream`);
    expect(again.status).toBe(404);
  });

  it('sends a fresh snapshot to a client reconnecting with an old Last-Event-ID', async () => {
    const s = await setup();
    const first = await openSse('/api/v1/monitor/stream', { authorization: `Bearer ${s.o.token}` });
    await first.waitFor(() => first.snapshots().length === 1, 'first snapshot');
    const oldId = first.snapshots()[0]!.id!;
    await first.close();
    await s.chat();
    const again = await openSse('/api/v1/monitor/stream', { authorization: `Bearer ${s.o.token}`, 'last-event-id': oldId });
    await again.waitFor(() => again.snapshots().length === 1, 'a fresh snapshot');
    expect(again.snapshots()[0]!.id).not.toBe(oldId);
    expect(queues(again.snapshots()[0])).toHaveLength(1);
    await again.close();
  });

  it('refuses agents and strangers before streaming', async () => {
    const s = await setup();
    const agent = await fetch(`${base}/api/v1/monitor/stream`, { headers: { authorization: `Bearer ${s.agent.token}` } });
    expect(agent.status).toBe(403);
    expect(agent.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${base}/api/v1/monitor/stream`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/public/monitor/${'C'.repeat(43)}/stream`)).status).toBe(404);
  });
});
