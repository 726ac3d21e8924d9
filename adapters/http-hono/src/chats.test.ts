import { describe, expect, it } from 'vitest';
import { testApp } from './test-harness.js';

/** An account with a widget served by two agents (one online), for the chat routes. */
const setup = async (opts: { online?: boolean } = {}) => {
  const t = testApp();
  const o = await t.owner();
  const a1 = await t.member(o.token, 'agent');
  const a2 = await t.member(o.token, 'agent');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [a1.user.id, a2.user.id] }, o.token);
  if (opts.online !== false) expect((await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, a1.token)).json).toMatchObject({ status: 'online', activeChats: 0 });
  const start = (body: Record<string, unknown> = { message: 'Hello', email: 'vera@example.com', name: 'Vera' }) =>
    t.call('POST', `/api/v1/widgets/${widget.id}/chats`, body, undefined, { 'accept-language': 'de-DE,de;q=0.9', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
  return { ...t, o, a1, a2, widget, start };
};

describe('chat routes', () => {
  it('tells a page whether to show the chat button or the offline form', async () => {
    const t = await setup({ online: false });
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`)).json).toEqual({ widgetId: t.widget.id, available: false, mode: 'offline', queued: 0 });
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a1.token);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`)).json).toMatchObject({ available: true, mode: 'available' });
    const missing = await t.call('GET', '/api/v1/widgets/nope/availability');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('starts a chat, lets visitor and agent talk, and shows the transcript', async () => {
    const t = await setup();
    const started = await t.start();
    expect(started.status).toBe(201);
    expect(started.json).toMatchObject({ status: 'active', kind: 'chat', queue: null });
    const { chatId, visitorToken } = started.json;
    const sent = await t.call('POST', `/api/v1/chats/${chatId}/messages`, { text: 'Anyone there?' }, visitorToken);
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({ seq: 4, type: 'chat.message', author: { kind: 'visitor', alias: 'Vera' } });
    const reply = await t.call('POST', `/api/v1/chats/${chatId}/messages`, { text: 'Hi Vera!' }, t.a1.token);
    expect(reply.json).toMatchObject({ seq: 5, author: { kind: 'agent', userId: t.a1.user.id } });
    const transcript = await t.call('GET', `/api/v1/chats/${chatId}`, undefined, t.a2.token);
    expect(transcript.status).toBe(200);
    expect(transcript.json.chat.visitor).toMatchObject({ language: 'de-DE', browser: 'Firefox 128', os: 'Linux', name: 'Vera' });
    expect(transcript.json.events.map((e: { type: string }) => e.type)).toEqual(['chat.queued', 'chat.message', 'chat.assigned', 'chat.message', 'chat.message']);
    expect(transcript.text).not.toContain(visitorToken);
    const list = await t.call('GET', '/api/v1/chats?status=active', undefined, t.a1.token);
    expect(list.json.items.map((c: { id: string }) => c.id)).toEqual([chatId]);
    expect((await t.call('GET', '/api/v1/agents/me/status', undefined, t.a1.token)).json).toMatchObject({ status: 'online', activeChats: 1 });
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const t = await setup();
    for (const [body, path] of [
      [{ email: 'v@example.com' }, '/message'],
      [{ message: 'hi', email: 'not-an-email' }, '/email'],
      [{ message: 'hi', pageUrl: 'javascript:alert(1)' }, '/pageUrl'],
      [{ message: 'hi', customVariables: { 'bad key': 'x' } }, '/customVariables/bad key'],
      [{ message: 'hi', extra: 1 }, ''],
    ] as const) {
      const r = await t.start(body as Record<string, unknown>);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.code).toBe('validation_failed');
      if (path) expect(r.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, '{"message":', undefined)).json.code).toBe('malformed_json');
    expect((await t.call('GET', '/api/v1/chats', undefined, t.o.token)).json.items).toEqual([]);
    expect((await t.call('PUT', '/api/v1/agents/me/status', { status: 'away' }, t.a1.token)).status).toBe(400);
    const ok = (await t.start()).json;
    const empty = await t.call('POST', `/api/v1/chats/${ok.chatId}/messages`, { text: '  ' }, ok.visitorToken);
    expect(empty.status).toBe(400);
    expect((await t.call('GET', `/api/v1/chats/${ok.chatId}`, undefined, t.o.token)).json.events).toHaveLength(3);
  });

  it('gives a visitor token access to its own chat only', async () => {
    const t = await setup();
    const one = (await t.start()).json;
    const two = (await t.start()).json;
    const r = await t.call('POST', `/api/v1/chats/${one.chatId}/messages`, { text: 'x' }, two.visitorToken);
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('unauthenticated');
    expect((await t.call('POST', `/api/v1/chats/${one.chatId}/messages`, { text: 'x' })).status).toBe(401);
    expect((await t.call('GET', `/api/v1/chats/${one.chatId}`, undefined, one.visitorToken)).status).toBe(401);
    expect((await t.call('POST', `/api/v1/chats/${one.chatId}/close`, undefined, two.visitorToken)).status).toBe(401);
  });

  it('queues with a place in line, takes offline requests, and closes', async () => {
    const t = await setup();
    await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { maxConcurrentChats: 1 } }, t.o.token);
    const first = (await t.start()).json;
    const second = await t.start();
    expect(second.json).toMatchObject({ status: 'queued', queue: { position: 1 } });
    expect((await t.call('POST', `/api/v1/chats/${second.json.chatId}/typing`, { text: 'draft' }, second.json.visitorToken)).status).toBe(204);
    expect((await t.call('POST', `/api/v1/chats/${first.chatId}/typing`, { text: 'x' }, t.a1.token)).status).toBe(403);
    const closed = await t.call('POST', `/api/v1/chats/${first.chatId}/close`, undefined, t.a1.token);
    expect(closed.json).toMatchObject({ status: 'closed', closedBy: 'agent' });
    expect((await t.call('POST', `/api/v1/chats/${first.chatId}/close`, undefined, t.a1.token)).json.code).toBe('chat_closed');
    expect((await t.call('GET', `/api/v1/chats/${second.json.chatId}`, undefined, t.o.token)).json.chat.status).toBe('active');
    expect((await t.call('POST', `/api/v1/chats/${second.json.chatId}/close`, undefined, second.json.visitorToken)).json).toEqual({ chatId: second.json.chatId, status: 'closed' });
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'offline' }, t.a1.token);
    const offline = await t.start({ message: 'Please call me', email: 'vera@example.com' });
    expect(offline.json).toMatchObject({ status: 'offline', kind: 'offline' });
  });

  it('transfers between agents of the widget', async () => {
    const t = await setup();
    const c = (await t.start()).json;
    const busy = await t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { agentId: t.a2.user.id }, t.a1.token);
    expect(busy.status).toBe(409);
    expect(busy.json.code).toBe('agent_unavailable');
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a2.token);
    const moved = await t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { agentId: t.a2.user.id }, t.a1.token);
    expect(moved.json).toMatchObject({ agentId: t.a2.user.id, transfers: [{ fromAgentId: t.a1.user.id, toAgentId: t.a2.user.id }] });
    expect((await t.call('POST', `/api/v1/chats/${c.chatId}/messages`, { text: 'x' }, t.a1.token)).status).toBe(403);
  });

  it('answers CORS preflights of visitor routes for any origin, and documents every chat route', async () => {
    const t = await setup();
    const pre = await t.app.request(`/api/v1/widgets/${t.widget.id}/chats`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    for (const p of ['/api/v1/widgets/{id}/chats', '/api/v1/widgets/{id}/availability', '/api/v1/chats/{id}/events', '/api/v1/chats/{id}/messages', '/api/v1/chats/{id}/typing', '/api/v1/chats/{id}/close', '/api/v1/chats/{id}/transfer', '/api/v1/chats', '/api/v1/chats/{id}', '/api/v1/agents/me/status', '/api/v1/agents/me/events'])
      expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/v1/chats/{id}/messages'].post.security).toEqual([{ visitorToken: [] }, { bearer: [] }, { cookie: [] }]);
    expect(doc.components.schemas.Chat).toBeDefined();
  });
});
