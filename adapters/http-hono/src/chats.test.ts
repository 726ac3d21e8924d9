import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testApp } from './testing/index.js';
import { parseTrustProxy } from './request.js';

type OpenApiDocument = { components: { schemas: Record<string, unknown> } };

/** A validator of the document's component schema `name`, its `$ref`s resolved within the document. */
const componentSchema = (doc: OpenApiDocument, name: string) =>
  z.fromJSONSchema(
    JSON.parse(
      JSON.stringify({ $ref: `#/components/schemas/${name}`, $defs: doc.components.schemas }).replaceAll(
        '#/components/schemas/',
        '#/$defs/',
      ),
    ),
  );

/** An account with a widget served by two agents (one online), for the chat routes. */
const setup = async (opts: { online?: boolean } = {}) => {
  const t = testApp();
  const o = await t.owner();
  const a1 = await t.member(o.token, 'agent');
  const a2 = await t.member(o.token, 'agent');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [a1.user.id, a2.user.id] }, o.token);
  if (opts.online !== false)
    expect((await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, a1.token)).json).toMatchObject({
      status: 'online',
      activeChats: 0,
    });
  const start = (body: Record<string, unknown> = { message: 'Hello', email: 'vera@example.com', name: 'Vera' }) =>
    t.call('POST', `/api/v1/widgets/${widget.id}/chats`, body, undefined, {
      'accept-language': 'de-DE,de;q=0.9',
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    });
  return { ...t, o, a1, a2, widget, start };
};

