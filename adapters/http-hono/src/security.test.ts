import { describe, expect, it } from 'vitest';
import { defaultSecuritySettings, type SecuritySettings } from '@parley/core';
import { parseTrustProxy } from './request.js';
import { testApp } from './testing/index.js';
import { ManualClock } from '@parley/core/testing';

/** The default document with some parts replaced. */
const doc = (
  p: {
    password?: Partial<SecuritySettings['password']>;
    lockout?: Partial<SecuritySettings['lockout']>;
    ipRules?: string[];
    inactivityDays?: number | null;
  } = {},
) => {
  const d = defaultSecuritySettings();
  return {
    password: { ...d.password, ...p.password },
    lockout: { ...d.lockout, ...p.lockout },
    ipRules: p.ipRules ?? [],
    inactivityDays: p.inactivityDays ?? null,
  };
};

/**
 * An app whose clients come through a trusted loopback proxy, so each request names its address in
 * `X-Forwarded-For` (default 203.0.113.10), with a manual clock.
 */
const proxied = (opts: { maxFailures?: number } = {}) => {
  const clock = new ManualClock(new Date());
  const t = testApp(
    {},
    {
      peerAddress: () => '127.0.0.1',
      trustProxy: parseTrustProxy('loopback').trust,
      limits: { loginFailures: { points: opts.maxFailures ?? 20, durationSeconds: 600 } },
    },
    { clock },
  );
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const OFFICE = from('203.0.113.10');
  const as = (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = OFFICE) =>
    t.call(method, path, body, token, headers);
  const login = (email: string, password: string, headers: Record<string, string> = OFFICE) =>
    as('POST', '/api/v1/auth/login', { email, password }, undefined, headers);
  return { ...t, clock, from, as, login };
};

describe('GET/PUT /api/v1/account/security', () => {
  it('gives the owner the document with its version as ETag, and saves a change with If-Match', async () => {
    const t = testApp();
    const o = await t.owner();
    const got = await t.call('GET', '/api/v1/account/security', undefined, o.token);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ ...defaultSecuritySettings(), version: 0 });
    expect(got.headers.get('etag')).toBe('"0"');
    const next = doc({ lockout: { maxFailedAttempts: 5, lockMinutes: 15 }, inactivityDays: 30 });
    const put = await t.call('PUT', '/api/v1/account/security', next, o.token, { 'if-match': '"0"' });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ ...next, version: 1 });
    expect(put.headers.get('etag')).toBe('"1"');
    const stale = await t.call('PUT', '/api/v1/account/security', doc(), o.token, { 'if-match': '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('version_mismatch');
    const audit = await t.call('GET', '/api/v1/audit?type=security', undefined, o.token);
    expect(audit.json.items[0]).toMatchObject({
      action: 'security.updated',
      changes: expect.arrayContaining([{ path: '/inactivityDays', from: null, to: 30 }]),
    });
  });

  it('answers 403 forbidden to everyone but the owner', async () => {
    const t = testApp();
    const o = await t.owner();
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      const m = await t.member(o.token, role);
      expect((await t.call('GET', '/api/v1/account/security', undefined, m.token)).json).toMatchObject({ status: 403, code: 'forbidden' });
      expect((await t.call('PUT', '/api/v1/account/security', doc({ inactivityDays: 3 }), m.token)).json).toMatchObject({
        status: 403,
        code: 'forbidden',
      });
    }
    expect((await t.call('GET', '/api/v1/account/security', undefined, o.token)).json.version).toBe(0);
  });

  it('answers PUT on a plan without security settings with 403 plan_required', async () => {
    const t = testApp({ defaultPlan: 'plus' });
    const o = await t.owner();
    const r = await t.call('PUT', '/api/v1/account/security', doc({ inactivityDays: 3 }), o.token);
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'plan_required', type: 'https://parley.dev/problems/plan_required', plan: 'plus' });
    expect((await t.call('GET', '/api/v1/account/security', undefined, o.token)).status).toBe(200);
  });

  it('lists every invalid IP rule with its /ipRules/<i> path', async () => {
    const t = testApp();
    const o = await t.owner();
    const r = await t.call('PUT', '/api/v1/account/security', doc({ ipRules: ['10.0.0.0/8', 'ten', '10.0.0.0/40'] }), o.token);
    expect(r.status).toBe(400);
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual(['/ipRules/1', '/ipRules/2']);
  });

  it('refuses rules that would shut out the owner’s current address with 422 ip_rules_exclude_you', async () => {
    const t = proxied();
    const o = await t.owner();
    const r = await t.as('PUT', '/api/v1/account/security', doc({ ipRules: ['198.51.100.0/24'] }), o.token);
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ code: 'ip_rules_exclude_you', address: '203.0.113.10' });
    expect((await t.as('PUT', '/api/v1/account/security', doc({ ipRules: ['198.51.100.0/24', '203.0.113.*'] }), o.token)).status).toBe(200);
  });

  it('is listed in the OpenAPI document with the SecuritySettings schema', async () => {
    const t = testApp();
    const api = (await t.call('GET', '/api/v1/openapi.json')).json;
    expect(Object.keys(api.paths['/api/v1/account/security'])).toEqual(['get', 'put']);
    expect(api.paths['/api/v1/users/{id}/unlock'].post).toBeDefined();
    expect(api.paths['/api/v1/auth/password'].post).toBeDefined();
    const schema = api.components.schemas.SecuritySettings;
    expect(schema.required).toEqual(expect.arrayContaining(['password', 'lockout', 'ipRules', 'inactivityDays', 'version']));
    expect(api.paths['/api/v1/auth/login'].post.responses['423']).toBeDefined();
  });
});

