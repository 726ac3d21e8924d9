import { describe, expect, it } from 'vitest';
import { ManualClock } from '@parley/core/testing';
import { testApp } from './testing/index.js';

const meta = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };

/** An account with a widget served by one agent, an API token of the account, and helpers for the compatible APIs. */
const setup = async (clock = new ManualClock('2026-03-02T10:00:00.000Z')) => {
  const t = testApp({}, {}, { clock });
  const o = await t.owner();
  const agent = await t.member(o.token, 'agent');
  const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
  await t.call('PUT', `/api/v1/widgets/${widget.id}/agents`, { agentIds: [agent.user.id] }, o.token);
  const created = await t.call('POST', '/api/v1/account/api-tokens', { label: 'Reporting script', scope: 'full' }, o.token);
  expect(created.status).toBe(201);
  const accountId: string = o.account.id;
  /** A request of the compatible APIs with `Authorization: <token>`, as the commercial service's scripts send it. */
  const compat = (method: string, path: string, token: string = created.json.secret, body?: unknown) =>
    t.call(method, path, body, undefined, { authorization: token });
  const logs = (query: string, token?: string) => compat('GET', `/api/v2/${accountId}/logs?${query}`, token);
  return { ...t, clock, o, agent, widget, accountId, token: created.json as { token: { id: string }; secret: string }, compat, logs };
};

type Setup = Awaited<ReturnType<typeof setup>>;

/** An offline request (nobody is online) created now. */
const offlineRequest = (t: Setup, n: number) =>
  t.parley.chats.start(t.widget.id, { message: `Request ${n}`, email: `v${n}@example.com`, name: `Visitor ${n}` }, meta);

const expectProblem = (r: { status: number; headers: Headers; json: any }, status: number, code: string) => {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.json.code).toBe(code);
};

describe('API tokens', () => {
  it('shows the secret once, lists tokens without it, and stores only its SHA-256', async () => {
    const t = await setup();
    expect(t.token.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.token.token).toEqual({
      id: expect.any(String),
      label: 'Reporting script',
      createdAt: '2026-03-02T10:00:00.000Z',
      lastUsedAt: null,
      createdBy: t.o.user.id,
      scope: 'full',
      expiresAt: null,
    });
    const list = await t.call('GET', '/api/v1/account/api-tokens', undefined, t.o.token);
    expect(list.json).toEqual({ items: [t.token.token] });
    expect(list.text).not.toContain(t.token.secret);
    const stored = await t.storage.read((r) => r.apiTokens.get(t.accountId, t.token.token.id));
    expect(stored!.tokenHash).toBe(t.deps.crypto.sha256(t.token.secret));
    expect(JSON.stringify(stored)).not.toContain(t.token.secret);
  });

  it('lets only owners and admins manage tokens, and audits creation and revocation without the secret', async () => {
    const t = await setup();
    const supervisor = await t.member(t.o.token, 'supervisor');
    expectProblem(await t.call('POST', '/api/v1/account/api-tokens', { label: 'x' }, supervisor.token), 403, 'forbidden');
    expectProblem(await t.call('GET', '/api/v1/account/api-tokens', undefined, supervisor.token), 403, 'forbidden');
    expectProblem(await t.call('DELETE', `/api/v1/account/api-tokens/${t.token.token.id}`, undefined, supervisor.token), 403, 'forbidden');
    expectProblem(await t.call('POST', '/api/v1/account/api-tokens', { label: '' }, t.o.token), 400, 'validation_failed');
    expect((await t.call('DELETE', `/api/v1/account/api-tokens/${t.token.token.id}`, undefined, t.o.token)).status).toBe(204);
    expectProblem(await t.call('DELETE', `/api/v1/account/api-tokens/${t.token.token.id}`, undefined, t.o.token), 404, 'not_found');
    const audit = await t.call('GET', '/api/v1/audit?type=security', undefined, t.o.token);
    const actions = audit.json.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api_token.created', 'api_token.revoked']));
    expect(audit.text).not.toContain(t.token.secret);
    expect((await t.call('GET', '/api/v1/account/api-tokens', undefined, t.o.token)).json).toEqual({ items: [] });
  });

  it('refuses a wrong, revoked or missing token with 401 and another account’s with 403, as problem+json', async () => {
    const t = await setup();
    const path = `/api/v2/${t.accountId}/agent/status?email=${encodeURIComponent(t.agent.email)}`;
    expect((await t.compat('GET', path)).status).toBe(200);
    expect((await t.compat('GET', path, `Bearer ${t.token.secret}`)).status).toBe(200);
    expectProblem(await t.compat('GET', path, 'A'.repeat(43)), 401, 'unauthenticated');
    expectProblem(await t.call('GET', path), 401, 'unauthenticated');
    // A user's session is not an API token.
    expectProblem(await t.compat('GET', path, `Bearer ${t.o.token}`), 401, 'unauthenticated');
    // Another account's token, on this account's path.
    const other = await t.owner();
    const theirs = (await t.call('POST', '/api/v1/account/api-tokens', { label: 'Theirs' }, other.token)).json.secret;
    expectProblem(await t.compat('GET', path, theirs), 403, 'forbidden');
    await t.call('DELETE', `/api/v1/account/api-tokens/${t.token.token.id}`, undefined, t.o.token);
    expectProblem(await t.compat('GET', path), 401, 'unauthenticated');
  });

  it('takes the bare secret on the compatible APIs only, and never lets a token manage tokens', async () => {
    const t = await setup();
    expectProblem(await t.compat('GET', '/api/v1/widgets'), 401, 'unauthenticated');
    const tokens = await t.call('GET', '/api/v1/account/api-tokens', undefined, t.token.secret);
    expectProblem(tokens, 403, 'forbidden');
    expect(tokens.json.detail).toBe('API tokens cannot manage API tokens: an owner or admin does, signed in.');
  });

  it('limits requests per client address, counting wrong tokens too', async () => {
    const t = testApp({}, { limits: { compatibleApi: { points: 2, durationSeconds: 60 } } });
    const o = await t.owner();
    const secret = (await t.call('POST', '/api/v1/account/api-tokens', { label: 'Script' }, o.token)).json.secret;
    const path = `/api/v2/${o.account.id}/agent/status?email=${encodeURIComponent(o.email)}`;
    expectProblem(await t.call('GET', path, undefined, undefined, { authorization: 'wrong' }), 401, 'unauthenticated');
    expect((await t.call('GET', path, undefined, undefined, { authorization: secret })).status).toBe(200);
    const refused = await t.call('GET', path, undefined, undefined, { authorization: secret });
    expectProblem(refused, 429, 'rate_limited');
    expect(refused.headers.get('retry-after')).toBeTruthy();
  });

  it('records when a token was last used', async () => {
    const t = await setup();
    t.clock.advance(5 * 60_000);
    await t.logs(`widgetId=${t.widget.id}&start=2026-03-01&end=2026-03-02`);
    const list = await t.call('GET', '/api/v1/account/api-tokens', undefined, t.o.token);
    expect(list.json.items[0].lastUsedAt).toBe('2026-03-02T10:05:00.000Z');
  });
});