describe('chat routes', () => {
  it('answer the widget and the agent with what their OpenAPI schemas say, every required field included', async () => {
    const t = await setup();
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json as OpenApiDocument;
    const conforms = (name: string, body: unknown) => {
      const result = componentSchema(doc, name).safeParse(body);
      expect(result.error?.issues ?? [], `${name}: ${JSON.stringify(body)}`).toEqual([]);
    };
    await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { maxConcurrentChats: 1 } }, t.o.token);
    conforms('WidgetConfig', (await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`)).json);
    conforms('WidgetAvailability', (await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`)).json);
    const active = (await t.start()).json;
    const queued = (await t.start({ message: 'Anyone?' })).json;
    expect([active.status, queued.status]).toEqual(['active', 'queued']);
    expect(queued.queue).toMatchObject({ position: 1 });
    for (const started of [active, queued]) conforms('StartedChat', started);
    conforms(
      'ChatEvent',
      (await t.call('POST', `/api/v1/chats/${active.chatId}/messages`, { text: 'Still there?' }, active.visitorToken)).json,
    );
    conforms('ChatEvent', (await t.call('POST', `/api/v1/chats/${active.chatId}/messages`, { text: 'Yes.' }, t.a1.token)).json);
    const transcript = (await t.call('GET', `/api/v1/chats/${active.chatId}`, undefined, t.a1.token)).json;
    conforms('Chat', transcript.chat);
    expect(transcript.events.map((e: { type: string }) => e.type)).toEqual([
      'chat.queued',
      'chat.message',
      'chat.assigned',
      'chat.message',
      'chat.message',
    ]);
    for (const event of transcript.events) conforms('ChatEvent', event);
    // The check itself refuses what the document does not allow.
    expect(componentSchema(doc, 'ChatEvent').safeParse({ ...transcript.events[0], author: undefined }).success).toBe(false);
  });

  it('tells a page whether to show the chat button or the offline form', async () => {
    const t = await setup({ online: false });
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`)).json).toEqual({
      widgetId: t.widget.id,
      available: false,
      mode: 'offline',
      queued: 0,
      queueFull: false,
      outsideBusinessHours: false,
    });
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a1.token);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`)).json).toMatchObject({ available: true, mode: 'available' });
    const missing = await t.call('GET', '/api/v1/widgets/nope/availability');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('gives the widget its public configuration, with the availability, to any origin and never cached', async () => {
    const t = await setup({ online: false });
    await t.call(
      'PATCH',
      `/api/v1/widgets/${t.widget.id}`,
      { settings: { appearance: { color: '#0F766E', position: 'left' }, greeting: 'Hallo!', language: 'de' } },
      t.o.token,
    );
    const r = await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`, undefined, undefined, { origin: 'https://shop.example.com' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id: t.widget.id,
      name: 'Support',
      greeting: 'Hallo!',
      language: 'de',
      appearance: { color: '#0f766e', position: 'left', launcherText: 'Chat with us' },
      preChat: { askName: 'optional', askEmail: 'optional' },
      offlineForm: { enabled: true, alwaysOffline: false },
      proactiveRules: [],
      availability: (await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`)).json,
      visitorBlocked: false,
      transcriptByMail: true,
    });
    expect(r.json.availability).toEqual({
      widgetId: t.widget.id,
      available: false,
      mode: 'offline',
      queued: 0,
      queueFull: false,
      outsideBusinessHours: false,
    });
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.text).not.toContain('allowedOrigins');
    expect(r.text).not.toContain('maxConcurrentChats');
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a1.token);
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`)).json.availability).toMatchObject({
      available: true,
      mode: 'available',
    });
    const missing = await t.call('GET', '/api/v1/widgets/nope/config');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('not_found');
  });

  it('tells the widget whether a transcript can be mailed: not when the server sends no e-mail', async () => {
    for (const [mailTransport, offered] of [
      [false, false],
      [true, true],
      [undefined, true],
    ] as const) {
      const t = testApp({}, mailTransport === undefined ? {} : { mailTransport });
      const o = await t.owner();
      const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
      expect((await t.call('GET', `/api/v1/widgets/${widget.id}/config`)).json.transcriptByMail).toBe(offered);
    }
  });

  it('refuses visitor requests from sites the widget does not allow, and lets its frame and allowed sites through', async () => {
    const t = await setup();
    const open = (await t.start()).json; // before the widget was restricted
    await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { allowedOrigins: ['https://shop.example.com'] } }, t.o.token);
    const from = (origin: string) => ({ origin });
    const foreign = from('https://evil.example');
    const refused = [
      await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`, undefined, undefined, foreign),
      await t.call('GET', `/api/v1/widgets/${t.widget.id}/availability`, undefined, undefined, foreign),
      await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, { message: 'Hi', email: 'v@example.com' }, undefined, foreign),
      await t.call('GET', `/api/v1/chats/${open.chatId}/events?token=${open.visitorToken}`, undefined, undefined, foreign),
      await t.call('POST', `/api/v1/chats/${open.chatId}/messages`, { text: 'x' }, open.visitorToken, foreign),
      await t.call('POST', `/api/v1/chats/${open.chatId}/typing`, { text: 'x' }, open.visitorToken, foreign),
      await t.call('POST', `/api/v1/chats/${open.chatId}/close`, undefined, open.visitorToken, from('null')),
    ];
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.json.code).toBe('origin_not_allowed');
      expect(r.headers.get('access-control-allow-origin')).toBe('*'); // the page can read why
    }
    const transcript = await t.call('GET', `/api/v1/chats/${open.chatId}`, undefined, t.o.token);
    expect(transcript.json.events).toHaveLength(3); // nothing was written
    expect(transcript.json.chat.status).toBe('active');
    expect((await t.call('GET', '/api/v1/chats', undefined, t.o.token)).json.items).toHaveLength(1);

    const allowed = from('https://SHOP.example.com');
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/config`, undefined, undefined, allowed)).status).toBe(200);
    expect(
      (await t.call('POST', `/api/v1/chats/${open.chatId}/messages`, { text: 'from the shop' }, open.visitorToken, allowed)).status,
    ).toBe(201);
    const own = from('http://localhost'); // the frame, served by Parley
    expect(
      (await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, { message: 'Hi', email: 'v@example.com' }, undefined, own)).status,
    ).toBe(201);
    expect((await t.call('POST', `/api/v1/chats/${open.chatId}/messages`, { text: 'from the frame' }, open.visitorToken, own)).status).toBe(
      201,
    );
    expect((await t.call('POST', `/api/v1/chats/${open.chatId}/messages`, { text: 'no origin' }, open.visitorToken)).status).toBe(201);
    // the agent's own calls are not the widget's
    expect((await t.call('POST', `/api/v1/chats/${open.chatId}/messages`, { text: 'agent' }, t.a1.token, foreign)).status).toBe(201);
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
    expect(transcript.json.events.map((e: { type: string }) => e.type)).toEqual([
      'chat.queued',
      'chat.message',
      'chat.assigned',
      'chat.message',
      'chat.message',
    ]);
    expect(transcript.text).not.toContain(visitorToken);
    const list = await t.call('GET', '/api/v1/chats?status=active', undefined, t.a1.token);
    expect(list.json.items.map((c: { id: string }) => c.id)).toEqual([chatId]);
    expect((await t.call('GET', '/api/v1/agents/me/status', undefined, t.a1.token)).json).toMatchObject({
      status: 'online',
      activeChats: 1,
    });
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
    expect((await t.call('POST', `/api/v1/chats/${second.json.chatId}/typing`, { text: 'draft' }, second.json.visitorToken)).status).toBe(
      204,
    );
    expect((await t.call('POST', `/api/v1/chats/${first.chatId}/typing`, { text: 'x' }, t.a2.token)).status).toBe(403);
    const closed = await t.call('POST', `/api/v1/chats/${first.chatId}/close`, undefined, t.a1.token);
    expect(closed.json).toMatchObject({ status: 'closed', closedBy: 'agent' });
    // Refused, saying how the chat ended (`chatStatus`: the problem's own `status` is the HTTP status).
    const again = await t.call('POST', `/api/v1/chats/${first.chatId}/close`, undefined, t.a1.token);
    expect(again.json).toMatchObject({ code: 'chat_closed', status: 409, chatStatus: 'closed' });
    expect((await t.call('GET', `/api/v1/chats/${second.json.chatId}`, undefined, t.o.token)).json.chat.status).toBe('active');
    expect((await t.call('POST', `/api/v1/chats/${second.json.chatId}/close`, undefined, second.json.visitorToken)).json).toEqual({
      chatId: second.json.chatId,
      status: 'closed',
    });
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

  it('hands a note over with a transfer as a team note before the transfer event, which the visitor never sees; too long changes nothing', async () => {
    const t = await setup();
    const c = (await t.start()).json;
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a2.token);
    const transfer = (body: unknown) => t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, body, t.a1.token);
    const tooLong = await transfer({ agentId: t.a2.user.id, note: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.headers.get('content-type')).toContain('application/problem+json');
    expect(tooLong.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/note', code: 'too_big' }] });
    const before = (await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, t.a2.token)).json;
    expect(before.chat.agentId).toBe(t.a1.user.id);
    expect(before.events.map((e: { type: string }) => e.type)).not.toContain('chat.note');
    expect((await transfer({ agentId: t.a2.user.id, note: '  Wants a refund for #100; card already checked.  ' })).status).toBe(200);
    const events = (await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, t.a2.token)).json.events;
    expect(events.slice(-2)).toMatchObject([
      { type: 'chat.note', text: 'Wants a refund for #100; card already checked.', author: { kind: 'agent', userId: t.a1.user.id } },
      { type: 'chat.transferred', data: { toAgentId: t.a2.user.id } },
    ]);
    // The visitor's own feed replays the transfer, never the note.
    const feed = await t.app.request(`/api/v1/chats/${c.chatId}/events`, { headers: { authorization: `Bearer ${c.visitorToken}` } });
    const reader = feed.body!.getReader();
    let text = '';
    while (!text.includes('chat.transferred')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).not.toContain('refund');
    expect(text).not.toContain('chat.note');
    // An empty note is none.
    expect((await t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { agentId: t.a1.user.id, note: '  ' }, t.a2.token)).status).toBe(
      200,
    );
    const after = (await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, t.a1.token)).json.events;
    expect(after.filter((e: { type: string }) => e.type === 'chat.note')).toHaveLength(1);
  });

  it('lets a supervisor take over a colleague’s chat beyond their maximum once online, an owner too, and never an agent', async () => {
    const t = await setup();
    await t.call('PATCH', `/api/v1/widgets/${t.widget.id}`, { settings: { maxConcurrentChats: 1 } }, t.o.token);
    const s = await t.member(t.o.token, 'supervisor');
    await t.call('PUT', `/api/v1/widgets/${t.widget.id}/agents`, { agentIds: [t.a1.user.id, t.a2.user.id, s.user.id] }, t.o.token);
    const c = (await t.start()).json;
    const takeOver = (token: string, agentId: string) => t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { agentId }, token);

    // An agent of the same widget cannot take a colleague's chat, online or not.
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a2.token);
    const agent = await takeOver(t.a2.token, t.a2.user.id);
    expect(agent.status).toBe(403);
    expect(agent.headers.get('content-type')).toContain('application/problem+json');
    expect(agent.json.code).toBe('forbidden');
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'offline' }, t.a2.token);

    // An offline supervisor is told to go online first; nothing changes.
    const offline = await takeOver(s.token, s.user.id);
    expect(offline.status).toBe(409);
    expect(offline.json).toMatchObject({ code: 'agent_unavailable', agentStatus: 'offline' });
    expect((await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, t.o.token)).json.chat.agentId).toBe(t.a1.user.id);

    // Online and already at the widget's maximum of one chat, the supervisor still takes it over.
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, s.token);
    const own = (await t.start({ message: 'Second' })).json;
    expect((await t.call('GET', `/api/v1/chats/${own.chatId}`, undefined, s.token)).json.chat.agentId).toBe(s.user.id);
    const taken = await takeOver(s.token, s.user.id);
    expect(taken.status).toBe(200);
    expect(taken.json).toMatchObject({
      agentId: s.user.id,
      transfers: [{ fromAgentId: t.a1.user.id, toAgentId: s.user.id, byUserId: s.user.id }],
    });
    expect((await t.call('GET', '/api/v1/agents/me/status', undefined, s.token)).json).toMatchObject({ activeChats: 2 });
    const events = (await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, t.o.token)).json.events;
    expect(events.at(-1)).toMatchObject({ type: 'chat.transferred', data: { toAgentId: s.user.id, byUserId: s.user.id } });
    expect((await t.call('POST', `/api/v1/chats/${c.chatId}/messages`, { text: 'x' }, t.a1.token)).status).toBe(403);
    expect((await t.call('POST', `/api/v1/chats/${c.chatId}/messages`, { text: 'I am here' }, s.token)).status).toBe(201);

    // A supervisor handing the chat on to an agent keeps the agent's rules: online, with room.
    const full = await t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { agentId: t.a2.user.id }, s.token);
    expect(full.json.code).toBe('agent_unavailable');

    // The owner serves no widget and takes it over all the same; then closes it.
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.o.token);
    expect((await takeOver(t.o.token, t.o.user.id)).json).toMatchObject({ agentId: t.o.user.id });
    expect((await t.call('POST', `/api/v1/chats/${own.chatId}/close`, undefined, t.o.token)).json).toMatchObject({ status: 'closed' });
  });

  it('transfers to another widget’s queue, listing the widgets with their availability, and refuses one that takes no chats', async () => {
    const t = await setup();
    const b = await t.member(t.o.token, 'agent');
    const billing = (await t.call('POST', '/api/v1/widgets', { name: 'Billing' }, t.o.token)).json;
    await t.call('PUT', `/api/v1/widgets/${billing.id}/agents`, { agentIds: [b.user.id] }, t.o.token);
    const c = (await t.start()).json;
    const targets = await t.call('GET', `/api/v1/chats/${c.chatId}/transfer-widgets`, undefined, t.a1.token);
    expect(targets.json).toEqual({
      items: [{ widgetId: billing.id, name: 'Billing', availability: expect.objectContaining({ mode: 'offline' }) }],
    });
    const refused = await t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { widgetId: billing.id }, t.a1.token);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.code).toBe('widget_unavailable');
    const both = await t.call('POST', `/api/v1/chats/${c.chatId}/transfer`, { widgetId: billing.id, agentId: t.a2.user.id }, t.a1.token);
    expect(both.status).toBe(400);
    expect((await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, t.o.token)).json.chat).toMatchObject({
      widgetId: t.widget.id,
      agentId: t.a1.user.id,
    });
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, b.token);
    const moved = await t.call(
      'POST',
      `/api/v1/chats/${c.chatId}/transfer`,
      { widgetId: billing.id, note: 'Invoice question' },
      t.a1.token,
    );
    expect(moved.status).toBe(200);
    const handedOver = (await t.call('GET', `/api/v1/chats/${c.chatId}`, undefined, b.token)).json.events;
    expect(handedOver.map((e: { type: string; text: string | null }) => [e.type, e.text]).slice(-3, -1)).toEqual([
      ['chat.note', 'Invoice question'],
      ['chat.transferred', null],
    ]);
    expect(moved.json).toMatchObject({ widgetId: billing.id, status: 'active', agentId: b.user.id });
    // The old widget's agent has lost it; the visitor goes on chatting with the new one.
    expect((await t.call('POST', `/api/v1/chats/${c.chatId}/messages`, { text: 'x' }, t.a1.token)).status).toBe(404);
    expect((await t.call('POST', `/api/v1/chats/${c.chatId}/messages`, { text: 'Still here' }, c.visitorToken)).status).toBe(201);
    expect(
      (await t.call('GET', `/api/v1/chats/${c.chatId}/transfer-widgets`, undefined, b.token)).json.items.map(
        (w: { name: string }) => w.name,
      ),
    ).toEqual(['Support']);
  });

  it('marks an offline request handled and back, lists by handled, and refuses a live chat or another widget’s agent', async () => {
    const t = await setup();
    const live = (await t.start()).json;
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'offline' }, t.a1.token);
    const req = (await t.start({ message: 'Please call me', email: 'vera@example.com' })).json;
    const put = (chatId: string, body: unknown, token = t.a2.token) => t.call('PUT', `/api/v1/chats/${chatId}/handled`, body, token);
    const notOffline = await put(live.chatId, { handled: true });
    expect(notOffline.status).toBe(409);
    expect(notOffline.json).toMatchObject({ code: 'not_offline_request', type: 'https://parley.dev/problems/not_offline_request' });
    expect((await put(req.chatId, { handled: 'yes' })).status).toBe(400);
    const outsider = await t.member(t.o.token, 'agent');
    expect((await put(req.chatId, { handled: true }, outsider.token)).status).toBe(404);
    const marked = await put(req.chatId, { handled: true });
    expect(marked.status).toBe(200);
    expect(marked.json).toMatchObject({ kind: 'offline', handledBy: t.a2.user.id, handledAt: expect.any(String) });
    expect((await put(req.chatId, { handled: true })).json.handledAt).toBe(marked.json.handledAt);
    const ids = async (q: string) =>
      (await t.call('GET', `/api/v1/chats?${q}`, undefined, t.a1.token)).json.items.map((c: { id: string }) => c.id);
    expect(await ids('handled=true')).toEqual([req.chatId]);
    expect(await ids('handled=false')).toEqual([]);
    expect((await t.call('GET', '/api/v1/chats?handled=maybe', undefined, t.a1.token)).status).toBe(400);
    expect((await put(req.chatId, { handled: false })).json).toMatchObject({ handledAt: null, handledBy: null });
    expect(await ids('handled=false')).toEqual([req.chatId]);
  });

  it('keeps the visitor key a chat starts with, lists one visitor’s chats by it, and refuses a malformed one, storing nothing', async () => {
    const t = await setup();
    const key = 'U2FtZSBicm93c2VyIQ';
    const first = (await t.start({ message: 'Hi, no e-mail', visitorKey: key })).json;
    const other = (await t.start({ message: 'Someone else' })).json;
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'offline' }, t.a1.token);
    const second = (await t.start({ message: 'Call me back', email: 'vera@example.com', visitorKey: key })).json;
    const chat = (await t.call('GET', `/api/v1/chats/${first.chatId}`, undefined, t.a1.token)).json.chat;
    expect(chat.visitor.key).toBe(key);
    expect((await t.call('GET', `/api/v1/chats/${other.chatId}`, undefined, t.a1.token)).json.chat.visitor.key).toBeNull();
    const ids = async (q: string, token = t.a1.token) =>
      (await t.call('GET', `/api/v1/chats?${q}`, undefined, token)).json.items.map((c: { id: string }) => c.id);
    expect(await ids(`visitorKey=${key}`)).toEqual([second.chatId, first.chatId]);
    expect(await ids(`visitorKey=${key}&status=offline`)).toEqual([second.chatId]);
    // An agent of another widget sees none of them.
    const outsider = await t.member(t.o.token, 'agent');
    expect(await ids(`visitorKey=${key}`, outsider.token)).toEqual([]);
    const before = await ids('limit=200', t.o.token);
    for (const bad of ['short', 'has spaces in it here', 'x'.repeat(65)]) {
      const r = await t.start({ message: 'Hi', visitorKey: bad });
      expect([r.status, r.json.code, r.json.errors?.[0]?.path]).toEqual([400, 'validation_failed', '/visitorKey']);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect(await ids('limit=200', t.o.token)).toEqual(before);
    expect((await t.call('GET', '/api/v1/chats?visitorKey=short', undefined, t.a1.token)).status).toBe(400);
  });

  it('stores a message sent twice with the same clientMessageId once, answering the same 201 event both times', async () => {
    const t = await setup();
    const { chatId, visitorToken } = (await t.start()).json;
    const send = (body: Record<string, unknown>, token: string | undefined = visitorToken, headers: Record<string, string> = {}) =>
      t.call('POST', `/api/v1/chats/${chatId}/messages`, body, token, headers);
    const first = await send({ text: 'Is it in stock?', clientMessageId: 'w-3f9a-0001' });
    const again = await send({ text: 'Is it in stock?', clientMessageId: 'w-3f9a-0001' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(first.json).toMatchObject({ seq: 4, text: 'Is it in stock?', clientMessageId: 'w-3f9a-0001' });
    expect(again.json).toEqual(first.json);
    // The same through the Idempotency-Key header (quoted, as a structured-field string, or bare).
    const viaHeader = await send({ text: 'Size 42?' }, visitorToken, { 'idempotency-key': '"w-3f9a-0002"' });
    expect(viaHeader.status).toBe(201);
    expect((await send({ text: 'Size 42?' }, visitorToken, { 'idempotency-key': 'w-3f9a-0002' })).json).toEqual(viaHeader.json);
    expect(
      (await send({ text: 'Size 42?', clientMessageId: 'w-3f9a-0002' }, visitorToken, { 'idempotency-key': 'w-3f9a-0002' })).json,
    ).toEqual(viaHeader.json);
    const messages = async () =>
      (await t.call('GET', `/api/v1/chats/${chatId}`, undefined, t.o.token)).json.events
        .filter((e: { type: string }) => e.type === 'chat.message')
        .map((e: { text: string }) => e.text);
    expect(await messages()).toEqual(['Hello', 'Is it in stock?', 'Size 42?']);
  });

  it('stores an agent’s message sent twice from the console (session cookie) once, answering the same 201 event both times', async () => {
    const t = await setup();
    const { chatId } = (await t.start()).json;
    const fromConsole = (clientMessageId: string, text: string) =>
      t.app.request(`/api/v1/chats/${chatId}/messages`, {
        method: 'POST',
        headers: { cookie: `parley_session=${t.a1.token}`, origin: 'http://localhost', 'content-type': 'application/json' },
        body: JSON.stringify({ text, clientMessageId }),
      });
    const first = await fromConsole('console-0001', 'Yes, in stock.');
    const again = await fromConsole('console-0001', 'Yes, in stock.');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const [a, b] = [await first.json(), await again.json()];
    expect(a).toMatchObject({ seq: 4, author: { kind: 'agent', userId: t.a1.user.id }, clientMessageId: 'console-0001' });
    expect(b).toEqual(a);
    const events = (await t.call('GET', `/api/v1/chats/${chatId}`, undefined, t.o.token)).json.events;
    expect(events.filter((e: { text: string }) => e.text === 'Yes, in stock.')).toHaveLength(1);
  });

  it('refuses a reused or malformed message key with problem+json, storing nothing', async () => {
    const t = await setup();
    const { chatId, visitorToken } = (await t.start()).json;
    const send = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.call('POST', `/api/v1/chats/${chatId}/messages`, body, visitorToken, headers);
    expect((await send({ text: 'first', clientMessageId: 'key-000001' })).status).toBe(201);
    const reused = await send({ text: 'second', clientMessageId: 'key-000001' });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(reused.json).toMatchObject({ code: 'idempotency_key_reused', type: 'https://parley.dev/problems/idempotency_key_reused' });
    const badBody = await send({ text: 'x', clientMessageId: 'short' });
    expect(badBody.status).toBe(400);
    expect(badBody.json.errors.map((e: { path: string }) => e.path)).toEqual(['/clientMessageId']);
    for (const headers of [
      { 'idempotency-key': 'has space!' },
      { 'idempotency-key': '"unbalanced-key' },
      { 'idempotency-key': 'x'.repeat(65) },
    ]) {
      const r = await send({ text: 'x' }, headers);
      expect(r.status, JSON.stringify(headers)).toBe(400);
      expect(r.json.code).toBe('invalid_idempotency_key');
    }
    const differ = await send({ text: 'x', clientMessageId: 'key-000002' }, { 'idempotency-key': 'key-000003' });
    expect(differ.status).toBe(400);
    expect(differ.json.code).toBe('invalid_idempotency_key');
    const events = (await t.call('GET', `/api/v1/chats/${chatId}`, undefined, t.o.token)).json.events;
    expect(events.map((e: { text: string | null }) => e.text)).toEqual([null, 'Hello', null, 'first']);
  });

  it('lists the colleagues an agent may transfer to, with status and free capacity, and only for widgets they serve', async () => {
    const t = await setup();
    const paused = await t.call('GET', `/api/v1/widgets/${t.widget.id}/colleagues`, undefined, t.a1.token);
    expect(paused.status).toBe(200);
    expect(paused.json).toEqual([{ userId: t.a2.user.id, name: 'Pat agent', status: 'offline', activeChats: 0, freeSlots: 0 }]);
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.a2.token);
    await t.start();
    const seen = (await t.call('GET', `/api/v1/widgets/${t.widget.id}/colleagues`, undefined, t.a1.token)).json;
    const taker = seen[0].activeChats === 1 ? 'a2' : 'a1'; // the chat went to one of the two
    expect(seen).toEqual([
      { userId: t.a2.user.id, name: 'Pat agent', status: 'online', activeChats: taker === 'a2' ? 1 : 0, freeSlots: taker === 'a2' ? 2 : 3 },
    ]);
    const outsider = await t.member(t.o.token, 'agent');
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/colleagues`, undefined, outsider.token)).status).toBe(404);
    const supervisor = await t.member(t.o.token, 'supervisor');
    expect((await t.call('GET', `/api/v1/widgets/${t.widget.id}/colleagues`, undefined, supervisor.token)).json).toHaveLength(2);
  });

  it('takes a note for the team from a user who may read the chat, never from the visitor, with problem+json for bad input', async () => {
    const t = await setup();
    const { chatId, visitorToken } = (await t.start()).json;
    const note = (body: unknown, token: string | undefined) => t.call('POST', `/api/v1/chats/${chatId}/notes`, body, token);
    const added = await note({ text: 'Reseller: quote the trade price', clientMessageId: 'note-0001' }, t.o.token);
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      type: 'chat.note',
      seq: 4,
      text: 'Reseller: quote the trade price',
      author: { kind: 'agent', userId: t.o.user.id },
    });
    expect((await note({ text: 'Reseller: quote the trade price', clientMessageId: 'note-0001' }, t.o.token)).json).toEqual(added.json);
    const refused = [
      await note({ text: 'let me in' }, visitorToken),
      await note({ text: '' }, t.a2.token),
      await note({ text: 'x'.repeat(20_000) }, t.a2.token),
      await t.call('POST', '/api/v1/chats/no-such-chat/notes', { text: 'hm' }, t.a2.token),
    ];
    expect(refused.map((r) => [r.status, r.json.code])).toEqual([
      [401, 'unauthenticated'],
      [400, 'validation_failed'],
      [400, 'validation_failed'],
      [404, 'not_found'],
    ]);
    expect(refused.every((r) => r.headers.get('content-type')?.startsWith('application/problem+json'))).toBe(true);
    const events = (await t.call('GET', `/api/v1/chats/${chatId}`, undefined, t.a2.token)).json.events;
    expect(events.filter((e: { type: string }) => e.type === 'chat.note').map((e: { text: string }) => e.text)).toEqual([
      'Reseller: quote the trade price',
    ]);
  });

  it('takes the page the visitor opened from the visitor alone, with problem+json for a bad URL', async () => {
    const t = await setup();
    const { chatId, visitorToken } = (await t.start()).json;
    const page = (body: unknown, token: string | undefined) => t.call('POST', `/api/v1/chats/${chatId}/pages`, body, token);
    expect((await page({ url: 'https://shop.example/checkout' }, visitorToken)).status).toBe(204);
    const refused = [await page({ url: 'ftp://shop.example/x' }, visitorToken), await page({ url: 'https://shop.example/y' }, t.a1.token)];
    expect(refused.map((r) => [r.status, r.json.code])).toEqual([
      [400, 'validation_failed'],
      [403, 'forbidden'],
    ]);
    const events = (await t.call('GET', `/api/v1/chats/${chatId}`, undefined, t.a1.token)).json.events;
    expect(events.filter((e: { type: string }) => e.type === 'chat.page').map((e: { data: { url: string } }) => e.data.url)).toEqual([
      'https://shop.example/checkout',
    ]);
  });

  it('blocks a chat’s visitor for its agent: the chat closes, and that address starts nothing more, with problem+json', async () => {
    // Behind a proxy on loopback, so that each request says its visitor's address.
    const t = testApp({}, { trustProxy: parseTrustProxy('loopback').trust, peerAddress: () => '127.0.0.1' });
    const o = await t.owner();
    const ann = await t.member(o.token, 'agent');
    const bob = await t.member(o.token, 'agent');
    const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [ann.user.id, bob.user.id] }, o.token);
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, ann.token);
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const start = (ip: string) =>
      t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { message: 'cheap watches', email: 'spam@example.com' }, undefined, from(ip));
    const spam = (await start('198.51.100.23')).json;
    expect(spam.status).toBe('active');
    const byBob = await t.call('POST', `/api/v1/chats/${spam.chatId}/block-visitor`, undefined, bob.token);
    expect([byBob.status, byBob.json.code]).toEqual([403, 'forbidden']);
    const blocked = await t.call('POST', `/api/v1/chats/${spam.chatId}/block-visitor`, undefined, ann.token);
    expect(blocked.status).toBe(200);
    expect(blocked.json).toMatchObject({ blocked: '198.51.100.23', chat: { id: spam.chatId, status: 'closed' } });
    const again = await start('198.51.100.23');
    expect(again.status).toBe(403);
    expect(again.json).toMatchObject({ code: 'visitor_blocked', detail: 'Chat is not available to you here.' });
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // The widget's configuration says so to that address alone, so its widget shows nothing.
    const config = (ip: string) => t.call('GET', `/api/v1/widgets/${widget.id}/config`, undefined, undefined, from(ip));
    expect((await config('198.51.100.23')).json).toMatchObject({ id: widget.id, visitorBlocked: true });
    expect((await config('198.51.100.24')).json).toMatchObject({ id: widget.id, visitorBlocked: false });
    // So does the compatible Visitor Chat API: offline, with no form, to that address alone.
    const visitorChat = (ip: string) => t.call('GET', `/api/v1/chat/${widget.id}`, undefined, undefined, from(ip));
    expect((await visitorChat('198.51.100.23')).json).toMatchObject({ online: false, mode: 'offline', offlineFormEnabled: false });
    expect((await visitorChat('198.51.100.24')).json).toMatchObject({ online: true, mode: 'available', offlineFormEnabled: true });
    expect((await start('198.51.100.24')).status).toBe(201);
    const settings = (await t.call('GET', `/api/v1/widgets/${widget.id}`, undefined, o.token)).json.settings;
    expect(settings.blockedVisitors).toEqual(['198.51.100.23']);
    // A list that is not addresses is refused whole.
    const bad = await t.call(
      'PATCH',
      `/api/v1/widgets/${widget.id}`,
      { settings: { blockedVisitors: ['198.51.100.*', 'everyone'] } },
      o.token,
    );
    expect([bad.status, bad.json.code, bad.json.errors?.[0]?.path]).toEqual([400, 'validation_failed', '/settings/blockedVisitors/1']);
    expect((await t.call('GET', `/api/v1/widgets/${widget.id}`, undefined, o.token)).json.settings.blockedVisitors).toEqual([
      '198.51.100.23',
    ]);
  });

  it('answers CORS preflights of visitor routes for any origin, and documents every chat route', async () => {
    const t = await setup();
    const pre = await t.app.request(`/api/v1/widgets/${t.widget.id}/chats`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const message = await t.app.request('/api/v1/chats/any/messages', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization,idempotency-key',
      },
    });
    expect(message.headers.get('access-control-allow-headers')?.split(',')).toContain('idempotency-key');
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    for (const p of [
      '/api/v1/widgets/{id}/chats',
      '/api/v1/widgets/{id}/availability',
      '/api/v1/chats/{id}/events',
      '/api/v1/chats/{id}/messages',
      '/api/v1/chats/{id}/typing',
      '/api/v1/chats/{id}/notes',
      '/api/v1/chats/{id}/pages',
      '/api/v1/chats/{id}/block-visitor',
      '/api/v1/chats/{id}/close',
      '/api/v1/chats/{id}/transfer',
      '/api/v1/chats/{id}/transfer-widgets',
      '/api/v1/chats/{id}/handled',
      '/api/v1/chats',
      '/api/v1/chats/{id}',
      '/api/v1/agents/me/status',
      '/api/v1/agents/me/events',
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/v1/chats/{id}/messages'].post.security).toEqual([{ visitorToken: [] }, { bearer: [] }, { cookie: [] }]);
    expect(doc.paths['/api/v1/chats/{id}/messages'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
    );
    expect(
      doc.paths['/api/v1/chats/{id}/messages'].post.requestBody.content['application/json'].schema.properties.clientMessageId,
    ).toMatchObject({ type: 'string' });
    expect(doc.paths['/api/v1/chats/{id}/messages'].post.description).toContain('clientMessageId');
    expect(doc.components.schemas.Chat).toBeDefined();
  });
});