describe('IP access rules over HTTP', () => {
  it('refuses login and every authenticated request from other addresses with 403 ip_not_allowed', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    expect((await t.as('PUT', '/api/v1/account/security', doc({ ipRules: ['203.0.113.0/24', '2001:db8::1'] }), o.token)).status).toBe(200);
    const cafe = t.from('192.0.2.44');
    expect((await t.as('GET', '/api/v1/me', undefined, agent.token)).status).toBe(200);
    const me = await t.as('GET', '/api/v1/me', undefined, agent.token, cafe);
    expect(me.status).toBe(403);
    expect(me.json).toMatchObject({ code: 'ip_not_allowed', address: '192.0.2.44' });
    expect((await t.as('GET', '/api/v1/widgets', undefined, agent.token, cafe)).json.code).toBe('ip_not_allowed');
    expect((await t.login(agent.email, agent.password, cafe)).json.code).toBe('ip_not_allowed');
    expect((await t.login(agent.email, agent.password, t.from('2001:db8::1'))).status).toBe(200);
  });

  it('answers a login from a refused address the same whatever the password: 403 ip_not_allowed, no oracle', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    expect((await t.as('PUT', '/api/v1/account/security', doc({ ipRules: ['10.0.0.*', '203.0.113.10'] }), o.token)).status).toBe(200);
    const outside = t.from('127.0.1.5');
    const right = await t.login(agent.email, agent.password, outside);
    const wrong = await t.login(agent.email, 'not the password', outside);
    expect([right.status, wrong.status]).toEqual([403, 403]);
    expect(wrong.json).toEqual(right.json);
    expect(right.json).toMatchObject({ code: 'ip_not_allowed', title: 'IP not allowed', address: '127.0.1.5' });
    expect((await t.login(agent.email, agent.password, t.from('10.0.0.7'))).status).toBe(200);
  });

  it('leaves public and visitor routes open', async () => {
    const t = proxied();
    const o = await t.owner();
    const widget = (await t.as('POST', '/api/v1/widgets', { name: 'Support' }, o.token)).json;
    await t.as('PUT', '/api/v1/account/security', doc({ ipRules: ['203.0.113.10'] }), o.token);
    const cafe = t.from('192.0.2.44');
    expect((await t.as('GET', '/health', undefined, undefined, cafe)).status).toBe(200);
    const chat = await t.as(
      'POST',
      `/api/v1/widgets/${widget.id}/chats`,
      { message: 'Hello', name: 'Vera', email: 'vera@example.com' },
      undefined,
      cafe,
    );
    expect(chat.json?.code, chat.text).not.toBe('ip_not_allowed');
    expect(chat.status, chat.text).toBeLessThan(300);
  });
});