describe('Logs API', () => {
  it('lists a finished chat with its transcript in the documented field names', async () => {
    const t = await setup();
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.agent.token);
    const started = await t.call('POST', `/api/v1/widgets/${t.widget.id}/chats`, {
      message: 'Where is my parcel?',
      email: 'vera@example.com',
      name: 'Vera',
    });
    const chatId = started.json.chatId;
    t.clock.advance(30_000);
    await t.call('POST', `/api/v1/chats/${chatId}/messages`, { text: 'Let me look.' }, t.agent.token);
    t.clock.advance(60_000);
    await t.call('POST', `/api/v1/chats/${chatId}/close`, undefined, t.agent.token);
    const r = await t.logs(`widgetId=${t.widget.id}&start=2026-03-02&end=2026-03-02`);
    expect(r.status).toBe(200);
    expect(r.json.linkToNextSetOfResults).toBeNull();
    expect(r.json.next).toBeNull();
    expect(r.json.cases).toHaveLength(1);
    const c = r.json.cases[0];
    const created = Date.parse('2026-03-02T10:00:00.000Z');
    expect(c).toMatchObject({
      id: chatId,
      widget_id: t.widget.id,
      type: 'chat',
      status: 'closed',
      requested_by: 'vera@example.com',
      requester_details: { name: 'Vera', email: 'vera@example.com' },
      description: 'Where is my parcel?',
      created_at: '2026-03-02T10:00:00.000Z',
      created_at_date: created,
      created_at_seconds: created / 1000,
      created_at_milliseconds: created,
      source_id: 2,
      chat_waittime: 0,
      chat_duration: 90,
      proactive_chat: false,
      agent: { id: t.agent.user.id, alias: 'Pat agent', email: t.agent.email },
    });
    expect(c).not.toHaveProperty('event');
    expect(c).not.toHaveProperty('schema_version');
    expect(c.transcripts.map((m: { alias: string; message: string; author_type: string }) => [m.author_type, m.alias, m.message])).toEqual([
      ['visitor', 'Vera', 'Where is my parcel?'],
      ['agent', 'Pat agent', 'Let me look.'],
    ]);
    const reply = c.transcripts[1];
    expect(reply).toEqual({
      id: expect.any(String),
      date: '2026-03-02T10:00:30.000Z',
      date_seconds: (created + 30_000) / 1000,
      date_milliseconds: created + 30_000,
      date_submitted: created + 30_000,
      alias: 'Pat agent',
      author_type: 'agent',
      message: 'Let me look.',
    });
    // Every field the case has is one the OpenAPI document names, and the other way round.
    const documented = (await t.call('GET', '/api/v1/openapi.json')).json.components.schemas.LogsCase;
    expect(Object.keys(c).sort()).toEqual(Object.keys(documented.properties).sort());
    expect(Object.keys(reply).sort()).toEqual(Object.keys(documented.properties.transcripts.items.properties).sort());
  });

  it('numbers an offline request source 1', async () => {
    const t = await setup();
    await offlineRequest(t, 1);
    const r = await t.logs(`widgetId=${t.widget.id}&start=2026-03-02&end=2026-03-02`);
    expect(
      r.json.cases.map((c: { type: string; source_id: number; chat_waittime: null }) => [c.type, c.source_id, c.chat_waittime]),
    ).toEqual([['offline', 1, null]]);
  });

  it('pages 100 at a time through every case once, newest first, following linkToNextSetOfResults', async () => {
    const t = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 230; i++) {
      ids.push((await offlineRequest(t, i)).chat.id);
      t.clock.advance(1000);
    }
    const seen: string[] = [];
    let url: string | null = `/api/v2/${t.accountId}/logs?widgetId=${t.widget.id}&start=2026-03-02&end=2026-03-02`;
    const sizes: number[] = [];
    while (url) {
      const r = await t.compat('GET', url.replace(/^https?:\/\/[^/]+/, ''));
      expect(r.status).toBe(200);
      sizes.push(r.json.cases.length);
      seen.push(...r.json.cases.map((c: { id: string }) => c.id));
      url = r.json.linkToNextSetOfResults;
      if (url) expect(new URL(url).searchParams.get('next')).toBe(r.json.next);
    }
    expect(sizes).toEqual([100, 100, 30]);
    expect(seen).toEqual([...ids].reverse());
  });

  it('reads start and end dates in the given time zone, and takes instants as they are', async () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin.
    const t = await setup(new ManualClock('2026-03-01T23:30:00.000Z'));
    const late = (await offlineRequest(t, 1)).chat.id;
    const found = async (q: string) => (await t.logs(`widgetId=${t.widget.id}&${q}`)).json.cases.map((c: { id: string }) => c.id);
    expect(await found('start=2026-03-02&end=2026-03-02&timezone=Europe/Berlin')).toEqual([late]);
    expect(await found('start=2026-03-02&end=2026-03-02')).toEqual([]);
    expect(await found('start=2026-03-01&end=2026-03-01')).toEqual([late]);
    expect(await found('start=2026-03-01&end=2026-03-01&timezone=Europe/Berlin')).toEqual([]);
    expect(await found('start=2026-03-01T23:30:00Z&end=2026-03-01T23:30:00Z&timezone=Europe/Berlin')).toEqual([late]);
    expect(await found('start=2026-03-01T23:30:00.001Z&end=2026-03-03')).toEqual([]);
  });

  it('documents which query parameters are required', async () => {
    const t = testApp();
    const op = (await t.call('GET', '/api/v1/openapi.json')).json.paths['/api/v2/{accountId}/logs'].get;
    const required = Object.fromEntries(
      op.parameters.filter((q: { in: string }) => q.in === 'query').map((q: { name: string; required: boolean }) => [q.name, q.required]),
    );
    expect(required).toEqual({ widgetId: true, start: true, end: true, timezone: false, next: false });
    expect(op.security).toEqual([{ apiToken: [] }]);
  });

  it('refuses bad dates, an unknown zone, an end before the start and a missing widget, changing nothing', async () => {
    const t = await setup();
    const w = `widgetId=${t.widget.id}`;
    const bad = async (q: string, path: string) => {
      const r = await t.logs(q);
      expectProblem(r, 400, 'validation_failed');
      expect(r.json.errors ?? r.json.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    };
    await bad(`${w}&start=2026-02-30&end=2026-03-02`, '/start');
    await bad(`${w}&start=yesterday&end=2026-03-02`, '/start');
    await bad(`${w}&start=2026-03-01&end=2026-03-01T10:00:00`, '/end');
    await bad(`${w}&start=2026-03-01&end=2026-03-02&timezone=Mars/Olympus`, '/timezone');
    await bad(`${w}&start=2026-03-02&end=2026-03-01`, '/end');
    await bad(`start=2026-03-01&end=2026-03-02`, '/widgetId');
    // A `next` this API never gave (a script garbled it) is refused, not read as the first page again.
    await bad(`${w}&start=2026-03-01&end=2026-03-02&next=garbage`, '/next');
    await bad(`${w}&start=2026-03-01&end=2026-03-02&next=notadate~01a251ef-50e9-7fb7-89db-a106364f3b67`, '/next');
    expectProblem(await t.logs(`widgetId=nope&start=2026-03-01&end=2026-03-02`), 404, 'not_found');
    const other = await t.owner();
    const theirWidget = (await t.call('POST', '/api/v1/widgets', { name: 'Theirs' }, other.token)).json;
    expectProblem(await t.logs(`widgetId=${theirWidget.id}&start=2026-03-01&end=2026-03-02`), 404, 'not_found');
  });
});

