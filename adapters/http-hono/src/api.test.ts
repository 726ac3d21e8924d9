import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Api, idParams, type RouteSpec } from './api.js';
import type { AppEnv } from './context.js';
import { Limits } from './limits.js';
import { toProblem } from './problem.js';
import { testApp } from './testing/index.js';

/**
 * An app with one route, `POST /things/:id`, declared with `spec` over a Parley of its own: what reaches the
 * handler is recorded, so a test can tell that a refused request never did.
 */
const withRoute = (spec: Omit<RouteSpec, 'tag' | 'summary' | 'responses'>) => {
  const t = testApp();
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('meta', { ip: '192.0.2.1', userAgent: null });
    await next();
  });
  app.onError((err, c) => toProblem(c, err, (e) => t.errors.push(e)));
  const reached: unknown[] = [];
  const limits = new Limits(undefined, { chatStart: { points: 1, durationSeconds: 60 } });
  const api = new Api(app, t.parley, { cookieName: 'parley_session', limits });
  api.route('post', '/things/:id', { tag: 'things', summary: 'A thing', responses: {}, ...spec }, (c, input) => {
    reached.push(input);
    return c.json({ ok: true });
  });
  const send = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as any };
  };
  return { ...t, api, reached, send };
};

const thing = z.strictObject({ name: z.string().min(1).max(10), size: z.number().int().optional() });

/** A started chat of a fresh account, with its owner's session. */
const chatOf = async (t: ReturnType<typeof testApp>) => {
  const owner = await t.owner();
  const widget = await t.call('POST', '/api/v1/widgets', { name: 'Support' }, owner.token);
  const started = await t.call('POST', `/api/v1/widgets/${widget.json.id}/chats`, { message: 'Hello', email: 'vera@example.com' });
  return { owner, chatId: started.json.chatId as string, visitorToken: started.json.visitorToken as string };
};

describe('the input of a route', () => {
  it('reaches the handler parsed: params, query and body from the route’s own schemas', async () => {
    const t = withRoute({ auth: 'none', params: idParams, query: z.object({ limit: z.coerce.number().int() }), body: thing });
    const r = await t.send('/things/abc?limit=7', { name: 'lamp' });
    expect(r.status).toBe(200);
    expect(t.reached).toEqual([{ params: { id: 'abc' }, query: { limit: 7 }, body: { name: 'lamp' } }]);
  });

  it('refuses a body that does not fit its schema with a problem naming each field by JSON Pointer, before the handler', async () => {
    const t = withRoute({ auth: 'none', params: idParams, body: thing });
    const r = await t.send('/things/abc', { name: '', size: 1.5, extra: true });
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.json.code).toBe('validation_failed');
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['', '/name', '/size']);
    expect(t.reached).toEqual([]);
  });

  it('refuses malformed JSON, a body that is not JSON and a query or path param that does not fit, before the handler', async () => {
    const params = z.object({ id: z.string().regex(/^\d+$/) });
    const t = withRoute({ auth: 'none', params, query: z.object({ limit: z.coerce.number().int() }), body: thing });
    expect((await t.send('/things/1?limit=1', '{"name":')).json.code).toBe('malformed_json');
    expect((await t.send('/things/1?limit=1', 'name=x', { 'content-type': 'text/plain' })).status).toBe(415);
    const query = await t.send('/things/1?limit=many', { name: 'lamp' });
    expect([query.status, query.json.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['/limit']]);
    const param = await t.send('/things/x?limit=1', { name: 'lamp' });
    expect([param.status, param.json.errors.map((e: { path: string }) => e.path)]).toEqual([400, ['/id']]);
    expect(t.reached).toEqual([]);
  });

  it('takes the Idempotency-Key header as the body’s clientMessageId before checking the body', async () => {
    const t = withRoute({ auth: 'none', params: idParams, idempotencyKey: true, body: z.strictObject({ clientMessageId: z.string() }) });
    expect((await t.send('/things/1', {}, { 'idempotency-key': '"key-12345"' })).status).toBe(200);
    expect(t.reached).toEqual([{ params: { id: '1' }, query: undefined, body: { clientMessageId: 'key-12345' } }]);
    const differing = await t.send('/things/1', { clientMessageId: 'other-key' }, { 'idempotency-key': 'key-12345' });
    expect(differing.json.code).toBe('invalid_idempotency_key');
  });
});