describe('lockout over HTTP', () => {
  it('answers 423 account_locked with lockedUntil, unlocks by itself after lockMinutes', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.as('PUT', '/api/v1/account/security', doc({ lockout: { maxFailedAttempts: 3, lockMinutes: 10 } }), o.token);
    expect((await t.login(agent.email, 'wrong one')).status).toBe(401);
    expect((await t.login(agent.email, 'wrong two')).status).toBe(401);
    const locked = await t.login(agent.email, 'wrong three');
    expect(locked.status).toBe(423);
    expect(locked.json).toMatchObject({
      code: 'account_locked',
      lockedUntil: new Date(t.clock.now().getTime() + 10 * 60_000).toISOString(),
    });
    expect((await t.login(agent.email, agent.password)).status).toBe(423);
    expect((await t.as('GET', `/api/v1/users/${agent.user.id}`, undefined, o.token)).json.locked).toBe(true);
    t.clock.advance(10 * 60_000);
    expect((await t.login(agent.email, agent.password)).status).toBe(200);
  });

  it('answers an unknown email exactly as an existing one, lockout included: status, body and headers', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.as('PUT', '/api/v1/account/security', doc({ lockout: { maxFailedAttempts: 3, lockMinutes: null } }), o.token);
    const answers = async (email: string) => {
      const seen = [];
      for (let i = 0; i < 5; i++) {
        const r = await t.login(email, `wrong guess ${i}`);
        seen.push({ status: r.status, body: r.json, headers: [...r.headers.entries()].filter(([k]) => k !== 'date') });
      }
      return seen;
    };
    const existing = await answers(agent.email);
    expect(existing.map((a) => a.status)).toEqual([401, 401, 423, 423, 423]);
    expect(await answers(`nobody-${agent.email}`)).toEqual(existing);
  });

  it('locks an email the named account has no user for as that account would lock one of its users', async () => {
    const t = proxied();
    const first = await t.owner();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.as('PUT', '/api/v1/account/security', doc({ lockout: { maxFailedAttempts: 3, lockMinutes: 30 } }), o.token);
    const answers = async (email: string) => {
      const seen = [];
      for (let i = 0; i < 4; i++) {
        const r = await t.as('POST', '/api/v1/auth/login', { email, password: `wrong guess ${i}`, accountId: o.account.id });
        seen.push({ status: r.status, body: r.json });
      }
      return seen;
    };
    const existing = await answers(agent.email);
    expect(existing.map((a) => a.status)).toEqual([401, 401, 423, 423]);
    expect(await answers(first.email)).toEqual(existing); // has a user, but in another account
    expect(await answers(`nobody-${agent.email}`)).toEqual(existing);
  });

  it('keeps a user locked until an owner or admin unlocks (POST /users/:id/unlock, audited)', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    const admin = await t.member(o.token, 'admin');
    await t.as('PUT', '/api/v1/account/security', doc({ lockout: { maxFailedAttempts: 3, lockMinutes: null } }), o.token);
    for (const p of ['a-wrong-1', 'a-wrong-2', 'a-wrong-3']) await t.login(agent.email, p);
    const locked = await t.login(agent.email, agent.password);
    expect(locked.json).toMatchObject({ status: 423, code: 'account_locked', lockedUntil: null });
    const supervisor = await t.member(o.token, 'supervisor');
    expect((await t.as('POST', `/api/v1/users/${agent.user.id}/unlock`, undefined, supervisor.token)).status).toBe(403);
    expect((await t.as('POST', `/api/v1/users/nobody/unlock`, undefined, admin.token)).status).toBe(404);
    const unlocked = await t.as('POST', `/api/v1/users/${agent.user.id}/unlock`, undefined, admin.token);
    expect(unlocked.status).toBe(200);
    expect(unlocked.json).toMatchObject({ id: agent.user.id, locked: false });
    expect((await t.login(agent.email, agent.password)).status).toBe(200);
    const audit = await t.as('GET', '/api/v1/audit?type=permissions', undefined, o.token);
    expect(audit.json.items[0]).toMatchObject({ action: 'user.unlocked', actor: { userId: admin.user.id }, targetId: agent.user.id });
  });
});

