import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

describe('users', () => {
  it('lets owners and admins add users, and nobody else', async () => {
    const t = testApp();
    const o = await t.owner();
    const admin = await t.member(o.token, 'admin');
    const agent = await t.member(o.token, 'agent');
    const byAdmin = await t.call(
      'POST',
      '/api/v1/users',
      { email: 'new1@example.com', name: 'New', role: 'agent', password: 'a long password' },
      admin.token,
    );
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.headers.get('etag')).toBe('"1"');
    const byAgent = await t.call(
      'POST',
      '/api/v1/users',
      { email: 'new2@example.com', name: 'New', role: 'agent', password: 'a long password' },
      agent.token,
    );
    expect(byAgent.status).toBe(403);
    expect(byAgent.json.code).toBe('forbidden');
  });

  it('tells signed-in users whether this server sends e-mail, as the embedding application said, or that it is not known', async () => {
    for (const [mailTransport, said] of [
      [false, false],
      [true, true],
      [undefined, null],
    ] as const) {
      const t = testApp({}, mailTransport === undefined ? {} : { mailTransport });
      const o = await t.owner();
      const agent = await t.member(o.token, 'agent');
      expect((await t.call('GET', '/api/v1/server', undefined, agent.token)).json).toEqual({ mail: said });
      expect((await t.call('GET', '/api/v1/server')).status).toBe(401);
    }
  });

  it('lists users in pages with a cursor', async () => {
    const t = testApp();
    const o = await t.owner();
    for (let i = 0; i < 4; i++) await t.member(o.token, 'agent');
    const first = await t.call('GET', '/api/v1/users?limit=2', undefined, o.token);
    expect(first.json.items).toHaveLength(2);
    expect(first.json.nextCursor).toBeTruthy();
    const ids = new Set(first.json.items.map((u: { id: string }) => u.id));
    let cursor = first.json.nextCursor;
    while (cursor) {
      const page = await t.call('GET', `/api/v1/users?limit=2&cursor=${encodeURIComponent(cursor)}`, undefined, o.token);
      for (const u of page.json.items) ids.add(u.id);
      cursor = page.json.nextCursor;
    }
    expect(ids.size).toBe(5);
    expect((await t.call('GET', '/api/v1/users?role=agent', undefined, o.token)).json.items).toHaveLength(4);
  });

  it('keeps exactly one owner: no demotion, no removal, transfer only', async () => {
    const t = testApp();
    const o = await t.owner();
    const admin = await t.member(o.token, 'admin');
    const demote = await t.call('PATCH', `/api/v1/users/${o.user.id}`, { role: 'admin' }, admin.token);
    expect(demote.status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/users/${o.user.id}`, undefined, admin.token)).status).toBe(409);
    const transfer = await t.call('PATCH', `/api/v1/users/${admin.user.id}`, { role: 'owner' }, o.token);
    expect(transfer.status).toBe(200);
    expect(transfer.json.role).toBe('owner');
    const owners = await t.call('GET', '/api/v1/users?role=owner', undefined, admin.token);
    expect(owners.json.items.map((u: { id: string }) => u.id)).toEqual([admin.user.id]);
    expect((await t.call('GET', `/api/v1/users/${o.user.id}`, undefined, admin.token)).json.role).toBe('admin');
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    const first = await t.call('PATCH', `/api/v1/users/${agent.user.id}`, { name: 'First' }, o.token, { 'if-match': '"1"' });
    expect(first.status).toBe(200);
    const stale = await t.call('PATCH', `/api/v1/users/${agent.user.id}`, { name: 'Second' }, o.token, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('version_mismatch');
    expect((await t.call('GET', `/api/v1/users/${agent.user.id}`, undefined, o.token)).json.name).toBe('First');
  });

  it('signs a deactivated user out everywhere', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.call('PATCH', `/api/v1/users/${agent.user.id}`, { status: 'deactivated' }, o.token);
    expect((await t.call('GET', '/api/v1/me', undefined, agent.token)).status).toBe(401);
    const login = await t.call('POST', '/api/v1/auth/login', { email: agent.email, password: agent.password });
    expect(login.json.code).toBe('account_deactivated');
  });

  it('does not show users of other accounts', async () => {
    const t = testApp();
    const a = await t.owner();
    const b = await t.owner();
    expect((await t.call('GET', `/api/v1/users/${b.user.id}`, undefined, a.token)).status).toBe(404);
  });
});

describe('widgets', () => {
  it('creates, reads, updates and deletes a widget', async () => {
    const t = testApp();
    const o = await t.owner();
    const created = await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token);
    expect(created.status).toBe(201);
    expect(created.json.settings).toMatchObject({ maxConcurrentChats: 3, offlineForm: { enabled: true } });
    const id = created.json.id;
    const patched = await t.call(
      'PATCH',
      `/api/v1/widgets/${id}`,
      { settings: { maxConcurrentChats: 5, offlineForm: { enabled: false } } },
      o.token,
      { 'if-match': created.headers.get('etag')! },
    );
    expect(patched.status).toBe(200);
    expect(patched.json.settings).toMatchObject({ maxConcurrentChats: 5, offlineForm: { enabled: false, alwaysOffline: false } });
    expect(patched.json.version).toBe(2);
    expect((await t.call('GET', `/api/v1/widgets/${id}`, undefined, o.token)).json.settings.maxConcurrentChats).toBe(5);
    expect((await t.call('DELETE', `/api/v1/widgets/${id}`, undefined, o.token)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/widgets/${id}`, undefined, o.token)).status).toBe(404);
  });

  it('rejects out-of-range settings and keeps the old ones', async () => {
    const t = testApp();
    const o = await t.owner();
    const w = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    const r = await t.call('PATCH', `/api/v1/widgets/${w.id}`, { settings: { maxConcurrentChats: 0 } }, o.token);
    expect(r.status).toBe(400);
    expect(r.json.errors[0].path).toBe('/settings/maxConcurrentChats');
    expect((await t.call('GET', `/api/v1/widgets/${w.id}`, undefined, o.token)).json.version).toBe(1);
  });

  it('assigns agents, and agents see only the widgets they serve', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    const a = (await t.call('POST', '/api/v1/widgets', { name: 'A' }, o.token)).json;
    await t.call('POST', '/api/v1/widgets', { name: 'B' }, o.token);
    const put = await t.call('PUT', `/api/v1/widgets/${a.id}/agents`, { agentIds: [agent.user.id] }, o.token);
    expect(put.status).toBe(200);
    expect(put.json.agentIds).toEqual([agent.user.id]);
    const seen = await t.call('GET', '/api/v1/widgets', undefined, agent.token);
    expect(seen.json.items.map((w: { name: string }) => w.name)).toEqual(['A']);
    const bad = await t.call('PUT', `/api/v1/widgets/${a.id}/agents`, { agentIds: ['no-such-user'] }, o.token);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ path: '/agentIds/0', code: 'unknown_user' });
  });

  it('says in one request whether each widget can start a chat, as each widget’s own availability does', async () => {
    const t = testApp();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    const busy = (await t.call('POST', '/api/v1/widgets', { name: 'Busy' }, o.token)).json;
    const nobody = (await t.call('POST', '/api/v1/widgets', { name: 'Nobody' }, o.token)).json;
    const closed = (await t.call('POST', '/api/v1/widgets', { name: 'Closed' }, o.token)).json;
    for (const w of [busy, closed]) await t.call('PUT', `/api/v1/widgets/${w.id}/agents`, { agentIds: [agent.user.id] }, o.token);
    await t.call('PATCH', `/api/v1/widgets/${busy.id}`, { settings: { maxConcurrentChats: 1 } }, o.token);
    await t.call('PATCH', `/api/v1/widgets/${closed.id}`, { settings: { offlineForm: { alwaysOffline: true } } }, o.token);
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, agent.token);
    // The agent takes one chat of "Busy"; the next one waits.
    for (const message of ['first', 'second'])
      expect((await t.call('POST', `/api/v1/widgets/${busy.id}/chats`, { message, email: 'v@example.com' })).status).toBe(201);

    const all = await t.call('GET', '/api/v1/widgets/availability', undefined, o.token);
    expect(all.status).toBe(200);
    const listed = (await t.call('GET', '/api/v1/widgets', undefined, o.token)).json.items.map((w: { id: string }) => w.id);
    expect(all.json.items.map((a: { widgetId: string }) => a.widgetId)).toEqual(listed);
    for (const a of all.json.items) expect(a).toEqual((await t.call('GET', `/api/v1/widgets/${a.widgetId}/availability`)).json);
    const byId = Object.fromEntries(all.json.items.map((a: { widgetId: string }) => [a.widgetId, a]));
    expect(byId[busy.id]).toMatchObject({ mode: 'busy', available: false, queued: 1 });
    expect(byId[nobody.id]).toMatchObject({ mode: 'offline', queued: 0 });
    expect(byId[closed.id]).toMatchObject({ mode: 'offline', queued: 0 });

    // Paged as the widget list is; an agent gets the widgets they serve; nobody signed in gets nothing.
    const first = await t.call('GET', '/api/v1/widgets/availability?limit=2', undefined, o.token);
    expect(first.json.items).toHaveLength(2);
    const rest = await t.call(
      'GET',
      `/api/v1/widgets/availability?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`,
      undefined,
      o.token,
    );
    expect([...first.json.items, ...rest.json.items].map((a: { widgetId: string }) => a.widgetId)).toEqual(listed);
    expect(rest.json.nextCursor).toBeNull();
    const mine = await t.call('GET', '/api/v1/widgets/availability', undefined, agent.token);
    expect(mine.json.items.map((a: { widgetId: string }) => a.widgetId).sort()).toEqual([busy.id, closed.id].sort());
    expect((await t.call('GET', '/api/v1/widgets/availability')).status).toBe(401);
  });

  it('two admins editing the same widget: the second stale write gets 412', async () => {
    const t = testApp();
    const o = await t.owner();
    const admin = await t.member(o.token, 'admin');
    const w = (await t.call('POST', '/api/v1/widgets', { name: 'Shared' }, o.token)).json;
    const one = await t.call('PATCH', `/api/v1/widgets/${w.id}`, { name: 'By owner', version: w.version }, o.token);
    const two = await t.call('PATCH', `/api/v1/widgets/${w.id}`, { name: 'By admin', version: w.version }, admin.token);
    expect(one.status).toBe(200);
    expect(two.status).toBe(412);
    expect((await t.call('GET', `/api/v1/widgets/${w.id}`, undefined, o.token)).json.name).toBe('By owner');
  });
});

describe('OpenAPI document', () => {
  it('documents every route the app serves', async () => {
    const t = testApp();
    const doc = (await t.call('GET', '/api/v1/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/v1/accounts', 'post'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/me', 'get'],
      ['/api/v1/users/{id}', 'patch'],
      ['/api/v1/widgets/{id}/agents', 'put'],
      ['/api/v1/audit', 'get'],
      ['/api/v1/audit/export', 'get'],
      ['/api/v1/audit/{id}/revert', 'post'],
      ['/api/v1/audit/verify', 'get'],
    ] as const)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(doc.paths['/api/v1/widgets'].post.requestBody.content['application/json'].schema.required).toEqual(['name']);
  });
});
