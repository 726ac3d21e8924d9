import { describe, expect, it, vi } from 'vitest';
import type { Repositories, Storage } from '../ports/storage.js';
import {
  auditLog,
  expectParleyError,
  lastAudit,
  makeWorld,
  META,
  OWNER_PASSWORD,
  USER_PASSWORD,
  type HarnessOptions,
} from '../../test-support/fakes.js';
import { PASSWORD_TICKET_TTL_SECONDS } from './auth-service.js';
import type { ParleyError } from '../errors.js';
import { settingsWith } from '../testing/security.js';

const OWNER_EMAIL = 'owner@acme.example';
const MIN = 60_000;
const DAY = 86_400_000;

/** A world whose account has the given settings, with one agent. */
const worldWith = async (patch: Parameters<typeof settingsWith>[0], opts: HarnessOptions = {}) => {
  const w = await makeWorld(opts);
  const agent = await w.addUser('agent', 'Pat Agent');
  w.clock.advance(1000);
  await w.parley.security.update(w.owner, settingsWith(patch));
  w.clock.advance(1000);
  const login = (password: string, email = agent.user.email, meta = META) => w.parley.auth.login({ email, password }, meta);
  return { ...w, agent, login };
};

describe('lockout', () => {
  it('locks the account after the fifth consecutive failure, answering when the lock ends', async () => {
    const w = await worldWith({ lockout: { maxFailedAttempts: 5, lockMinutes: 15 } });
    for (let i = 0; i < 4; i++) await expectParleyError(w.login(`wrong-${i}`), 'invalid_credentials');
    const e = await expectParleyError(w.login('wrong-5'), 'account_locked');
    expect(e.meta.lockedUntil).toBe(new Date(w.clock.now().getTime() + 15 * MIN).toISOString());
    const right = await expectParleyError(w.login(USER_PASSWORD), 'account_locked');
    expect(right.meta.lockedUntil).toBe(e.meta.lockedUntil);
  });

  it('audits the lock as user.locked, by the system on behalf of the request', async () => {
    const w = await worldWith({ lockout: { maxFailedAttempts: 3, lockMinutes: 15 } });
    for (let i = 0; i < 3; i++) await w.login(`wrong-${i}`).catch(() => {});
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      type: 'security',
      action: 'user.locked',
      targetId: w.agent.user.id,
      actor: { kind: 'system', userId: null, ip: META.ip },
      revertible: false,
    });
    const locks = (await auditLog(w, w.account.id)).filter((e) => e.action === 'user.locked');
    await w.login('wrong-again').catch(() => {});
    expect((await auditLog(w, w.account.id)).filter((e) => e.action === 'user.locked')).toHaveLength(locks.length);
  });

  it('unlocks by itself after lockMinutes, with a fresh count', async () => {
    const w = await worldWith({ lockout: { maxFailedAttempts: 3, lockMinutes: 10 } });
    for (let i = 0; i < 3; i++) await w.login(`wrong-${i}`).catch(() => {});
    w.clock.advance(10 * MIN - 1);
    await expectParleyError(w.login(USER_PASSWORD), 'account_locked');
    w.clock.advance(1);
    // One wrong password after the lock ended does not lock again: the count started over.
    await expectParleyError(w.login('wrong-after'), 'invalid_credentials');
    await w.login(USER_PASSWORD);
  });

  it('stays locked until an owner or admin unlocks when lockMinutes is null', async () => {
    const w = await worldWith({ lockout: { maxFailedAttempts: 3, lockMinutes: null } });
    for (let i = 0; i < 3; i++) await w.login(`wrong-${i}`).catch(() => {});
    w.clock.advance(365 * DAY);
    const e = await expectParleyError(w.login(USER_PASSWORD), 'account_locked');
    expect(e.meta.lockedUntil).toBeNull();
    await w.parley.security.unlockUser(w.owner, w.agent.user.id);
    await w.login(USER_PASSWORD);
  });

  it('resets the count on a successful login', async () => {
    const w = await worldWith({ lockout: { maxFailedAttempts: 3, lockMinutes: 10 } });
    await w.login('wrong-1').catch(() => {});
    await w.login('wrong-2').catch(() => {});
    await w.login(USER_PASSWORD);
    expect((await w.read((r) => r.users.get(w.account.id, w.agent.user.id)))?.failedLoginCount).toBe(0);
    await expectParleyError(w.login('wrong-3'), 'invalid_credentials');
    await expectParleyError(w.login('wrong-4'), 'invalid_credentials');
  });

  it('does not count failures while lockout is off', async () => {
    const w = await worldWith({});
    for (let i = 0; i < 10; i++) await w.login(`wrong-${i}`).catch(() => {});
    expect((await w.read((r) => r.users.get(w.account.id, w.agent.user.id)))?.failedLoginCount).toBe(0);
    await w.login(USER_PASSWORD);
  });
});