describe('PATCH /api/v1/users/:id on one’s own password', () => {
  it('refuses a session alone: the current password is required, and the old password still works', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    const r = await t.as('PATCH', `/api/v1/users/${agent.user.id}`, { password: 'a takeover passphrase' }, agent.token);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'validation_failed', errors: [{ path: '/currentPassword', code: 'required' }] });
    expect((await t.login(agent.email, agent.password)).status).toBe(200);
    const ok = await t.as(
      'PATCH',
      `/api/v1/users/${agent.user.id}`,
      { password: 'a fresh passphrase', currentPassword: agent.password },
      agent.token,
    );
    expect(ok.status).toBe(200);
    expect((await t.login(agent.email, 'a fresh passphrase')).status).toBe(200);
  });

  it('counts a wrong current password as a failed login: 401, then 423 once the lockout limit is reached', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.as('PUT', '/api/v1/account/security', doc({ lockout: { maxFailedAttempts: 3, lockMinutes: null } }), o.token);
    const change = (currentPassword: string) =>
      t.as('PATCH', `/api/v1/users/${agent.user.id}`, { password: 'a takeover passphrase', currentPassword }, agent.token);
    const wrong = await change('not my password');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ code: 'invalid_credentials', errors: [{ path: '/currentPassword', code: 'wrong_password' }] });
    expect((await change('still not it')).status).toBe(401);
    const locked = await change('third guess');
    expect(locked.json).toMatchObject({ status: 423, code: 'account_locked', lockedUntil: null });
    expect((await t.login(agent.email, agent.password)).status).toBe(423);
    const audit = await t.as('GET', '/api/v1/audit?type=security', undefined, o.token);
    expect(audit.json.items[0]).toMatchObject({ action: 'user.locked', targetId: agent.user.id, actor: { kind: 'system' } });
  });

  it('lets an owner or admin set another user’s password without theirs, and refuses currentPassword there', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    const extra = await t.as(
      'PATCH',
      `/api/v1/users/${agent.user.id}`,
      { password: 'set by the owner', currentPassword: o.password },
      o.token,
    );
    expect(extra.status).toBe(400);
    expect((await t.as('PATCH', `/api/v1/users/${agent.user.id}`, { password: 'set by the owner' }, o.token)).status).toBe(200);
    expect((await t.login(agent.email, 'set by the owner')).status).toBe(200);
  });
});

