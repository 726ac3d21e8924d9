/**
 * Recovering an account whose only owner is locked "until unlocked", or shut out by IP rules, when nobody can
 * sign in: the operator's CLI, run as a real process against the host's SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, json, runToExit, startHost } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-recovery-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const owner = { email: 'olive@acme.example', password: 'correct horse battery staple' };

describe('parley account unlock / reset-password / clear-ip-rules', () => {
  it('unlocks a locked owner, and resets a password to a one-time ticket, each audited as a system action', async () => {
    const env = {
      PARLEY_DATABASE_URL: `sqlite:${join(dir, 'recovery.db')}`,
      PARLEY_ARGON2_MEMORY_KIB: '1024',
      PARLEY_ARGON2_ITERATIONS: '1',
    };
    const host = await startHost(env, dir);
    try {
      const api = (method: string, path: string, body?: unknown, token?: string) => json(`${host.url}${path}`, method, body, token);
      expect((await api('POST', '/api/v1/accounts', { accountName: 'Acme', name: 'Olive', ...owner })).status).toBe(201);
      const token = (await api('POST', '/api/v1/auth/login', owner)).json.token;
      const lockout = { maxFailedAttempts: 3, lockMinutes: null };
      const settings = (await api('GET', '/api/v1/account/security', undefined, token)).json;
      expect((await api('PUT', '/api/v1/account/security', { ...settings, lockout }, token)).status).toBe(200);
      const lockOut = async () => {
        for (const guess of ['guess one', 'guess two', 'guess three'])
          await api('POST', '/api/v1/auth/login', { email: owner.email, password: guess });
        expect((await api('POST', '/api/v1/auth/login', owner)).json).toMatchObject({ status: 423, lockedUntil: null });
      };

      await lockOut();
      const unlock = await runToExit(CLI, ['account', 'unlock', 'Olive@Acme.example'], env, dir);
      expect(unlock.code, unlock.out).toBe(0);
      expect(unlock.out).toContain(`\t${owner.email}\tunlocked`);
      const again = await api('POST', '/api/v1/auth/login', owner);
      expect(again.status).toBe(200);
      const unlocked = (await api('GET', '/api/v1/audit?type=permissions', undefined, again.json.token)).json.items[0];
      expect(unlocked).toMatchObject({ action: 'user.unlocked', actor: { kind: 'system', userId: null } });

      await lockOut();
      const reset = await runToExit(CLI, ['account', 'reset-password', owner.email], env, dir);
      expect(reset.code, reset.out).toBe(0);
      const ticket = reset.out
        .split('\n')
        .find((l) => /^[A-Za-z0-9_-]{40,}$/.test(l.trim()))!
        .trim();
      // The console's page that takes it, at the server's public address.
      expect(reset.out).toContain(`/app/renew?token=${ticket}\n`);
      expect((await api('GET', '/api/v1/me', undefined, again.json.token)).status).toBe(401);
      expect((await api('POST', '/api/v1/auth/login', owner)).json).toMatchObject({ status: 401, code: 'invalid_credentials' });
      const changed = await api('POST', '/api/v1/auth/password', { ticket, newPassword: 'a brand new owner passphrase' });
      expect(changed.status).toBe(200);
      expect((await api('POST', '/api/v1/auth/password', { ticket, newPassword: 'and once more with it' })).status).toBe(401);
      const signedIn = await api('POST', '/api/v1/auth/login', { email: owner.email, password: 'a brand new owner passphrase' });
      expect(signedIn.status).toBe(200);
      const entries = (await api('GET', '/api/v1/audit?type=permissions', undefined, signedIn.json.token)).json.items;
      const resetEntry = entries.find((e: { action: string }) => e.action === 'user.password_reset');
      expect(resetEntry).toMatchObject({
        actor: { kind: 'system' },
        changes: [
          { path: '/password', redacted: true },
          { path: '/locked', from: true, to: false },
        ],
      });
      expect(JSON.stringify(entries)).not.toContain(ticket);

      const unknown = await runToExit(CLI, ['account', 'unlock', 'nobody@acme.example'], env, dir);
      expect(unknown.code).toBe(1);
      expect(unknown.out).toContain('no user has the email nobody@acme.example');
    } finally {
      await host.stop();
    }
  });

  it('removes IP rules that shut out the owner, so the office signs in again, audited as a system action', async () => {
    const env = {
      PARLEY_DATABASE_URL: `sqlite:${join(dir, 'ip-rules.db')}`,
      PARLEY_ARGON2_MEMORY_KIB: '1024',
      PARLEY_ARGON2_ITERATIONS: '1',
      PARLEY_TRUST_PROXY: 'loopback', // the owner away from the office: X-Forwarded-For from the test
    };
    const host = await startHost(env, dir);
    try {
      // From the office (the socket's 127.0.0.1), or from elsewhere through the trusted proxy.
      const api = async (method: string, path: string, body?: unknown, token?: string, from?: string) => {
        const res = await fetch(`${host.url}${path}`, {
          method,
          headers: {
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(from ? { 'x-forwarded-for': from } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const text = await res.text();
        return { status: res.status, json: text ? JSON.parse(text) : null };
      };
      const signup = await api('POST', '/api/v1/accounts', { accountName: 'Acme', name: 'Olive', ...owner });
      expect(signup.status).toBe(201);
      const accountId: string = signup.json.account.id;
      const away = '198.51.100.4';
      const token = (await api('POST', '/api/v1/auth/login', owner, undefined, away)).json.token;
      const settings = (await api('GET', '/api/v1/account/security', undefined, token, away)).json;
      const ipRules = ['198.51.100.*'];
      expect((await api('PUT', '/api/v1/account/security', { ...settings, ipRules }, token, away)).status).toBe(200);
      expect((await api('POST', '/api/v1/auth/login', owner)).json).toMatchObject({ status: 403, code: 'ip_not_allowed' });

      const cleared = await runToExit(CLI, ['account', 'clear-ip-rules', accountId], env, dir);
      expect(cleared.code, cleared.out).toBe(0);
      expect(cleared.out).toContain(`${accountId}\tIP rules removed (198.51.100.*)`);
      const office = await api('POST', '/api/v1/auth/login', owner);
      expect(office.status).toBe(200);
      expect((await api('GET', '/api/v1/account/security', undefined, office.json.token)).json.ipRules).toEqual([]);
      const entry = (await api('GET', '/api/v1/audit?type=security', undefined, office.json.token)).json.items[0];
      expect(entry).toMatchObject({
        action: 'security.updated',
        actor: { kind: 'system', userId: null },
        changes: [{ path: '/ipRules', from: ipRules, to: [] }],
      });

      const again = await runToExit(CLI, ['account', 'clear-ip-rules', accountId], env, dir);
      expect(again.code, again.out).toBe(0);
      expect(again.out).toContain('no IP rules');
      const unknown = await runToExit(CLI, ['account', 'clear-ip-rules', 'no-such-account'], env, dir);
      expect(unknown.code).toBe(1);
    } finally {
      await host.stop();
    }
  });
});