describe('Agent Status API', () => {
  it('reads and sets an agent’s status and pause reason by e-mail, audited with the token as the actor', async () => {
    const t = await setup();
    const path = `/api/v2/${t.accountId}/agent/status?email=${encodeURIComponent(t.agent.email.toUpperCase())}`;
    expect((await t.compat('GET', path)).json).toEqual({
      email: t.agent.email,
      userId: t.agent.user.id,
      status: 'offline',
      reason: null,
      since: null,
      activeChats: 0,
    });
    const set = await t.compat('PUT', path, undefined, { status: 'paused', reason: 'lunch' });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ email: t.agent.email, status: 'paused', reason: 'lunch', since: '2026-03-02T10:00:00.000Z' });
    expect((await t.compat('GET', path)).json).toMatchObject({ status: 'paused', reason: 'lunch' });
    expect((await t.call('GET', '/api/v1/agents/me/status', undefined, t.agent.token)).json).toMatchObject({
      status: 'paused',
      reason: 'lunch',
    });
    const audit = await t.call('GET', '/api/v1/audit?type=agent', undefined, t.o.token);
    expect(audit.json.items[0]).toMatchObject({
      action: 'agent.status_set',
      targetId: t.agent.user.id,
      actor: { kind: 'api_token', userId: null, email: null, apiTokenId: t.token.token.id },
      changes: expect.arrayContaining([
        { path: '/status', from: 'offline', to: 'paused' },
        { path: '/reason', from: null, to: 'lunch' },
      ]),
    });
    expect((await t.compat('PUT', path, undefined, { status: 'online' })).json).toMatchObject({ status: 'online', reason: null });
  });

  it('answers 404 for an unknown e-mail and 400 for a malformed one or status, changing nothing', async () => {
    const t = await setup();
    const base = `/api/v2/${t.accountId}/agent/status`;
    expectProblem(await t.compat('GET', `${base}?email=nobody@example.com`), 404, 'not_found');
    expectProblem(await t.compat('GET', `${base}?email=not-an-email`), 400, 'validation_failed');
    expectProblem(await t.compat('GET', base), 400, 'validation_failed');
    const path = `${base}?email=${encodeURIComponent(t.agent.email)}`;
    expectProblem(await t.compat('PUT', path, undefined, { status: 'asleep' }), 400, 'validation_failed');
    expect((await t.compat('GET', path)).json.status).toBe('offline');
    const audit = await t.call('GET', '/api/v1/audit?type=agent', undefined, t.o.token);
    expect(audit.json.items).toEqual([]);
  });
});