describe('raising the password rules', () => {
  it('ends every session of the account, so expired passwords stop working at once', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    await t.as('PUT', '/api/v1/account/security', doc({ inactivityDays: 30 }), o.token);
    expect((await t.as('GET', '/api/v1/me', undefined, agent.token)).status).toBe(200);
    t.clock.advance(1000);
    const raised = await t.as('PUT', '/api/v1/account/security', doc({ inactivityDays: 30, password: { minLength: 20 } }), o.token);
    expect(raised.status).toBe(200);
    for (const token of [agent.token, o.token])
      expect((await t.as('GET', '/api/v1/me', undefined, token)).json).toMatchObject({ status: 401, code: 'unauthenticated' });
    const again = await t.login(agent.email, agent.password);
    expect(again.json).toMatchObject({ status: 403, code: 'password_expired', ticket: expect.any(String) });
  });

  it('leaves sessions alone when a rule only got looser', async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    t.clock.advance(1000);
    await t.as('PUT', '/api/v1/account/security', doc({ password: { minLength: 20 } }), o.token);
    const fresh = await t.login(o.email, o.password);
    expect(fresh.status).toBe(403); // the owner's own password expired too
    const ticket = fresh.json.ticket as string;
    const changed = await t.as('POST', '/api/v1/auth/password', { ticket, newPassword: 'a much longer owner passphrase' });
    expect(changed.status).toBe(200);
    expect((await t.as('PUT', '/api/v1/account/security', doc({ password: { minLength: 12 } }), changed.json.token)).status).toBe(200);
    expect((await t.as('GET', '/api/v1/me', undefined, changed.json.token)).status).toBe(200);
    expect((await t.login(agent.email, agent.password)).json.code).toBe('password_expired');
  });
});

describe('the per-address throttle over HTTP', () => {
  it('answers 429 rate_limited with Retry-After once an address failed too often, whatever the email', async () => {
    const t = proxied({ maxFailures: 3 });
    const o = await t.owner();
    for (const email of ['nobody@example.com', o.email, 'ghost@example.com']) expect((await t.login(email, 'not it')).status).toBe(401);
    const r = await t.login(o.email, o.password);
    expect(r.status).toBe(429);
    expect(r.json.code).toBe('rate_limited');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.login(o.email, o.password, t.from('203.0.113.11'))).status).toBe(200);
  });
});