describe('unknown emails', () => {
  /** Counts the storage calls made through the store. */
  const counting = () => {
    const calls: string[] = [];
    const wrap = (s: Storage): Storage => ({
      capabilities: s.capabilities,
      ping: () => s.ping(),
      close: () => s.close(),
      read: (fn) => (calls.push('read'), s.read((r) => fn(spy(r)))),
      transaction: (fn) => (calls.push('transaction'), s.transaction((r) => fn(spy(r)))),
    });
    const spy = (r: Repositories): Repositories =>
      new Proxy(r, {
        get: (target, repo: string) =>
          new Proxy(target[repo as keyof Repositories] as object, {
            get: (t, method: string) => {
              const f = (t as Record<string, unknown>)[method];
              return typeof f === 'function' ? (...args: unknown[]) => (calls.push(`${repo}.${method}`), f.apply(t, args)) : f;
            },
          }),
      });
    return { calls, wrap };
  };

  it('do the same storage work and the same hashing as a wrong password, and get the same answer', async () => {
    for (const lockout of [
      { maxFailedAttempts: 5, lockMinutes: 10 },
      { maxFailedAttempts: null, lockMinutes: null },
    ]) {
      const c = counting();
      const w = await worldWith({ lockout }, { wrapStorage: c.wrap });
      const verify = vi.spyOn(w.parley.deps.hasher, 'verify');
      await expectParleyError(w.login('warm-up', 'owner@acme.example'), 'invalid_credentials'); // the first login of a process looks up the first account once
      verify.mockClear();
      c.calls.length = 0;
      const wrong = await expectParleyError(w.login('wrong-password'), 'invalid_credentials');
      const wrongCalls = [...c.calls];
      c.calls.length = 0;
      const unknown = await expectParleyError(w.login('wrong-password', 'nobody@acme.example'), 'invalid_credentials');
      expect(c.calls).toEqual(wrongCalls);
      expect(unknown.message).toBe(wrong.message);
      expect(unknown.meta).toEqual(wrong.meta);
      expect(verify).toHaveBeenCalledTimes(2);
    }
  });

  it('lock exactly as an existing email does, with the same answers, and unlock after lockMinutes', async () => {
    for (const lockMinutes of [10, null]) {
      const w = await worldWith({ lockout: { maxFailedAttempts: 3, lockMinutes } });
      const answers = async (email: string) => {
        const seen: unknown[] = [];
        for (let i = 0; i < 5; i++) {
          const e = await w.login(`wrong-${i}`, email).catch((e: ParleyError) => e);
          seen.push({ code: (e as ParleyError).code, message: (e as ParleyError).message, meta: (e as ParleyError).meta });
        }
        return seen;
      };
      const existing = await answers(w.agent.user.email);
      expect(existing.map((e) => (e as ParleyError).code)).toEqual([
        'invalid_credentials',
        'invalid_credentials',
        'account_locked',
        'account_locked',
        'account_locked',
      ]);
      expect(await answers('nobody@acme.example')).toEqual(existing);
      if (lockMinutes === null) continue;
      w.clock.advance(lockMinutes * MIN);
      await expectParleyError(w.login('wrong-after', 'nobody@acme.example'), 'invalid_credentials');
    }
  });
});

