import { describe, expect, it } from 'vitest';
import { testApp } from './test-harness.js';

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
    expect((await call('POST', '/api/v1/accounts', signup)).json.code).toBe('signup_closed');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const { call } = testApp();
    await call('POST', '/api/v1/accounts', signup);
    const r = await call('POST', '/api/v1/accounts', { ...signup, email: 'OLIVE@example.com' });
    expect(r.status).toBe(409);
    expect(r.json.code).toBe('email_taken');
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
});