describe('Visitor Chat API', () => {
  it('answers the commercial shape of a widget’s availability to any origin, and 404 for an unknown widget', async () => {
    const t = await setup();
    const offline = await t.call('GET', `/api/v1/chat/${t.widget.id}`, undefined, undefined, { origin: 'https://shop.example.com' });
    expect(offline.status).toBe(200);
    expect(offline.headers.get('access-control-allow-origin')).toBe('*');
    expect(offline.headers.get('cache-control')).toBe('no-store');
    expect(offline.json).toEqual({
      widgetId: t.widget.id,
      online: false,
      mode: 'offline',
      emailRequired: true,
      nameRequired: false,
      messageRequired: true,
      screenshotRequired: false,
      offlineFormEnabled: true,
    });
    await t.call('PUT', '/api/v1/agents/me/status', { status: 'online' }, t.agent.token);
    await t.call(
      'PATCH',
      `/api/v1/widgets/${t.widget.id}`,
      { settings: { preChat: { askName: 'required', askEmail: 'optional' } } },
      t.o.token,
    );
    expect((await t.call('GET', `/api/v1/chat/${t.widget.id}`)).json).toMatchObject({
      online: true,
      mode: 'available',
      emailRequired: false,
      nameRequired: true,
    });
    expectProblem(await t.call('GET', '/api/v1/chat/nope'), 404, 'not_found');
  });

  it('spends the widget reads allowance of the client address', async () => {
    const t = testApp({}, { limits: { widgetReads: { points: 2, durationSeconds: 60 } } });
    const o = await t.owner();
    const widget = (await t.call('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    expect((await t.call('GET', `/api/v1/widgets/${widget.id}/availability`)).status).toBe(200);
    expect((await t.call('GET', `/api/v1/chat/${widget.id}`)).status).toBe(200);
    expectProblem(await t.call('GET', `/api/v1/chat/${widget.id}`), 429, 'rate_limited');
  });
});