describe('IP access rules', () => {
  const office = { ip: '198.51.100.10', userAgent: 'office' };
  const cafe = { ip: '192.0.2.77', userAgent: 'cafe' };
  const ruled = () => worldWith({ ipRules: ['198.51.100.0/24', '203.0.113.7'] });

  it('lets users in from a listed address and refuses the right password from any other', async () => {
    const w = await ruled();
    await w.login(USER_PASSWORD, w.agent.user.email, office);
    const e = await expectParleyError(w.login(USER_PASSWORD, w.agent.user.email, cafe), 'ip_not_allowed');
    expect(e.meta.address).toBe(cafe.ip);
  });

  it('answers ip_not_allowed from an unlisted address whatever the password, without verifying it', async () => {
    const w = await ruled();
    const verify = vi.spyOn(w.parley.deps.hasher, 'verify');
    const right = await expectParleyError(w.login(USER_PASSWORD, w.agent.user.email, cafe), 'ip_not_allowed');
    const wrong = await expectParleyError(w.login('wrong', w.agent.user.email, cafe), 'ip_not_allowed');
    expect([wrong.message, wrong.meta]).toEqual([right.message, right.meta]);
    expect(verify).not.toHaveBeenCalled();
  });

  it('counts no attempt from an unlisted address toward the lockout', async () => {
    const w = await worldWith({ ipRules: ['198.51.100.0/24', '203.0.113.7'], lockout: { maxFailedAttempts: 3, lockMinutes: null } });
    for (let i = 0; i < 5; i++) await expectParleyError(w.login(`wrong-${i}`, w.agent.user.email, cafe), 'ip_not_allowed');
    expect(await w.read((r) => r.users.get(w.account.id, w.agent.user.id))).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    await w.login(USER_PASSWORD, w.agent.user.email, office);
  });

  it('with users of one email in several accounts, judges only those whose rules admit the address', async () => {
    const w = await worldWith({ ipRules: ['198.51.100.0/24', '203.0.113.7'] }, { config: { signup: 'open' } });
    const other = { accountName: 'Elsewhere', email: w.agent.user.email, name: 'Pat Elsewhere', password: 'elsewhere-password-1' };
    const { account } = await w.parley.accounts.signUp(other, META);
    // From the café only the other account's user is tried: the ruled account's password opens nothing there.
    expect((await w.login(other.password, other.email, cafe)).user.accountId).toBe(account.id);
    await expectParleyError(w.login(USER_PASSWORD, other.email, cafe), 'invalid_credentials');
    const named = (password: string) => w.parley.auth.login({ email: other.email, password, accountId: w.account.id }, cafe);
    await expectParleyError(named(USER_PASSWORD), 'ip_not_allowed');
    await expectParleyError(named('wrong'), 'ip_not_allowed');
    expect((await w.login(USER_PASSWORD, other.email, office)).user.accountId).toBe(w.account.id);
  });

  it('refuses an existing session used from an unlisted address', async () => {
    const w = await ruled();
    const { token } = await w.login(USER_PASSWORD, w.agent.user.email, office);
    expect(await w.parley.auth.authenticate(token, office)).toMatchObject({ userId: w.agent.user.id });
    await expectParleyError(w.parley.auth.authenticate(token, cafe), 'ip_not_allowed');
    await expectParleyError(w.parley.auth.authenticate(token, { ip: null, userAgent: null }), 'ip_not_allowed');
  });

  it('stops applying when the plan no longer includes security settings', async () => {
    const w = await ruled();
    await w.parley.accounts.setPlan(w.account.id, 'free');
    await w.login(USER_PASSWORD, w.agent.user.email, cafe);
  });
});

describe('inactive users at login', () => {
  it('refuses and deactivates a user past the inactivity limit even before the sweep ran', async () => {
    const w = await worldWith({ inactivityDays: 7 });
    w.clock.advance(8 * DAY);
    await expectParleyError(w.login(USER_PASSWORD), 'account_deactivated');
    expect((await w.parley.users.get(w.owner, w.agent.user.id)).status).toBe('deactivated');
    expect(await lastAudit(w, w.account.id)).toMatchObject({ action: 'user.deactivated', actor: { kind: 'system' } });
    await expectParleyError(w.login(USER_PASSWORD), 'account_deactivated');
  });

  it('never applies to the owner', async () => {
    const w = await worldWith({ inactivityDays: 1 });
    w.clock.advance(100 * DAY);
    await w.login(OWNER_PASSWORD, OWNER_EMAIL);
  });
});

