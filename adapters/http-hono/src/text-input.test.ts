import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

/** A JSON body written by hand, so `\ud800` reaches the server as a lone surrogate escape. */
const raw = (json: string) => json;

describe('text input over HTTP', () => {
  it('refuses a widget name with a lone surrogate (400 ill_formed_unicode at /name) and saves nothing', async () => {
    const t = testApp();
    const o = await t.owner();
    const r = await t.call('POST', '/api/v1/widgets', raw('{"name":"a\\ud800b"}'), o.token);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/name', code: 'ill_formed_unicode' }] });
    expect((await t.call('GET', '/api/v1/widgets', undefined, o.token)).json.items).toEqual([]);
    expect((await t.call('GET', '/api/v1/audit?type=widget', undefined, o.token)).json.items).toEqual([]);
  });

  it('refuses a body that is not UTF-8 (a surrogate encoded on its own) instead of saving U+FFFD in its place', async () => {
    const t = testApp();
    const o = await t.owner();
    const body = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}')]);
    const res = await t.app.request('/api/v1/widgets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'malformed_json', detail: 'The body is not valid UTF-8.' });
    expect((await t.call('GET', '/api/v1/widgets', undefined, o.token)).json.items).toEqual([]);
    // A byte order mark is still allowed, and dropped.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Support"}')]);
    const ok = await t.app.request('/api/v1/widgets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
      body: bom,
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a password with a lone surrogate, so \\ud800, \\udbff and \\ufffd can never stand for each other', async () => {
    const t = testApp();
    const o = await t.owner();
    const body = raw('{"email":"pat@example.com","name":"Pat","role":"agent","password":"long passphrase \\ud800"}');
    const r = await t.call('POST', '/api/v1/users', body, o.token);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/password', code: 'ill_formed_unicode' }] });
    const users = (await t.call('GET', '/api/v1/users', undefined, o.token)).json.items;
    expect(users.map((u: { email: string }) => u.email)).toEqual([o.email]);
    // Nor can one sign in with such a password: the same answer as any bad input, before any account is looked at.
    const login = await t.call(
      'POST',
      '/api/v1/auth/login',
      raw(`{"email":"${o.email}","password":"correct horse battery staple\\udbff"}`),
    );
    expect(login.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/password' }] });
  });

  it('refuses names with nothing visible in them (400 at the field) and saves nothing', async () => {
    const t = testApp();
    const signUp = await t.call('POST', '/api/v1/accounts', {
      accountName: '\u200b\u200b',
      email: 'zw@example.com',
      name: 'Olive',
      password: 'correct horse battery staple',
    });
    expect(signUp.status).toBe(400);
    expect(signUp.json).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/accountName', message: 'Must contain a visible character.' }],
    });
    expect((await t.call('POST', '/api/v1/auth/login', { email: 'zw@example.com', password: 'correct horse battery staple' })).status).toBe(
      401,
    );

    const o = await t.owner();
    for (const [method, path, body, pointer] of [
      ['POST', '/api/v1/widgets', { name: '\ufeff\u200d\u2060' }, '/name'],
      [
        'POST',
        '/api/v1/users',
        { email: 'z@example.com', name: '\u200b \u202e', role: 'agent', password: 'another long passphrase' },
        '/name',
      ],
      ['PATCH', '/api/v1/account', { name: '\0\r\n' }, '/name'],
      ['PATCH', `/api/v1/users/${o.user.id}`, { name: '\u3164' }, '/name'],
      ['POST', '/api/v1/monitor/share-links', { label: '\u200b' }, '/label'],
    ] as const) {
      const r = await t.call(method, path, body, o.token);
      expect(r.status, path).toBe(400);
      expect(r.json, path).toMatchObject({ code: 'validation_failed', errors: [{ path: pointer }] });
    }
    expect((await t.call('GET', '/api/v1/widgets', undefined, o.token)).json.items).toEqual([]);
    expect((await t.call('GET', '/api/v1/users', undefined, o.token)).json.items).toHaveLength(1);
    expect((await t.call('GET', '/api/v1/account', undefined, o.token)).json.name).toBe('Acme');
    expect((await t.call('GET', '/api/v1/monitor/share-links', undefined, o.token)).json.items).toEqual([]);
    expect((await t.call('GET', '/api/v1/audit', undefined, o.token)).json.items.map((e: { action: string }) => e.action)).not.toContain(
      'widget.created',
    );
  });

  it('stores names normalised: NFC, one line, no control or bidi characters, invisible ends trimmed', async () => {
    const t = testApp();
    const o = await t.owner();
    const w = await t.call('POST', '/api/v1/widgets', { name: '\u200bZoe\u0308\r\nSupport\0\u202e\ufeff' }, o.token);
    expect(w.status).toBe(201);
    expect(w.json.name).toBe('Zoë Support');
    expect((await t.call('GET', `/api/v1/widgets/${w.json.id}`, undefined, o.token)).json.name).toBe('Zoë Support');
    const renamed = await t.call('PATCH', `/api/v1/users/${o.user.id}`, { name: 'Olive\u202e\u2066 Owner\u200d' }, o.token);
    expect(renamed.json.name).toBe('Olive Owner');
  });

  it('shows a visitor name of invisible characters as no name, and keeps a message’s line breaks', async () => {
    const t = testApp();
    const { o, widget } = await t.servedWidget();
    const started = await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, {
      name: '\u200b\u200c\u202e',
      email: 'vera@example.com',
      message: 'Line one\r\nline two\0',
    });
    expect(started.status).toBe(201);
    const transcript = await t.call('GET', `/api/v1/chats/${started.json.chatId}`, undefined, o.token);
    expect(transcript.json.chat.visitor.name).toBeNull();
    const message = transcript.json.events.find((e: { type: string }) => e.type === 'chat.message');
    expect(message).toMatchObject({ author: { alias: 'Visitor' }, text: 'Line one\nline two' });

    // Where the widget requires a name, one of invisible characters is refused like a missing one.
    await t.call('PATCH', `/api/v1/widgets/${widget.id}`, { settings: { preChat: { askName: 'required' } } }, o.token);
    const nameless = await t.call('POST', `/api/v1/widgets/${widget.id}/chats`, { name: '\u200b\ufeff', message: 'Hello' });
    expect(nameless.status).toBe(400);
    expect(nameless.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/name', code: 'required' }] });
    expect((await t.call('GET', '/api/v1/chats', undefined, o.token)).json.items).toHaveLength(1);
  });
});
