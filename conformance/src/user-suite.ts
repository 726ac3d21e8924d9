import { describe, expect, it } from 'vitest';
import { StorageConflictError, type Storage, type User } from '@parley/core';
import { buildUser, buildWidget, instant, newId, uniqueEmail } from './fixtures.js';
import { range, byId, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of the user repository: round-trips, unique emails per account, compare-and-set, paging, login state.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineUserTests(storage: () => Storage): void {
  const { tx, read, newAccount, newUser } = storageHelpers(storage);

  describe('users', () => {
    it('round-trips users with nulls and with every optional field set', async () => {
      const a = await newAccount();
      const plain = buildUser(a.id, { role: 'owner' });
      const full = buildUser(a.id, {
        name: 'Zoë O’Brien 李',
        role: 'supervisor',
        status: 'deactivated',
        lastLoginAt: '2030-01-02T03:04:05.678Z',
        failedLoginCount: 4,
        lockedUntil: '2030-01-02T03:19:05.678Z',
        passwordChangedAt: '2029-12-31T23:59:59.999Z',
        maxConcurrentChats: 7,
        version: 12,
      });
      await tx(async (r) => {
        await r.users.insert(plain);
        await r.users.insert(full);
      });
      expect(await read((r) => r.users.get(a.id, plain.id))).toEqual(plain);
      expect(await read((r) => r.users.get(a.id, full.id))).toEqual(full);
      expect(await read((r) => r.users.getByEmail(a.id, full.email))).toEqual(full);
      expect(await read((r) => r.users.listByEmail(full.email, 10))).toEqual([full]);
    });

    it('answers the own maximum of open chats of those users who have one, in this account only', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const own = buildUser(a.id, { maxConcurrentChats: 5 });
      const widgetDefault = buildUser(a.id);
      const elsewhere = buildUser(b.id, { maxConcurrentChats: 9 });
      await tx(async (r) => {
        for (const u of [own, widgetDefault, elsewhere]) await r.users.insert(u);
      });
      expect(await read((r) => r.users.maxConcurrentChats(a.id, [own.id, widgetDefault.id, elsewhere.id, newId(), own.id]))).toEqual({
        [own.id]: 5,
      });
      expect(await read((r) => r.users.maxConcurrentChats(a.id, []))).toEqual({});
      expect(await tx((r) => r.users.update({ ...own, maxConcurrentChats: null }, own.version))).toBe(true);
      expect(await read((r) => r.users.maxConcurrentChats(a.id, [own.id]))).toEqual({});
      expect((await read((r) => r.users.get(a.id, own.id)))!.maxConcurrentChats).toBeNull();
    });

    it('reads several users at once, each once, by id, within the account', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const mine = [buildUser(a.id), buildUser(a.id, { maxConcurrentChats: 3 }), buildUser(a.id)];
      const theirs = buildUser(b.id);
      await tx(async (r) => {
        for (const u of [...mine, theirs]) await r.users.insert(u);
      });
      const asked = [mine[2]!.id, theirs.id, newId(), mine[0]!.id, mine[2]!.id];
      expect(await read((r) => r.users.getMany(a.id, asked))).toEqual([mine[0]!, mine[2]!].sort(byId));
      expect(await read((r) => r.users.getMany(a.id, []))).toEqual([]);
      expect(await read((r) => r.users.getMany(b.id, asked))).toEqual([theirs]);
    });

    it('answers null for an unknown user id or email', async () => {
      const a = await newAccount();
      await expect(read((r) => r.users.get(a.id, newId()))).resolves.toBeNull();
      await expect(read((r) => r.users.getByEmail(a.id, uniqueEmail()))).resolves.toBeNull();
      await expect(read((r) => r.users.listByEmail(uniqueEmail(), 10))).resolves.toEqual([]);
    });

    it('hides a user from other accounts', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const u = await newUser(a.id);
      await expect(read((r) => r.users.get(b.id, u.id))).resolves.toBeNull();
      await expect(tx((r) => r.users.delete(b.id, u.id))).resolves.toBe(false);
      await expect(tx((r) => r.users.update({ ...u, accountId: b.id, name: 'Hijacked' }, u.version))).resolves.toBe(false);
      expect((await read((r) => r.users.list(b.id, {}, { limit: 100 }))).items).toEqual([]);
      await expect(read((r) => r.users.countByRole(b.id, u.role))).resolves.toBe(0);
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual(u);
    });

    it('rejects a second user with a taken email in the same account, and keeps nothing of that transaction', async () => {
      const a = await newAccount();
      const first = await newUser(a.id);
      const widget = buildWidget(a.id);
      const second = buildUser(a.id, { email: first.email });
      const err = await tx(async (r) => {
        await r.widgets.insert(widget);
        await r.users.insert(second);
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('users.email');
      await expect(read((r) => r.widgets.get(a.id, widget.id))).resolves.toBeNull();
      await expect(read((r) => r.users.get(a.id, second.id))).resolves.toBeNull();
      expect(await read((r) => r.users.listByEmail(first.email, 10))).toEqual([first]);
    });

    it('lets one email have a user in each of several accounts, found per account and listed by id up to the limit', async () => {
      const [a, b, c] = [await newAccount(), await newAccount(), await newAccount()];
      const email = uniqueEmail();
      const inA = await newUser(a.id, { email });
      const inB = await newUser(b.id, { email });
      const inC = await newUser(c.id, { email });
      const other = await newUser(a.id);
      expect(await read((r) => r.users.getByEmail(b.id, email))).toEqual(inB);
      await expect(read((r) => r.users.getByEmail(b.id, other.email))).resolves.toBeNull();
      const all = [inA, inB, inC].sort(byId);
      expect(await read((r) => r.users.listByEmail(email, 10))).toEqual(all);
      expect(await read((r) => r.users.listByEmail(email, 2))).toEqual(all.slice(0, 2));
      const moved = await tx((r) => r.users.update({ ...other, email }, other.version).catch((e: unknown) => e));
      expect(moved).toBeInstanceOf(StorageConflictError);
      await expect(tx((r) => r.users.delete(b.id, inB.id))).resolves.toBe(true);
      expect(await read((r) => r.users.listByEmail(email, 10))).toEqual([inA, inC].sort(byId));
    });

    it('rejects an update to an email another user has, and keeps nothing of that transaction', async () => {
      const a = await newAccount();
      const u1 = await newUser(a.id);
      const u2 = await newUser(a.id);
      const widget = buildWidget(a.id);
      const err = await tx(async (r) => {
        await r.widgets.insert(widget);
        await r.users.update({ ...u2, email: u1.email }, u2.version);
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('users.email');
      expect(await read((r) => r.users.get(a.id, u2.id))).toEqual(u2);
      expect(await read((r) => r.users.getByEmail(a.id, u1.email))).toEqual(u1);
      await expect(read((r) => r.widgets.get(a.id, widget.id))).resolves.toBeNull();
    });

    it('frees an email when its user is deleted or changes email', async () => {
      const a = await newAccount();
      const deleted = await newUser(a.id);
      await expect(tx((r) => r.users.delete(a.id, deleted.id))).resolves.toBe(true);
      const reuser = await newUser(a.id, { email: deleted.email });
      expect(await read((r) => r.users.getByEmail(a.id, deleted.email))).toEqual(reuser);

      const mover = await newUser(a.id);
      const newEmail = uniqueEmail();
      await expect(tx((r) => r.users.update({ ...mover, email: newEmail }, mover.version))).resolves.toBe(true);
      await expect(read((r) => r.users.listByEmail(mover.email, 10))).resolves.toEqual([]);
      expect(await read((r) => r.users.getByEmail(a.id, newEmail))).toMatchObject({ id: mover.id, email: newEmail });
      const taker = await newUser(a.id, { email: mover.email });
      expect(await read((r) => r.users.listByEmail(mover.email, 10))).toEqual([taker]);
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const a = await newAccount();
      const u = await newUser(a.id, { version: 5 });
      const changed: User = {
        ...u,
        name: 'New Name',
        role: 'admin',
        status: 'deactivated',
        passwordHash: 'changed-hash',
        passwordChangedAt: instant(5000),
        updatedAt: instant(5000),
        version: 1, // ignored
      };
      await expect(tx((r) => r.users.update(changed, 5))).resolves.toBe(true);
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...changed, version: 6 });
      await expect(tx((r) => r.users.update({ ...changed, name: 'Stale' }, 5))).resolves.toBe(false);
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...changed, version: 6 });
      await expect(tx((r) => r.users.update(buildUser(a.id), 1))).resolves.toBe(false);
    });

    it('deletes a user once, answering true and then false', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const other = await newUser(a.id);
      await expect(tx((r) => r.users.delete(a.id, u.id))).resolves.toBe(true);
      await expect(read((r) => r.users.get(a.id, u.id))).resolves.toBeNull();
      await expect(read((r) => r.users.getByEmail(a.id, u.email))).resolves.toBeNull();
      await expect(tx((r) => r.users.delete(a.id, u.id))).resolves.toBe(false);
      await expect(tx((r) => r.users.delete(a.id, newId()))).resolves.toBe(false);
      expect(await read((r) => r.users.get(a.id, other.id))).toEqual(other);
    });

    it('lists an account’s users by id ascending, one page after another', async () => {
      const a = await newAccount();
      const b = await newAccount();
      await newUser(b.id);
      const users = await Promise.all(range(5).map(() => newUser(a.id)));
      const sorted = [...users].sort(byId);

      const pages: User[][] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page = await read((r) => r.users.list(a.id, {}, { cursor, limit: 2 }));
        pages.push([...page.items]);
        cursor = page.nextCursor;
        if (cursor === null) break;
        expect(cursor).toBe(page.items[page.items.length - 1]?.id);
      }
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(sorted);

      const exact = await read((r) => r.users.list(a.id, {}, { limit: 5 }));
      expect(exact.items).toEqual(sorted);
      expect(exact.nextCursor).toBeNull();
      const fromNull = await read((r) => r.users.list(a.id, {}, { cursor: null, limit: 100 }));
      expect(fromNull).toEqual({ items: sorted, nextCursor: null });
      const afterThird = await read((r) => r.users.list(a.id, {}, { cursor: sorted[2]!.id, limit: 100 }));
      expect(afterThird.items).toEqual(sorted.slice(3));
    });

    it('filters the list by role and counts users by role', async () => {
      const a = await newAccount();
      const b = await newAccount();
      await newUser(b.id, { role: 'admin' });
      const owner = await newUser(a.id, { role: 'owner' });
      const admins = await Promise.all(range(3).map(() => newUser(a.id, { role: 'admin' })));
      await newUser(a.id, { role: 'agent' });

      const adminsSorted = [...admins].sort(byId);
      const first = await read((r) => r.users.list(a.id, { role: 'admin' }, { limit: 2 }));
      expect(first.items).toEqual(adminsSorted.slice(0, 2));
      expect(first.nextCursor).toBe(adminsSorted[1]!.id);
      const second = await read((r) => r.users.list(a.id, { role: 'admin' }, { cursor: first.nextCursor, limit: 2 }));
      expect(second).toEqual({ items: adminsSorted.slice(2), nextCursor: null });
      expect((await read((r) => r.users.list(a.id, { role: 'owner' }, { limit: 10 }))).items).toEqual([owner]);
      expect((await read((r) => r.users.list(a.id, { role: 'supervisor' }, { limit: 10 }))).items).toEqual([]);

      const counts = await read(async (r) => ({
        owner: await r.users.countByRole(a.id, 'owner'),
        admin: await r.users.countByRole(a.id, 'admin'),
        supervisor: await r.users.countByRole(a.id, 'supervisor'),
        agent: await r.users.countByRole(a.id, 'agent'),
      }));
      expect(counts).toEqual({ owner: 1, admin: 3, supervisor: 0, agent: 1 });
    });

    it('increments the failed-login count, answering the new count, without bumping version', async () => {
      const a = await newAccount();
      const u = await newUser(a.id, { failedLoginCount: 2 });
      await expect(tx((r) => r.users.incrementFailedLogins(a.id, u.id))).resolves.toBe(3);
      await expect(tx((r) => r.users.incrementFailedLogins(a.id, u.id))).resolves.toBe(4);
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...u, failedLoginCount: 4 });
    });

    it('records login state without bumping version, keeping lastLoginAt when it is not given', async () => {
      const a = await newAccount();
      const u = await newUser(a.id, { failedLoginCount: 1, lastLoginAt: '2030-05-05T05:05:05.005Z', version: 4 });
      const lockedUntil = '2030-06-06T06:06:06.006Z';
      await tx((r) => r.users.setLoginState(a.id, u.id, { failedLoginCount: 5, lockedUntil }));
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...u, failedLoginCount: 5, lockedUntil });

      const lastLoginAt = '2030-07-07T07:07:07.007Z';
      await tx((r) => r.users.setLoginState(a.id, u.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt }));
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...u, failedLoginCount: 0, lockedUntil: null, lastLoginAt });
      // A later compare-and-set still works against the unchanged version.
      await expect(tx((r) => r.users.update({ ...u, failedLoginCount: 0, lockedUntil: null, lastLoginAt }, 4))).resolves.toBe(true);
    });

    it('keeps login state through an update, so an edit never undoes a lockout', async () => {
      const a = await newAccount();
      const u = await newUser(a.id, { failedLoginCount: 0, lockedUntil: null, version: 2 });
      const lockedUntil = '2031-01-01T00:00:00.000Z';
      await tx((r) => r.users.setLoginState(a.id, u.id, { failedLoginCount: 5, lockedUntil, lastLoginAt: '2030-12-31T00:00:00.000Z' }));
      // An update built from a read taken before the lockout.
      await expect(tx((r) => r.users.update({ ...u, name: 'Renamed' }, 2))).resolves.toBe(true);
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({
        ...u,
        name: 'Renamed',
        failedLoginCount: 5,
        lockedUntil,
        lastLoginAt: '2030-12-31T00:00:00.000Z',
        version: 3,
      });
    });
  });
}