describe('password expiry and the ticket', () => {
  const strict = { password: { minLength: 12, requireMixedCase: true, requireSpecialChar: true } };

  it('expires every password when a requirement is raised; login gives a ticket instead of a session', async () => {
    const w = await worldWith(strict);
    const e = await expectParleyError(w.login(USER_PASSWORD), 'password_expired');
    expect(e.meta).toMatchObject({
      reasons: ['requirements_raised'],
      ticketExpiresAt: new Date(w.clock.now().getTime() + PASSWORD_TICKET_TTL_SECONDS * 1000).toISOString(),
    });
    expect(typeof e.meta.ticket).toBe('string');
    await expectParleyError(w.login(OWNER_PASSWORD, OWNER_EMAIL), 'password_expired');
    // The ticket is no session.
    expect(await w.parley.auth.authenticate(e.meta.ticket as string, META)).toBeNull();
  });

  it('accepts a new password with the ticket, opens a session, and the ticket works once', async () => {
    const w = await worldWith(strict);
    const { meta } = await expectParleyError(w.login(USER_PASSWORD), 'password_expired');
    const r = await w.parley.auth.changePassword({ ticket: meta.ticket as string, newPassword: 'Brand-new-passphrase!' }, META);
    expect(r.user.id).toBe(w.agent.user.id);
    expect(await w.parley.auth.authenticate(r.token, META)).toMatchObject({ userId: w.agent.user.id });
    await expectParleyError(
      w.parley.auth.changePassword({ ticket: meta.ticket as string, newPassword: 'Another-new-passphrase!' }, META),
      'unauthenticated',
    );
    await expectParleyError(w.login(USER_PASSWORD), 'invalid_credentials');
    await w.login('Brand-new-passphrase!');
    expect(await lastAudit(w, w.account.id)).toMatchObject({
      action: 'user.password_changed',
      changes: [{ path: '/password', redacted: true }],
    });
  });

  it('refuses a ticket after ten minutes', async () => {
    const w = await worldWith(strict);
    const { meta } = await expectParleyError(w.login(USER_PASSWORD), 'password_expired');
    w.clock.advance(PASSWORD_TICKET_TTL_SECONDS * 1000);
    await expectParleyError(
      w.parley.auth.changePassword({ ticket: meta.ticket as string, newPassword: 'Brand-new-passphrase!' }, META),
      'unauthenticated',
    );
  });

  it('lists every rule the new password breaks, and refuses the expired password itself', async () => {
    const w = await worldWith(
      { password: { minLength: 12, requireMixedCase: true, requireSpecialChar: true, forbidUserInfo: true } },
      {
        deps: { commonPasswords: { isCommon: (p) => p.toLowerCase() === 'password' } },
      },
    );
    const { meta } = await expectParleyError(w.login(USER_PASSWORD), 'password_expired');
    const e = await expectParleyError(
      w.parley.auth.changePassword({ ticket: meta.ticket as string, newPassword: 'password' }, META),
      'password_policy_violation',
    );
    expect(e.details.map((d) => [d.path, d.code])).toEqual([
      ['/newPassword', 'too_short'],
      ['/newPassword', 'mixed_case_required'],
      ['/newPassword', 'special_char_required'],
      ['/newPassword', 'common_password'],
    ]);
    const agentName = await expectParleyError(
      w.parley.auth.changePassword({ ticket: meta.ticket as string, newPassword: 'Pat-the-agent-2026' }, META),
      'password_policy_violation',
    );
    expect(agentName.details.map((d) => d.code)).toEqual(['contains_user_info']);
    // The current password is refused even once reuse is off: an expired password must really change.
    await w.parley.security.update(w.owner, settingsWith({}));
    const same = await expectParleyError(
      w.parley.auth.changePassword({ ticket: meta.ticket as string, newPassword: USER_PASSWORD }, META),
      'password_policy_violation',
    );
    expect(same.details.map((d) => d.code)).toEqual(['password_reused']);
  });

  it('expires a password expiryMonths calendar months after it was set', async () => {
    const w = await makeWorld({});
    w.clock.set('2026-01-31T10:00:00.000Z');
    const agent = await w.addUser('agent');
    await w.parley.security.update(w.owner, settingsWith({ password: { expiryMonths: 1 } }));
    w.clock.set('2026-02-28T09:59:59.999Z');
    await w.parley.auth.login({ email: agent.user.email, password: USER_PASSWORD }, META);
    w.clock.set('2026-02-28T10:00:00.000Z');
    const e = await expectParleyError(w.parley.auth.login({ email: agent.user.email, password: USER_PASSWORD }, META), 'password_expired');
    expect(e.meta.reasons).toEqual(['max_age_reached']);
  });

  it('shows in the users list and on the user whose password has expired, and when the others expire', async () => {
    const w = await makeWorld({});
    w.clock.set('2026-01-31T10:00:00.000Z');
    const agent = await w.addUser('agent');
    const state = async (id: string) => {
      const listed = (await w.parley.users.list(w.owner, {})).items.find((u) => u.id === id)!;
      const one = await w.parley.users.get(w.owner, id);
      expect(one).toMatchObject({ passwordExpired: listed.passwordExpired, passwordExpiresAt: listed.passwordExpiresAt });
      return { expired: listed.passwordExpired, expiresAt: listed.passwordExpiresAt };
    };
    expect(await state(agent.user.id)).toEqual({ expired: false, expiresAt: null });
    await w.parley.security.update(w.owner, settingsWith({ password: { expiryMonths: 1 } }));
    expect(await state(agent.user.id)).toEqual({ expired: false, expiresAt: '2026-02-28T10:00:00.000Z' });
    w.clock.set('2026-02-28T10:00:00.000Z');
    expect(await state(agent.user.id)).toEqual({ expired: true, expiresAt: '2026-02-28T10:00:00.000Z' });
  });

  it('refuses the ticket from an address the IP rules exclude', async () => {
    const w = await worldWith({ ...strict, ipRules: ['203.0.113.7'] });
    const { meta } = await expectParleyError(w.login(USER_PASSWORD), 'password_expired');
    await expectParleyError(
      w.parley.auth.changePassword(
        { ticket: meta.ticket as string, newPassword: 'Brand-new-passphrase!' },
        { ip: '192.0.2.1', userAgent: null },
      ),
      'ip_not_allowed',
    );
  });
});

