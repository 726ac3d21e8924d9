import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, runToExit, startHost } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-security-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A JSON request that claims to come from `ip` (believed: the host trusts loopback proxies). */
const from = (base: string, ip: string) => async (method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'x-forwarded-for': ip,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
};

describe('the security policy, through the real host process', () => {
  it('enforces IP rules via X-Forwarded-For from a trusted proxy, locks out, unlocks, refuses common passwords and throttles', async () => {
    const host = await startHost(
      {
        PARLEY_DATABASE_URL: `sqlite:${join(dir, 'security.db')}`,
        PARLEY_SIGNUP: 'open',
        PARLEY_TRUST_PROXY: 'loopback',
        PARLEY_LOGIN_MAX_FAILURES: '5',
      },
      dir,
    );
    try {
      const office = from(host.url, '203.0.113.10');
      const owner = { email: 'owner@acme.example', password: 'correct horse battery staple' };
      expect((await office('POST', '/api/v1/accounts', { accountName: 'Acme', name: 'Olive', ...owner })).status).toBe(201);
      const ownerToken = (await office('POST', '/api/v1/auth/login', owner)).json.token;
      const common = await office(
        'POST',
        '/api/v1/users',
        { email: 'weak@acme.example', name: 'Wes', role: 'agent', password: 'password123' },
        ownerToken,
      );
      expect(common.status).toBe(422);
      expect(common.json.errors.map((e: { code: string }) => e.code)).toEqual(['common_password']);
      const agent = { email: 'agent@acme.example', password: 'another long passphrase' };
      const created = await office('POST', '/api/v1/users', { ...agent, name: 'Pat', role: 'agent' }, ownerToken);
      expect(created.status).toBe(201);

      const settings = (await office('GET', '/api/v1/account/security', undefined, ownerToken)).json;
      const put = await office(
        'PUT',
        '/api/v1/account/security',
        { ...settings, lockout: { maxFailedAttempts: 3, lockMinutes: null }, ipRules: ['203.0.113.0/24'] },
        ownerToken,
      );
      expect(put.status).toBe(200);

      expect((await from(host.url, '198.51.100.7')('POST', '/api/v1/auth/login', agent)).json.code).toBe('ip_not_allowed');
      expect((await from(host.url, '198.51.100.7')('GET', '/api/v1/me', undefined, ownerToken)).json.code).toBe('ip_not_allowed');

      const desk = from(host.url, '203.0.113.20');
      for (const p of ['wrong-1', 'wrong-2'])
        expect((await desk('POST', '/api/v1/auth/login', { ...agent, password: p })).status).toBe(401);
      expect((await desk('POST', '/api/v1/auth/login', { ...agent, password: 'wrong-3' })).status).toBe(423);
      const locked = await desk('POST', '/api/v1/auth/login', agent);
      expect(locked.json).toMatchObject({ status: 423, code: 'account_locked', lockedUntil: null });
      expect((await office('POST', `/api/v1/users/${created.json.id}/unlock`, undefined, ownerToken)).json.locked).toBe(false);
      expect((await desk('POST', '/api/v1/auth/login', agent)).status).toBe(200);

      const attacker = from(host.url, '203.0.113.99');
      for (let i = 0; i < 5; i++)
        expect((await attacker('POST', '/api/v1/auth/login', { email: `nobody${i}@acme.example`, password: 'guess' })).status).toBe(401);
      const limited = await attacker('POST', '/api/v1/auth/login', agent);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

      const audit = await office('GET', '/api/v1/audit?type=security', undefined, ownerToken);
      expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual(['user.locked', 'security.updated']);
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });

  it('stops at start-up with one line naming a bad security variable', async () => {
    for (const [name, value] of [
      ['PARLEY_LOGIN_MAX_FAILURES', 'lots'],
      ['PARLEY_LOGIN_FAILURE_WINDOW_SECONDS', '0'],
      ['PARLEY_SECURITY_SWEEP_SECONDS', '-5'],
    ] as const) {
      const { code, out } = await runToExit(MAIN, [], { [name]: value }, dir);
      expect(code, name).toBe(78);
      expect(out.trim().split('\n')).toHaveLength(1);
      expect(out).toContain(name);
    }
  });
});
