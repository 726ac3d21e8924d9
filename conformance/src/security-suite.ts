import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  StorageConflictError,
  createParley,
  defaultCoreConfig,
  defaultSecuritySettings,
  isParleyError,
  LOCKED_UNTIL_UNLOCKED,
  type Id,
  type PasswordHistoryEntry,
  type PasswordTicket,
  type Repositories,
  type SecurityRecord,
  type Storage,
  type User,
} from '@parley/core';
import { instant, newId, randomHash, seedAccount, seedUser } from './fixtures.js';

/** A security record of `accountId` with every setting away from its default. */
export const buildSecurityRecord = (accountId: Id, overrides: Partial<SecurityRecord> = {}): SecurityRecord => ({
  accountId,
  settings: {
    password: {
      minLength: 12,
      requireMixedCase: true,
      requireSpecialChar: true,
      forbidUserInfo: true,
      reuse: { mode: 'lastN', value: 6 },
      expiryMonths: 3,
    },
    lockout: { maxFailedAttempts: 5, lockMinutes: null },
    ipRules: ['203.0.113.*', '10.0.0.0/8', '2001:db8::1'],
    inactivityDays: 90,
  },
  passwordsExpiredAt: instant(),
  updatedAt: instant(),
  version: 1,
  ...overrides,
});

