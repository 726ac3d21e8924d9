/**
 * Recovering an account whose only owner is locked "until unlocked", when nobody can sign in: the
 * operator's CLI, run as a real process against the host's SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, json, runToExit, startHost } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-recovery-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const owner = { email: 'olive@acme.example', password: 'correct horse battery staple' };

describe('parley account unlock / reset-password', () => {
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
});