describe('changing one’s password while signed in', () => {
  it('checks the current password, ends every other session and opens a fresh one', async () => {
    const w = await worldWith({});
    const first = await w.login(USER_PASSWORD);
    const p = (await w.parley.auth.authenticate(first.token, META))!;
    await expectParleyError(
      w.parley.auth.changePassword({ currentPassword: 'wrong', newPassword: 'a fresh passphrase' }, META, p),
      'invalid_credentials',
    );
    await expectParleyError(w.parley.auth.changePassword({ newPassword: 'a fresh passphrase' }, META, p), 'validation_failed');
    await expectParleyError(
      w.parley.auth.changePassword({ currentPassword: USER_PASSWORD, newPassword: 'x' }, META, null),
      'unauthenticated',
    );
    const r = await w.parley.auth.changePassword({ currentPassword: USER_PASSWORD, newPassword: 'a fresh passphrase' }, META, p);
    expect(await w.parley.auth.authenticate(first.token, META)).toBeNull();
    expect(await w.parley.auth.authenticate(r.token, META)).toMatchObject({ userId: w.agent.user.id });
  });

  it('refuses the last N passwords, and allows an old one once N others came after it', async () => {
    const w = await worldWith({ password: { reuse: { mode: 'lastN', value: 5 } } });
    const passwords = ['pass-one-long', 'pass-two-long', 'pass-three-long', 'pass-four-long', 'pass-five-long'];
    let current = USER_PASSWORD;
    const change = async (next: string) => {
      const s = await w.login(current);
      const p = (await w.parley.auth.authenticate(s.token, META))!;
      await w.parley.auth.changePassword({ currentPassword: current, newPassword: next }, META, p);
      current = next;
    };
    for (const next of passwords.slice(0, 4)) await change(next);
    // Last five: USER_PASSWORD and four more. The first one may not come back yet.
    await expectParleyError(change(USER_PASSWORD), 'password_policy_violation');
    await change(passwords[4]!);
    await change(USER_PASSWORD);
  });

  it('refuses a password used within the last M months', async () => {
    const w = await worldWith({ password: { reuse: { mode: 'months', value: 1 } } });
    const s = await w.login(USER_PASSWORD);
    const p = (await w.parley.auth.authenticate(s.token, META))!;
    await w.parley.auth.changePassword({ currentPassword: USER_PASSWORD, newPassword: 'interim-password' }, META, p);
    w.clock.advance(20 * DAY);
    const s2 = await w.login('interim-password');
    const p2 = (await w.parley.auth.authenticate(s2.token, META))!;
    const e = await expectParleyError(
      w.parley.auth.changePassword({ currentPassword: 'interim-password', newPassword: USER_PASSWORD }, META, p2),
      'password_policy_violation',
    );
    expect(e.details).toEqual([{ path: '/newPassword', code: 'password_reused', message: expect.any(String) }]);
    w.clock.advance(15 * DAY);
    await w.parley.auth.changePassword({ currentPassword: 'interim-password', newPassword: USER_PASSWORD }, META, p2);
  });

  it('keeps only hashes in the history, and applies reuse when an admin sets the password too', async () => {
    const w = await worldWith({ password: { reuse: { mode: 'lastN', value: 5 } } });
    await w.parley.users.update(w.owner, w.agent.user.id, { password: 'admin-set-password' });
    const history = await w.read((r) => r.passwordHistory.recent(w.account.id, w.agent.user.id, 10));
    expect(history.map((h) => h.passwordHash)).toEqual(['h:admin-set-password', `h:${USER_PASSWORD}`]);
    await expectParleyError(w.parley.users.update(w.owner, w.agent.user.id, { password: USER_PASSWORD }), 'password_policy_violation');
  });
});
