import { describe, expect, it } from 'vitest';
import { testApp } from './testing/index.js';

const signup = { accountName: 'Acme', email: 'Olive@Example.com', name: 'Olive Owner', password: 'correct horse battery' };

describe('sign-up and sessions', () => {
  it('signs up an account and its owner', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/v1/accounts', signup);
    expect(r.status).toBe(201);
    expect(r.json.account).toMatchObject({ name: 'Acme', plan: 'enterprise', version: 1 });
    expect(r.json.user).toMatchObject({ email: 'olive@example.com', role: 'owner', status: 'active' });
    expect(JSON.stringify(r.json)).not.toContain('passwordHash');
  });

  it('allows only the first account under the default "first" policy', async () => {
    const { call } = testApp({ signup: 'first' });
    expect((await call('POST', '/api/v1/accounts', signup)).status).toBe(201);
    const second = await call('POST', '/api/v1/accounts', { ...signup, email: 'other@example.com' });
    expect(second.status).toBe(403);
    expect(second.json.code).toBe('signup_closed');
  });

  it('refuses every sign-up when closed', async () => {
    const { call } = testApp({ signup: 'closed' });
    expect((await call('GET', '/api/v1/signup')).json).toEqual({ open: false, setup: true });
    expect((await call('POST', '/api/v1/accounts', signup)).json.code).toBe('signup_closed');
  });

  it('says whether a sign-up would be taken now (under "first" until the first account, always under "open") and whether the server has none yet', async () => {
    const first = testApp({ signup: 'first' });
    expect((await first.call('GET', '/api/v1/signup')).json).toEqual({ open: true, setup: true });
    expect((await first.call('POST', '/api/v1/accounts', signup)).status).toBe(201);
    expect((await first.call('GET', '/api/v1/signup')).json).toEqual({ open: false, setup: false });
    const open = testApp({ signup: 'open' });
    expect((await open.call('POST', '/api/v1/accounts', signup)).status).toBe(201);
    const answer = await open.call('GET', '/api/v1/signup');
    expect([answer.status, answer.json]).toEqual([200, { open: true, setup: false }]);
  });

  it('signs up an address used in another account exactly like one never used', async () => {
    const { call } = testApp();
    await call('POST', '/api/v1/accounts', signup);
    const used = await call('POST', '/api/v1/accounts', { ...signup, email: 'OLIVE@example.com' });
    const fresh = await call('POST', '/api/v1/accounts', { ...signup, email: 'never-used@example.com' });
    expect([used.status, fresh.status]).toEqual([201, 201]);
    expect(Object.keys(used.json.user).sort()).toEqual(Object.keys(fresh.json.user).sort());
    expect([...used.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());
  });

  it('lists every broken password rule at once', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/v1/accounts', { ...signup, password: 'short' });
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('password_policy_violation');
    expect(r.json.errors.map((e: { code: string }) => e.code)).toContain('too_short');
  });

  it('logs in with a token and an HttpOnly cookie, both of which authenticate', async () => {
    const { call, app } = testApp();
    await call('POST', '/api/v1/accounts', signup);
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'olive@example.com', password: signup.password }),
    });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { token: string; expiresAt: string };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/parley_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const viaBearer = await call('GET', '/api/v1/me', undefined, body.token);
    expect(viaBearer.json.email).toBe('olive@example.com');
    const viaCookie = await app.request('/api/v1/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(viaCookie.status).toBe(200);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const { call } = testApp();
    await call('POST', '/api/v1/accounts', signup);
    const wrong = await call('POST', '/api/v1/auth/login', { email: 'olive@example.com', password: 'not the password' });
    const unknown = await call('POST', '/api/v1/auth/login', { email: 'nobody@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (j: Record<string, unknown>) => ({ ...j, instance: undefined });
    expect(strip(wrong.json)).toEqual(strip(unknown.json));
  });

  it('ends the session on logout', async () => {
    const { call, owner } = testApp();
    const o = await owner();
    expect((await call('POST', '/api/v1/auth/logout', undefined, o.token)).status).toBe(204);
    expect((await call('GET', '/api/v1/me', undefined, o.token)).status).toBe(401);
  });

  it('refuses cookie-authenticated writes from another origin', async () => {
    const { app, call, owner } = testApp();
    const o = await owner();
    const res = await app.request('/api/v1/widgets', {
      method: 'POST',
      headers: { cookie: `parley_session=${o.token}`, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).toBe(403);
    expect((await call('GET', '/api/v1/widgets', undefined, o.token)).json.items).toHaveLength(0);
  });

  it('refuses cookie-authenticated writes from an opaque origin (a sandboxed frame sends "null")', async () => {
    const { app, call, owner, errors } = testApp();
    const o = await owner();
    const res = await app.request('/api/v1/widgets', {
      method: 'POST',
      headers: { cookie: `parley_session=${o.token}`, origin: 'null', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('forbidden');
    expect(errors).toEqual([]);
    expect((await call('GET', '/api/v1/widgets', undefined, o.token)).json.items).toHaveLength(0);
  });

  it('refuses cookie-authenticated writes whose Origin is null or not a URL, as from another origin', async () => {
    const { app, call, owner } = testApp();
    const o = await owner();
    for (const origin of ['null', 'not a url', 'https://']) {
      const res = await app.request('/api/v1/widgets', {
        method: 'POST',
        headers: { cookie: `parley_session=${o.token}`, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      });
      expect(res.status, origin).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('forbidden');
    }
    expect((await call('GET', '/api/v1/widgets', undefined, o.token)).json.items).toHaveLength(0);
  });
});

describe('one email in several accounts', () => {
  /** Two owners who signed up with the same email in two accounts, and another user of that email in a third. */
  const threeAccounts = async () => {
    const t = testApp();
    const email = 'sam@example.com';
    const samePassword = 'the same long passphrase';
    const a = await t.call('POST', '/api/v1/accounts', { accountName: 'Alpha', email, name: 'Sam', password: samePassword });
    const b = await t.call('POST', '/api/v1/accounts', {
      accountName: 'Beta',
      email: 'SAM@example.com',
      name: 'Sam',
      password: samePassword,
    });
    const c = await t.owner();
    const inC = await t.call('POST', '/api/v1/users', { email, name: 'Sam', role: 'agent', password: 'a different passphrase' }, c.token);
    return { t, email, samePassword, a: a.json, b: b.json, c, inC };
  };

  it('lets an owner add an address another account uses, answering as for one never used', async () => {
    const { t, c, inC } = await threeAccounts();
    const fresh = await t.call(
      'POST',
      '/api/v1/users',
      { email: 'never-used@example.com', name: 'Sam', role: 'agent', password: 'a different passphrase' },
      c.token,
    );
    expect([inC.status, fresh.status]).toEqual([201, 201]);
    expect([...inC.headers.keys()].sort()).toEqual([...fresh.headers.keys()].sort());
    const again = await t.call(
      'POST',
      '/api/v1/users',
      { email: 'Sam@example.com', name: 'Sam 2', role: 'agent', password: 'yet another passphrase' },
      c.token,
    );
    expect(again.json).toMatchObject({ status: 409, code: 'email_taken' });
    const moved = await t.call('PATCH', `/api/v1/users/${fresh.json.id}`, { email: 'OLIVE-elsewhere@example.com' }, c.token);
    const other = await t.call('POST', '/api/v1/accounts', {
      accountName: 'Gamma',
      email: 'olive-elsewhere@example.com',
      name: 'O',
      password: 'a gamma passphrase',
    });
    expect([moved.status, other.status]).toEqual([200, 201]);
    const renamed = await t.call('PATCH', `/api/v1/users/${c.user.id}`, { email: 'sam@example.com' }, c.token);
    expect(renamed.json).toMatchObject({ status: 409, code: 'email_taken' });
  });

  it('signs in the one user whose password matches', async () => {
    const { t, email, inC } = await threeAccounts();
    const r = await t.call('POST', '/api/v1/auth/login', { email, password: 'a different passphrase' });
    expect(r.status).toBe(200);
    expect(r.json.user).toMatchObject({ id: inC.json.id, accountId: inC.json.accountId });
  });

  it('asks which account when one password matches in several, listing only those, and signs in the one named', async () => {
    const { t, email, samePassword, a, b } = await threeAccounts();
    const r = await t.call('POST', '/api/v1/auth/login', { email, password: samePassword });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('account_choice_required');
    expect(r.json.accounts).toEqual(
      [
        { id: a.account.id, name: 'Alpha' },
        { id: b.account.id, name: 'Beta' },
      ].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    expect(r.json).not.toHaveProperty('token');
    const chosen = await t.call('POST', '/api/v1/auth/login', { email, password: samePassword, accountId: b.account.id });
    expect(chosen.status).toBe(200);
    expect(chosen.json.user).toMatchObject({ id: b.user.id, accountId: b.account.id });
  });

  it('answers a wrong password, or an account the email has no user in, 401 as for an unknown email', async () => {
    const { t, email, samePassword, c } = await threeAccounts();
    const wrong = await t.call('POST', '/api/v1/auth/login', { email, password: 'not any of them' });
    const elsewhere = await t.call('POST', '/api/v1/auth/login', { email: c.email, password: c.password, accountId: 'no-such-account' });
    const unknown = await t.call('POST', '/api/v1/auth/login', { email: 'nobody@example.com', password: samePassword });
    for (const r of [wrong, elsewhere, unknown]) expect(r.json).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });
});