export const buildHistoryEntry = (
  user: Pick<User, 'id' | 'accountId'>,
  overrides: Partial<PasswordHistoryEntry> = {},
): PasswordHistoryEntry => ({
  id: newId(),
  accountId: user.accountId,
  userId: user.id,
  passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`,
  setAt: instant(),
  ...overrides,
});

export const buildTicket = (user: Pick<User, 'id' | 'accountId'>, overrides: Partial<PasswordTicket> = {}): PasswordTicket => ({
  tokenHash: randomHash(),
  purpose: 'password_expired',
  userId: user.id,
  accountId: user.accountId,
  createdAt: instant(),
  expiresAt: instant(600_000),
  ...overrides,
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const pause = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the security tests of the storage conformance suite (called by `describeStorageConformance`). */
export function defineSecurityTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const userOfNewAccount = async (o: Partial<User> = {}) => {
    const account = await seedAccount(storage(), { plan: 'enterprise' });
    return { account, user: await seedUser(storage(), account.id, o) };
  };

  describe('security settings', () => {
    it('answers null for an account that never saved settings', async () => {
      const account = await seedAccount(storage());
      await expect(read((r) => r.security.get(account.id))).resolves.toBeNull();
    });

    it('inserts the first record at version 0 and round-trips every setting', async () => {
      const account = await seedAccount(storage());
      const record = buildSecurityRecord(account.id, { version: 99 });
      await expect(tx((r) => r.security.save(record, 0))).resolves.toBe(true);
      expect(await read((r) => r.security.get(account.id))).toEqual({ ...record, version: 1 });
      const plain = buildSecurityRecord((await seedAccount(storage())).id, {
        settings: defaultSecuritySettings(),
        passwordsExpiredAt: null,
      });
      await tx((r) => r.security.save(plain, 0));
      expect(await read((r) => r.security.get(plain.accountId))).toEqual({ ...plain, version: 1 });
    });

    it('refuses a second first save, and a stale or future version, changing nothing', async () => {
      const account = await seedAccount(storage());
      const record = buildSecurityRecord(account.id);
      await tx((r) => r.security.save(record, 0));
      const other = buildSecurityRecord(account.id, { settings: defaultSecuritySettings() });
      await expect(tx((r) => r.security.save(other, 0))).resolves.toBe(false);
      await expect(tx((r) => r.security.save(other, 2))).resolves.toBe(false);
      expect(await read((r) => r.security.get(account.id))).toEqual({ ...record, version: 1 });
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const account = await seedAccount(storage());
      await tx((r) => r.security.save(buildSecurityRecord(account.id), 0));
      const next = buildSecurityRecord(account.id, {
        settings: { ...defaultSecuritySettings(), inactivityDays: 7 },
        passwordsExpiredAt: null,
      });
      await expect(tx((r) => r.security.save(next, 1))).resolves.toBe(true);
      expect(await read((r) => r.security.get(account.id))).toEqual({ ...next, version: 2 });
      await expect(tx((r) => r.security.save(next, 1))).resolves.toBe(false);
    });

    it('lets exactly one of several concurrent first savers win', async () => {
      const account = await seedAccount(storage());
      const results = await Promise.all(
        range(8).map((i) =>
          tx(async (r) => {
            await pause();
            return r.security.save(
              buildSecurityRecord(account.id, { settings: { ...defaultSecuritySettings(), inactivityDays: i + 1 } }),
              0,
            );
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await read((r) => r.security.get(account.id));
      expect(stored?.version).toBe(1);
      expect(stored?.settings.inactivityDays).toBe(results.indexOf(true) + 1);
    });

    it('keeps accounts apart and keeps nothing of a rolled-back save', async () => {
      const a = await seedAccount(storage());
      const b = await seedAccount(storage());
      await tx((r) => r.security.save(buildSecurityRecord(a.id), 0));
      await expect(read((r) => r.security.get(b.id))).resolves.toBeNull();
      await expect(
        tx(async (r) => {
          await r.security.save(buildSecurityRecord(b.id), 0);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await expect(read((r) => r.security.get(b.id))).resolves.toBeNull();
    });
  });

  describe('password history', () => {
    it('lists a user’s entries newest first (by setAt, then id), at most limit', async () => {
      const { user } = await userOfNewAccount();
      const t = Date.parse('2030-01-01T00:00:00.000Z');
      const entries = [3, 1, 4, 2].map((d) => buildHistoryEntry(user, { setAt: instant(d * 86_400_000, t) }));
      const twin = [
        buildHistoryEntry(user, { id: `a-${randomUUID()}`, setAt: instant(0, t) }),
        buildHistoryEntry(user, { id: `b-${randomUUID()}`, setAt: instant(0, t) }),
      ];
      await tx(async (r) => {
        for (const e of [...entries, ...twin]) await r.passwordHistory.add(e);
      });
      const all = await read((r) => r.passwordHistory.recent(user.accountId, user.id, 100));
      expect(all.map((e) => e.setAt)).toEqual([4, 3, 2, 1, 0, 0].map((d) => instant(d * 86_400_000, t)));
      expect(all.slice(4)).toEqual([twin[1], twin[0]]);
      expect(all[0]).toEqual(entries[2]);
      expect(await read((r) => r.passwordHistory.recent(user.accountId, user.id, 2))).toEqual(all.slice(0, 2));
    });

    it('keeps users and accounts apart', async () => {
      const { account, user } = await userOfNewAccount();
      const other = await seedUser(storage(), account.id);
      const mine = buildHistoryEntry(user);
      await tx(async (r) => {
        await r.passwordHistory.add(mine);
        await r.passwordHistory.add(buildHistoryEntry(other));
      });
      expect(await read((r) => r.passwordHistory.recent(account.id, user.id, 10))).toEqual([mine]);
      const stranger = await seedAccount(storage());
      expect(await read((r) => r.passwordHistory.recent(stranger.id, user.id, 10))).toEqual([]);
      await expect(tx((r) => r.passwordHistory.deleteByUser(stranger.id, user.id))).resolves.toBe(0);
      await expect(tx((r) => r.passwordHistory.prune(stranger.id, user.id, 0))).resolves.toBe(0);
      expect(await read((r) => r.passwordHistory.recent(account.id, user.id, 10))).toEqual([mine]);
    });

    it('prunes all but the newest entries, answering how many went', async () => {
      const { user } = await userOfNewAccount();
      const entries = range(6).map((i) => buildHistoryEntry(user, { setAt: instant(i * 1000) }));
      await tx(async (r) => {
        for (const e of entries) await r.passwordHistory.add(e);
      });
      await expect(tx((r) => r.passwordHistory.prune(user.accountId, user.id, 4))).resolves.toBe(2);
      expect(await read((r) => r.passwordHistory.recent(user.accountId, user.id, 10))).toEqual([...entries].reverse().slice(0, 4));
      await expect(tx((r) => r.passwordHistory.prune(user.accountId, user.id, 4))).resolves.toBe(0);
    });

    it('deletes a user’s history', async () => {
      const { account, user } = await userOfNewAccount();
      await tx(async (r) => {
        await r.passwordHistory.add(buildHistoryEntry(user));
        await r.passwordHistory.add(buildHistoryEntry(user));
      });
      await expect(tx((r) => r.passwordHistory.deleteByUser(account.id, user.id))).resolves.toBe(2);
      expect(await read((r) => r.passwordHistory.recent(account.id, user.id, 10))).toEqual([]);
    });

    it('refuses a duplicate entry id', async () => {
      const { user } = await userOfNewAccount();
      const e = buildHistoryEntry(user);
      await tx((r) => r.passwordHistory.add(e));
      const err = await tx((r) => r.passwordHistory.add({ ...e, setAt: instant(5) })).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('password_history.id');
    });
  });

  describe('password tickets', () => {
    it('round-trips a ticket and answers null for an unknown one', async () => {
      const { user } = await userOfNewAccount();
      const t = buildTicket(user);
      await tx((r) => r.passwordTickets.insert(t));
      expect(await read((r) => r.passwordTickets.get(t.tokenHash))).toEqual(t);
      await expect(read((r) => r.passwordTickets.get(randomHash()))).resolves.toBeNull();
    });

    it('keeps what each ticket was made for', async () => {
      const { user } = await userOfNewAccount();
      const made = (['password_expired', 'password_reset', 'invitation'] as const).map((purpose) => buildTicket(user, { purpose }));
      for (const t of made) await tx((r) => r.passwordTickets.insert(t));
      for (const t of made) expect(await read((r) => r.passwordTickets.get(t.tokenHash))).toEqual(t);
    });

    it('refuses a duplicate token hash', async () => {
      const { user } = await userOfNewAccount();
      const t = buildTicket(user);
      await tx((r) => r.passwordTickets.insert(t));
      const err = await tx((r) => r.passwordTickets.insert(buildTicket(user, { tokenHash: t.tokenHash }))).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('password_tickets.token_hash');
    });

    it('deletes a ticket once: true, then false', async () => {
      const { user } = await userOfNewAccount();
      const t = buildTicket(user);
      await tx((r) => r.passwordTickets.insert(t));
      await expect(tx((r) => r.passwordTickets.delete(t.tokenHash))).resolves.toBe(true);
      await expect(tx((r) => r.passwordTickets.delete(t.tokenHash))).resolves.toBe(false);
      await expect(read((r) => r.passwordTickets.get(t.tokenHash))).resolves.toBeNull();
    });

    it('lets exactly one of several concurrent deleters of a ticket succeed', async () => {
      const { user } = await userOfNewAccount();
      const t = buildTicket(user);
      await tx((r) => r.passwordTickets.insert(t));
      const results = await Promise.all(
        range(8).map(() =>
          tx(async (r) => {
            await r.passwordTickets.get(t.tokenHash);
            await pause();
            return r.passwordTickets.delete(t.tokenHash);
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('deletes a user’s tickets, and tickets that expire at or before now', async () => {
      const { account, user } = await userOfNewAccount();
      const other = await seedUser(storage(), account.id);
      const now = instant(0, Date.UTC(1991, 0, 1) + Math.floor(Math.random() * 3e11));
      const expired = buildTicket(other, { expiresAt: now });
      const live = buildTicket(other, { expiresAt: instant(1, now) });
      const mine = [buildTicket(user), buildTicket(user)];
      await tx(async (r) => {
        for (const t of [expired, live, ...mine]) await r.passwordTickets.insert(t);
      });
      await expect(tx((r) => r.passwordTickets.deleteByUser(user.id))).resolves.toBe(2);
      for (const t of mine) await expect(read((r) => r.passwordTickets.get(t.tokenHash))).resolves.toBeNull();
      expect(await tx((r) => r.passwordTickets.deleteExpired(now))).toBeGreaterThanOrEqual(1);
      await expect(read((r) => r.passwordTickets.get(expired.tokenHash))).resolves.toBeNull();
      expect(await read((r) => r.passwordTickets.get(live.tokenHash))).toEqual(live);
    });

    it('lists the account’s users with an invitation still to take, once each with its latest expiry', async () => {
      const { account, user } = await userOfNewAccount();
      const other = await seedUser(storage(), account.id);
      const resetOnly = await seedUser(storage(), account.id);
      const elsewhere = await userOfNewAccount();
      const now = instant(0, Date.UTC(1992, 0, 1) + Math.floor(Math.random() * 3e11));
      const earlier = buildTicket(user, { purpose: 'invitation', expiresAt: instant(1000, now) });
      const later = buildTicket(user, { purpose: 'invitation', expiresAt: instant(5000, now) });
      await tx(async (r) => {
        for (const t of [
          earlier,
          later,
          buildTicket(other, { purpose: 'invitation', expiresAt: now }), // expires at now: taken no more
          buildTicket(resetOnly, { purpose: 'password_reset', expiresAt: instant(5000, now) }),
          buildTicket(elsewhere.user, { purpose: 'invitation', expiresAt: instant(5000, now) }),
        ])
          await r.passwordTickets.insert(t);
      });
      expect(await read((r) => r.passwordTickets.pendingInvitations(account.id, now))).toEqual([
        { userId: user.id, expiresAt: later.expiresAt },
      ]);
      await tx((r) => r.passwordTickets.delete(later.tokenHash));
      expect(await read((r) => r.passwordTickets.pendingInvitations(account.id, now))).toEqual([
        { userId: user.id, expiresAt: earlier.expiresAt },
      ]);
      await expect(read((r) => r.passwordTickets.pendingInvitations(account.id, instant(1000, now)))).resolves.toEqual([]);
    });
  });

  describe('ended locks', () => {
    it('clears a lock that has ended and resets the count, without bumping version', async () => {
      const now = instant();
      const { user } = await userOfNewAccount({ failedLoginCount: 5, lockedUntil: now, version: 3 });
      await expect(tx((r) => r.users.clearEndedLock(user.accountId, user.id, now))).resolves.toBe(true);
      expect(await read((r) => r.users.get(user.accountId, user.id))).toEqual({ ...user, failedLoginCount: 0, lockedUntil: null });
      await expect(tx((r) => r.users.clearEndedLock(user.accountId, user.id, now))).resolves.toBe(false);
    });

    it('leaves a lock in force, one until unlocked, and an unlocked user alone', async () => {
      const now = instant();
      for (const lockedUntil of [instant(1, now), LOCKED_UNTIL_UNLOCKED, null]) {
        const { user } = await userOfNewAccount({ failedLoginCount: 4, lockedUntil });
        await expect(tx((r) => r.users.clearEndedLock(user.accountId, user.id, now))).resolves.toBe(false);
        expect(await read((r) => r.users.get(user.accountId, user.id))).toEqual(user);
      }
      await expect(tx((r) => r.users.clearEndedLock(newId(), newId(), now))).resolves.toBe(false);
    });

    it('answers 0 for a failed-login increment of an unknown user, and writes nothing', async () => {
      const { account, user } = await userOfNewAccount();
      await expect(tx((r) => r.users.incrementFailedLogins(account.id, newId()))).resolves.toBe(0);
      await expect(tx((r) => r.users.incrementFailedLogins(newId(), user.id))).resolves.toBe(0);
      expect(await read((r) => r.users.get(account.id, user.id))).toEqual(user);
    });

    it('lets at most one of several concurrent callers clear the lock', async () => {
      const now = instant();
      const { user } = await userOfNewAccount({ failedLoginCount: 5, lockedUntil: instant(-1000, now) });
      const results = await Promise.all(range(8).map(() => tx((r) => r.users.clearEndedLock(user.accountId, user.id, now))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('login lockout under concurrency', () => {
    /**
     * The real login path over this store. The hasher is `h:<password>`; verifying a `wrong-` password
     * waits at a gate, so a test can hold many attempts in flight after they were counted.
     */
    const servicesOver = (s: Storage) => {
      let arrived = 0;
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const parley = createParley({
        storage: s,
        events: { publish: async () => {}, subscribe: () => () => {}, close: async () => {} },
        clock: { now: () => new Date() },
        ids: { next: () => randomUUID() },
        hasher: {
          hash: async (p) => `h:${p}`,
          verify: async (h, p) => {
            if (p.startsWith('wrong-')) {
              arrived++;
              await gate;
            }
            return h === `h:${p}`;
          },
        },
        crypto: {
          randomToken: (bytes = 32) => randomBytes(bytes).toString('base64url'),
          sha256: (t) => createHash('sha256').update(t).digest('hex'),
          safeEqual: (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)),
          hmacSha256: () => '',
        },
        config: defaultCoreConfig,
      });
      return { parley, arrived: () => arrived, open: () => open() };
    };
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'signed_in',
        (e: unknown) => (isParleyError(e) ? e.code : String(e)),
      );

    it('judges no more than maxFailedAttempts of 19 concurrent wrong passwords, and refuses even the right one past the limit', async () => {
      const { account, user } = await userOfNewAccount({ passwordHash: 'h:the-right-password' });
      const settings = { ...defaultSecuritySettings(), lockout: { maxFailedAttempts: 3, lockMinutes: null } };
      await tx((r) => r.security.save({ accountId: account.id, settings, passwordsExpiredAt: null, updatedAt: instant(), version: 1 }, 0));
      const { parley, arrived, open } = servicesOver(storage());
      const meta = (i: number) => ({ ip: `198.51.100.${i + 1}`, userAgent: 'conformance' });
      const wrong = range(19).map((i) => outcome(parley.auth.login({ email: user.email, password: `wrong-${i}` }, meta(i))));
      // Every wrong attempt has been counted and is waiting to be judged; nothing is locked yet.
      for (let i = 0; i < 5000 && arrived() < 19; i++) await pause(2);
      expect(arrived()).toBe(19);
      const right = await parley.auth.login({ email: user.email, password: 'the-right-password' }, meta(99)).catch((e: unknown) => e);
      expect(isParleyError(right) && right.code).toBe('account_locked');
      expect(isParleyError(right) && right.meta.lockedUntil).toBeNull();
      open();
      const codes = await Promise.all(wrong);
      expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(2);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(17);
      const stored = await read((r) => r.users.get(account.id, user.id));
      expect(stored?.lockedUntil).toBe(LOCKED_UNTIL_UNLOCKED);
      expect(await outcome(parley.auth.login({ email: user.email, password: 'the-right-password' }, meta(98)))).toBe('account_locked');
    });
  });
}