describe('POST /api/v1/auth/password', () => {
  const raised = async () => {
    const t = proxied();
    const o = await t.owner();
    const agent = await t.member(o.token, 'agent');
    t.clock.advance(1000);
    await t.as(
      'PUT',
      '/api/v1/account/security',
      doc({ password: { minLength: 12, requireMixedCase: true, requireSpecialChar: true } }),
      o.token,
    );
    t.clock.advance(1000);
    return { t, o, agent };
  };

  it('answers a login with an expired password 403 password_expired and a ticket that only sets a new password', async () => {
    const { t, agent } = await raised();
    const expired = await t.login(agent.email, agent.password);
    expect(expired.status).toBe(403);
    expect(expired.json).toMatchObject({ code: 'password_expired', reasons: ['requirements_raised'] });
    const ticket = expired.json.ticket as string;
    expect(expired.headers.get('set-cookie')).toBeNull();
    expect((await t.as('GET', '/api/v1/me', undefined, ticket)).status).toBe(401);
    const changed = await t.as('POST', '/api/v1/auth/password', { ticket, newPassword: 'A-much-better-one!' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('set-cookie')).toMatch(/parley_session=/);
    expect((await t.as('GET', '/api/v1/me', undefined, changed.json.token)).json.id).toBe(agent.user.id);
    const again = await t.as('POST', '/api/v1/auth/password', { ticket, newPassword: 'Yet-another-one-22!' });
    expect(again.status).toBe(401);
    expect((await t.login(agent.email, 'A-much-better-one!')).status).toBe(200);
  });

  it('lists every rule a new password breaks with 422', async () => {
    const { t, agent } = await raised();
    const { ticket } = (await t.login(agent.email, agent.password)).json;
    const r = await t.as('POST', '/api/v1/auth/password', { ticket, newPassword: 'short' });
    expect(r.status).toBe(422);
    expect(r.json.code).toBe('password_policy_violation');
    expect(r.json.errors).toEqual([
      { path: '/newPassword', code: 'too_short', message: expect.any(String) },
      { path: '/newPassword', code: 'mixed_case_required', message: expect.any(String) },
      { path: '/newPassword', code: 'special_char_required', message: expect.any(String) },
    ]);
  });

  it('changes the password of a signed-in user who gives the current one, refusing reuse', async () => {
    const t = proxied();
    const o = await t.owner();
    await t.as('PUT', '/api/v1/account/security', doc({ password: { reuse: { mode: 'lastN', value: 5 } } }), o.token);
    const wrong = await t.as('POST', '/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'a new passphrase' }, o.token);
    expect(wrong.status).toBe(401);
    expect(wrong.json.code).toBe('invalid_credentials');
    expect((await t.as('POST', '/api/v1/auth/password', { currentPassword: o.password, newPassword: 'a new passphrase' })).status).toBe(
      401,
    );
    const ok = await t.as('POST', '/api/v1/auth/password', { currentPassword: o.password, newPassword: 'a new passphrase' }, o.token);
    expect(ok.status).toBe(200);
    expect((await t.as('GET', '/api/v1/me', undefined, o.token)).status).toBe(401);
    const back = await t.as(
      'POST',
      '/api/v1/auth/password',
      { currentPassword: 'a new passphrase', newPassword: o.password },
      ok.json.token,
    );
    expect(back.status).toBe(422);
    expect(back.json.errors.map((e: { code: string }) => e.code)).toEqual(['password_reused']);
  });

  it('refuses a body with both a ticket and the current password, and nothing at all', async () => {
    const t = proxied();
    const o = await t.owner();
    expect(
      (await t.as('POST', '/api/v1/auth/password', { ticket: 'x', currentPassword: 'y', newPassword: 'z z z z z z z z' })).status,
    ).toBe(400);
    expect((await t.as('POST', '/api/v1/auth/password', { newPassword: 'z z z z z z z z' }, o.token)).status).toBe(400);
    expect((await t.as('POST', '/api/v1/auth/password', { ticket: 'made-up', newPassword: 'z z z z z z z z' })).status).toBe(401);
  });
});

describe('reverting a security change over HTTP', () => {
  it('restores the previous settings through POST /audit/:id/revert', async () => {
    const t = testApp();
    const o = await t.owner();
    await t.call('PUT', '/api/v1/account/security', doc({ inactivityDays: 30 }), o.token);
    const entry = (await t.call('GET', '/api/v1/audit?type=security', undefined, o.token)).json.items[0];
    const r = await t.call('POST', `/api/v1/audit/${entry.id}/revert`, undefined, o.token);
    expect(r.status).toBeLessThan(300);
    expect((await t.call('GET', '/api/v1/account/security', undefined, o.token)).json).toMatchObject({ inactivityDays: null, version: 2 });
  });
});

describe('POST /api/v1/account/security/ip-check', () => {
  it('tells the owner whether their own address passes the rules, changing nothing', async () => {
    const t = proxied();
    const o = await t.owner();
    const check = (ipRules: string[]) => t.as('POST', '/api/v1/account/security/ip-check', { ipRules }, o.token);
    expect((await check(['203.0.113.0/24'])).json).toEqual({ address: '203.0.113.10', allowed: true });
    expect((await check(['198.51.100.*', '2001:db8::/32'])).json).toEqual({ address: '203.0.113.10', allowed: false });
    expect((await check([])).json).toEqual({ address: '203.0.113.10', allowed: true });
    expect((await t.as('GET', '/api/v1/account/security', undefined, o.token)).json.version).toBe(0);
  });

  it('points at each invalid rule with a JSON Pointer', async () => {
    const t = proxied();
    const o = await t.owner();
    const res = await t.as('POST', '/api/v1/account/security/ip-check', { ipRules: ['203.0.113.10', '300.1.1.1', '10.0.0.0/40'] }, o.token);
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(['/ipRules/1', '/ipRules/2']);
  });

  it('answers 403 to anyone but the owner', async () => {
    const t = proxied();
    const o = await t.owner();
    const admin = await t.member(o.token, 'admin');
    const res = await t.as('POST', '/api/v1/account/security/ip-check', { ipRules: [] }, admin.token);
    expect(res.status).toBe(403);
  });
});