describe('the auth of a route', () => {
  it('user: refuses a missing or forged token with 401 before the input is read, and hands the handler the principal', async () => {
    const t = withRoute({ auth: 'user', params: idParams, body: thing });
    expect((await t.send('/things/1', 'not json')).status).toBe(401);
    expect((await t.send('/things/1', { name: 'lamp' }, { authorization: 'Bearer forged' })).json.code).toBe('unauthenticated');
    const owner = await t.owner();
    expect((await t.send('/things/1', { name: 'lamp' }, { authorization: `Bearer ${owner.token}` })).status).toBe(200);
    expect(t.reached).toEqual([expect.objectContaining({ principal: expect.objectContaining({ userId: owner.user.id }) })]);
  });

  it('user: refuses the session cookie from another site', async () => {
    const t = withRoute({ auth: 'user', params: idParams });
    const owner = await t.owner();
    const r = await t.send('/things/1', {}, { cookie: `parley_session=${owner.token}`, origin: 'https://evil.example' });
    expect([r.status, r.json.code]).toEqual([403, 'forbidden']);
    expect(t.reached).toEqual([]);
  });

  it('visitorOrUser: tells the chat’s visitor from a signed-in user, and refuses another chat’s token', async () => {
    const t = withRoute({ auth: 'visitorOrUser', params: idParams });
    const one = await chatOf(t);
    const two = await chatOf(t);
    expect((await t.send(`/things/${one.chatId}`, {}, { authorization: `Bearer ${two.visitorToken}` })).status).toBe(401);
    expect((await t.send(`/things/${one.chatId}`, {})).status).toBe(401);
    await t.send(`/things/${one.chatId}`, {}, { authorization: `Bearer ${one.visitorToken}` });
    await t.send(`/things/${one.chatId}`, {}, { authorization: `Bearer ${one.owner.token}` });
    type Caller = { kind: string; visitor?: { chatId: string }; user?: { userId: string } };
    const callers = t.reached.map((input) => (input as { caller: Caller }).caller);
    expect(callers.map((c) => [c.kind, c.visitor?.chatId ?? c.user?.userId])).toEqual([
      ['visitor', one.chatId],
      ['user', one.owner.user.id],
    ]);
  });

  it('visitor: refuses a signed-in user with 403', async () => {
    const t = withRoute({ auth: 'visitor', params: idParams });
    const { chatId, visitorToken, owner } = await chatOf(t);
    expect((await t.send(`/things/${chatId}`, {}, { authorization: `Bearer ${owner.token}` })).json.code).toBe('forbidden');
    expect((await t.send(`/things/${chatId}`, {}, { authorization: `Bearer ${visitorToken}` })).status).toBe(200);
    expect(t.reached).toEqual([expect.objectContaining({ visitor: expect.objectContaining({ chatId }) })]);
  });

  it('apiToken: refuses a request without an API token of the path’s account', async () => {
    const t = withRoute({ auth: 'apiToken', params: idParams });
    expect((await t.send('/things/1', {})).json.code).toBe('unauthenticated');
    expect((await t.send('/things/1', {}, { authorization: 'not a token' })).json.code).toBe('unauthenticated');
    expect(t.reached).toEqual([]);
  });

  it('spends the route’s limit first, even for requests that are refused after', async () => {
    const t = withRoute({ auth: 'user', params: idParams, limit: 'chatStart' });
    expect((await t.send('/things/1', {})).status).toBe(401);
    expect((await t.send('/things/1', {})).json.code).toBe('rate_limited');
  });
});

describe('the routes of the app', () => {
  it('declare every path param', () => {
    const t = withRoute({ auth: 'none', params: idParams });
    const spec = { tag: 'things', summary: 'A part', auth: 'none', params: idParams, responses: {} } as const;
    const route = () => t.api.route('get', '/things/:id/parts/:part', spec, (c) => c.body(null));
    expect(route).toThrow(/part/);
  });
});
