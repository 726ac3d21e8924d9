import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  StorageConflictError,
  type Account,
  type AuditEntry,
  type AuditFilter,
  type AuditHead,
  type Id,
  type Repositories,
  type Storage,
  type User,
  type Widget,
} from '@parley/core';
import {
  buildAccount,
  buildAuditEntry,
  buildSession,
  buildUser,
  buildWidget,
  instant,
  newId,
  randomHash,
  seedAccount,
  seedAudit,
  seedUser,
  seedWidget,
  uniqueEmail,
} from './fixtures.js';
import { defineChatReportTests } from './chat-report-suite.js';
import { defineChatSearchTests } from './chat-search-suite.js';
import { defineChatTests } from './chat-suite.js';
import { defineIntegrationTests } from './integration-suite.js';
import { defineMonitorTests } from './monitor-suite.js';
import { defineApiTokenTests } from './api-token-suite.js';
import { defineConsoleTests } from './console-suite.js';
import { defineSecurityTests } from './security-suite.js';

/** How the suite gets a fresh store for an adapter, and gets rid of it. */
export interface StorageFactory {
  /** A ready-to-use store (schema created). Called once, in `beforeAll`. */
  create(): Promise<Storage>;
  /**
   * Closes the store and removes what the run left behind (a temp file, a database). Called once, in
   * `afterAll`; when absent the suite calls `storage.close()` instead.
   */
  destroy?(storage: Storage): Promise<void>;
  /**
   * A reason to skip the whole suite (say, no database server to test against). The suite is then
   * reported as skipped and a warning naming the reason is printed, so the gap is not silent.
   */
  skip?: string | false;
}

/**
 * Registers the storage conformance suite for one adapter: every guarantee of the `Storage` port,
 * checked by writing through the port and reading back through a separate `storage.read`.
 *
 * The tests are independent of each other and of their order: each creates its own accounts, users
 * and widgets with random ids, and asserts containment rather than totals where other data may exist.
 * Call it at the top level of a vitest test file:
 *
 * ```ts
 * describeStorageConformance('memory', { create: async () => createMemoryStorage() });
 * ```
 */
export function describeStorageConformance(name: string, factory: StorageFactory): void {
  const title = `storage conformance: ${name}`;
  if (typeof factory.skip === 'string') {
    console.warn(
      `\n${'!'.repeat(80)}\n!!! SKIPPED: ${title}\n!!! Reason: ${factory.skip}\n!!! This adapter's guarantees are NOT being checked.\n${'!'.repeat(80)}\n`,
    );
    describe.skip(title, () => defineTests(() => notCreated(name)));
    return;
  }
  describe(title, () => {
    let storage: Storage | undefined;
    beforeAll(async () => {
      storage = await factory.create();
    });
    afterAll(async () => {
      if (!storage) return;
      const s = storage;
      storage = undefined;
      if (factory.destroy) await factory.destroy(s);
      else await s.close();
    });
    defineTests(() => storage ?? notCreated(name));
  });
}

const notCreated = (name: string): never => {
  throw new Error(`storage conformance: the ${name} storage was not created`);
};

/** Lets other promises run, so that concurrent transactions get a chance to interleave. */
const pause = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const byId = (a: { id: Id }, b: { id: Id }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An error that a test throws to make its transaction roll back. */
class Rollback extends Error {
  constructor() {
    super('deliberate rollback');
    this.name = 'Rollback';
  }
}

function defineTests(storage: () => Storage): void {
  defineChatTests(storage);
  defineChatSearchTests(storage);
  defineChatReportTests(storage);
  defineIntegrationTests(storage);
  defineMonitorTests(storage);
  defineApiTokenTests(storage);
  defineConsoleTests(storage);
  defineSecurityTests(storage);
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  /** Runs `fn` in a transaction, then throws so that it rolls back; asserts that the throw came through. */
  const rolledBack = async (fn: (r: Repositories) => Promise<void>): Promise<void> => {
    await expect(
      tx(async (r) => {
        await fn(r);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
  };
  const newAccount = (o: Partial<Account> = {}) => seedAccount(storage(), o);
  const newUser = (accountId: Id, o: Partial<User> = {}) => seedUser(storage(), accountId, o);
  const newWidget = (accountId: Id, o: Partial<Widget> = {}) => seedWidget(storage(), accountId, o);
  const appendEntries = (accountId: Id, o: readonly Partial<AuditEntry>[]) => seedAudit(storage(), accountId, o);
  const headOf = (accountId: Id) => read((r) => r.audit.head(accountId));
  const seqs = (entries: readonly AuditEntry[]) => entries.map((e) => e.seq);

  describe('the store', () => {
    it('reports a name and whether it is durable', () => {
      const { name, durable } = storage().capabilities;
      expect(typeof name).toBe('string');
      expect(name.length).toBeGreaterThan(0);
      expect(typeof durable).toBe('boolean');
    });

    it('answers ping', async () => {
      await expect(storage().ping()).resolves.toBeUndefined();
    });

    it('returns what the transaction function returns', async () => {
      await expect(tx(async () => ({ answer: 42 }))).resolves.toEqual({ answer: 42 });
      await expect(read(async () => 'read result')).resolves.toBe('read result');
    });

    it('rethrows the very error the transaction function threw', async () => {
      const err = new Error('boom');
      await expect(
        tx(async () => {
          throw err;
        }),
      ).rejects.toBe(err);
    });

    it('lets a transaction see its own writes before it commits', async () => {
      const account = buildAccount();
      const user = buildUser(account.id);
      const seen = await tx(async (r) => {
        await r.accounts.insert(account);
        await r.users.insert(user);
        return { account: await r.accounts.get(account.id), user: await r.users.getByEmail(account.id, user.email) };
      });
      expect(seen).toEqual({ account, user });
    });

    it('never lets read() see the writes of a transaction that has not committed', async () => {
      const account = buildAccount();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const writer = tx(async (r) => {
        await r.accounts.insert(account);
        entered();
        await gate;
        throw new Rollback();
      });
      await inside;
      // The reader may wait for the writer or read around it; either way it must not see the insert.
      const reader = read((r) => r.accounts.get(account.id));
      await pause(50);
      release();
      await expect(writer).rejects.toBeInstanceOf(Rollback);
      await expect(reader).resolves.toBeNull();
    });

    it('lets read() see a transaction only once it has committed', async () => {
      const account = buildAccount();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const writer = tx(async (r) => {
        await r.accounts.insert(account);
        entered();
        await gate;
      });
      await inside;
      let released = false;
      let seenBeforeCommit: Account | null | undefined;
      const reader = read((r) => r.accounts.get(account.id)).then((found) => {
        if (!released) seenBeforeCommit = found;
        return found;
      });
      await pause(50);
      released = true;
      release();
      await writer;
      await reader;
      if (seenBeforeCommit !== undefined) expect(seenBeforeCommit).toBeNull();
      await expect(read((r) => r.accounts.get(account.id))).resolves.toEqual(account);
    });
  });

  describe('accounts', () => {
    it('serialises sign-ups behind the sign-up lock: of many that each saw the same count, exactly one inserts', async () => {
      const before = await read((r) => r.accounts.count());
      const inserted = await Promise.all(
        Array.from({ length: 12 }, () =>
          tx(async (r) => {
            await r.accounts.lockSignups();
            if ((await r.accounts.count()) !== before) return false;
            await new Promise((resolve) => setTimeout(resolve, 20)); // widen the race a missing lock would lose
            await r.accounts.insert(buildAccount());
            return true;
          }),
        ),
      );
      expect(inserted.filter(Boolean)).toHaveLength(1);
      expect(await read((r) => r.accounts.count())).toBe(before + 1);
    });

    it('round-trips an account with nested settings and unicode text', async () => {
      const a1 = buildAccount({
        name: 'Ünïcödé — 日本語 😀 "quotes" \\ back',
        plan: 'enterprise',
        settings: { timezone: 'Europe/Berlin', auditRetentionDays: 90 },
      });
      const a2 = buildAccount({ plan: 'free', settings: { timezone: 'UTC', auditRetentionDays: null }, version: 7 });
      await tx(async (r) => {
        await r.accounts.insert(a1);
        await r.accounts.insert(a2);
      });
      expect(await read((r) => r.accounts.get(a1.id))).toEqual(a1);
      expect(await read((r) => r.accounts.get(a2.id))).toEqual(a2);
    });

    it('answers null for an unknown account id', async () => {
      await expect(read((r) => r.accounts.get(newId()))).resolves.toBeNull();
    });

    it('starts the audit chain of a new account at seq 0 with the genesis hash', async () => {
      const a = await newAccount();
      const expected: AuditHead = { accountId: a.id, seq: 0, hash: GENESIS_HASH, anchorSeq: 0, anchorHash: GENESIS_HASH };
      expect(await headOf(a.id)).toEqual(expected);
      expect(await tx((r) => r.audit.lockHead(a.id))).toEqual(expected);
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const a = await newAccount({ version: 3 });
      const changed: Account = {
        ...a,
        name: 'Renamed',
        plan: 'premier',
        settings: { timezone: 'America/New_York', auditRetentionDays: 30 },
        updatedAt: instant(1000),
        version: 999, // ignored: the stored version comes from expectedVersion
      };
      await expect(tx((r) => r.accounts.update(changed, 3))).resolves.toBe(true);
      expect(await read((r) => r.accounts.get(a.id))).toEqual({ ...changed, version: 4 });
    });

    it('refuses a compare-and-set update with a stale version and changes nothing', async () => {
      const a = await newAccount({ version: 3 });
      await expect(tx((r) => r.accounts.update({ ...a, name: 'Stale' }, 2))).resolves.toBe(false);
      await expect(tx((r) => r.accounts.update({ ...a, name: 'Ahead' }, 4))).resolves.toBe(false);
      expect(await read((r) => r.accounts.get(a.id))).toEqual(a);
    });

    it('answers false when updating an account that does not exist', async () => {
      const ghost = buildAccount();
      await expect(tx((r) => r.accounts.update(ghost, ghost.version))).resolves.toBe(false);
      await expect(read((r) => r.accounts.get(ghost.id))).resolves.toBeNull();
    });

    it('counts and lists the ids of inserted accounts', async () => {
      const a1 = buildAccount();
      const a2 = buildAccount();
      const { before, after, ids } = await tx(async (r) => {
        const before = await r.accounts.count();
        await r.accounts.insert(a1);
        await r.accounts.insert(a2);
        return { before, after: await r.accounts.count(), ids: await r.accounts.listIds() };
      });
      expect(after).toBe(before + 2);
      expect(ids).toEqual(expect.arrayContaining([a1.id, a2.id]));
      const committed = await read(async (r) => ({ count: await r.accounts.count(), ids: await r.accounts.listIds() }));
      expect(committed.ids).toEqual(expect.arrayContaining([a1.id, a2.id]));
      expect(committed.count).toBeGreaterThanOrEqual(2);
      expect(new Set(committed.ids).size).toBe(committed.ids.length);
    });

    it('keeps stored data safe from changes to the objects passed in or handed out', async () => {
      const a = buildAccount({ settings: { timezone: 'UTC', auditRetentionDays: 10 } });
      const original = structuredClone(a);
      await tx((r) => r.accounts.insert(a));
      Object.assign(a, { name: 'mutated after insert' });
      Object.assign(a.settings, { timezone: 'mutated/after-insert' });
      const got = await read((r) => r.accounts.get(original.id));
      Object.assign(got!, { name: 'mutated after get' });
      Object.assign(got!.settings, { auditRetentionDays: 1 });
      expect(await read((r) => r.accounts.get(original.id))).toEqual(original);
    });
  });

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
      expect(await read((r) => r.users.maxConcurrentChats(a.id, [own.id, widgetDefault.id, elsewhere.id, newId(), own.id]))).toEqual({ [own.id]: 5 });
      expect(await read((r) => r.users.maxConcurrentChats(a.id, []))).toEqual({});
      expect(await tx((r) => r.users.update({ ...own, maxConcurrentChats: null }, own.version))).toBe(true);
      expect(await read((r) => r.users.maxConcurrentChats(a.id, [own.id]))).toEqual({});
      expect((await read((r) => r.users.get(a.id, own.id)))!.maxConcurrentChats).toBeNull();
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

  describe('sessions', () => {
    it('round-trips sessions, with and without client details', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const s1 = buildSession(u);
      const s2 = buildSession(u, { ip: null, userAgent: null });
      await tx(async (r) => {
        await r.sessions.insert(s1);
        await r.sessions.insert(s2);
      });
      expect(await read((r) => r.sessions.get(s1.tokenHash))).toEqual(s1);
      expect(await read((r) => r.sessions.get(s2.tokenHash))).toEqual(s2);
    });

    it('answers null for an unknown token hash', async () => {
      await expect(read((r) => r.sessions.get(randomHash()))).resolves.toBeNull();
    });

    it('deletes one session, and ignores an unknown one', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const gone = buildSession(u);
      const kept = buildSession(u);
      await tx(async (r) => {
        await r.sessions.insert(gone);
        await r.sessions.insert(kept);
      });
      await tx((r) => r.sessions.delete(gone.tokenHash));
      await tx((r) => r.sessions.delete(randomHash()));
      await expect(read((r) => r.sessions.get(gone.tokenHash))).resolves.toBeNull();
      expect(await read((r) => r.sessions.get(kept.tokenHash))).toEqual(kept);
    });

    it('deletes all sessions of one user and answers how many', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const other = await newUser(a.id);
      const mine = range(3).map(() => buildSession(u));
      const theirs = buildSession(other);
      await tx(async (r) => {
        for (const s of [...mine, theirs]) await r.sessions.insert(s);
      });
      await expect(tx((r) => r.sessions.deleteByUser(u.id))).resolves.toBe(3);
      for (const s of mine) await expect(read((r) => r.sessions.get(s.tokenHash))).resolves.toBeNull();
      expect(await read((r) => r.sessions.get(theirs.tokenHash))).toEqual(theirs);
      await expect(tx((r) => r.sessions.deleteByUser(u.id))).resolves.toBe(0);
    });

    it('deletes sessions that expire at or before now, and no others', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      // A random moment in the 1990s, so no other test's sessions expire near it.
      const now = instant(0, Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 3e11));
      await tx((r) => r.sessions.deleteExpired(instant(-10_000, now))); // clear leftovers of an aborted earlier run
      const longGone = buildSession(u, { createdAt: instant(-86_400_000, now), expiresAt: instant(-1000, now) });
      const expiresNow = buildSession(u, { createdAt: instant(-86_400_000, now), expiresAt: now });
      const stillValid = buildSession(u, { createdAt: instant(-86_400_000, now), expiresAt: instant(1, now) });
      await tx(async (r) => {
        for (const s of [longGone, expiresNow, stillValid]) await r.sessions.insert(s);
      });
      await expect(tx((r) => r.sessions.deleteExpired(now))).resolves.toBe(2);
      await expect(read((r) => r.sessions.get(longGone.tokenHash))).resolves.toBeNull();
      await expect(read((r) => r.sessions.get(expiresNow.tokenHash))).resolves.toBeNull();
      expect(await read((r) => r.sessions.get(stillValid.tokenHash))).toEqual(stillValid);
      await tx((r) => r.sessions.deleteByUser(u.id));
    });
  });

  describe('widgets', () => {
    it('round-trips widgets with nested settings and agent lists', async () => {
      const a = await newAccount();
      const agents = [newId(), newId(), newId()].sort();
      const w1 = buildWidget(a.id, {
        name: 'Support — 日本 😀',
        agentIds: agents,
        settings: {
          maxConcurrentChats: 7,
          maxQueueSize: 0,
          businessHours: {
            timezone: 'Europe/Berlin',
            days: { mon: [{ from: '09:00', to: '12:30' }, { from: '13:30', to: '24:00' }], sat: [{ from: '10:00', to: '14:00' }] },
            holidays: ['2026-12-25', '2026-12-26'],
          },
          offlineForm: { enabled: false, alwaysOffline: true },
          preChat: { askName: 'required', askEmail: 'off' },
          greeting: 'Hallo! "Wie" können wir \\ helfen?\n',
          language: 'de-DE',
          appearance: { color: '#0f766e', position: 'left', launcherText: 'Fragen? Schreiben Sie uns' },
          allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'],
          requireLabelToClose: true,
          notifyEmails: ['team@example.com', 'sales@example.com'],
          transcriptToTeam: true,
          proactiveRules: [
            { id: 'pricing', message: 'Fragen zum Preis? "Wir" helfen \\ gern.\n✓', delaySeconds: 30, minPagesViewed: 2, urlPattern: 'https://shop.example.com/preise*', referrerPattern: null, onlyWhenAgentsOnline: false },
          ],
        },
        version: 9,
      });
      const w2 = buildWidget(a.id, { agentIds: [] });
      await tx(async (r) => {
        await r.widgets.insert(w1);
        await r.widgets.insert(w2);
      });
      expect(await read((r) => r.widgets.get(a.id, w1.id))).toEqual(w1);
      expect(await read((r) => r.widgets.get(a.id, w2.id))).toEqual(w2);
    });

    it('answers null for an unknown widget and hides widgets from other accounts', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const w = await newWidget(a.id);
      await expect(read((r) => r.widgets.get(a.id, newId()))).resolves.toBeNull();
      await expect(read((r) => r.widgets.get(b.id, w.id))).resolves.toBeNull();
      await expect(tx((r) => r.widgets.delete(b.id, w.id))).resolves.toBe(false);
      await expect(tx((r) => r.widgets.update({ ...w, accountId: b.id, name: 'Hijacked' }, w.version))).resolves.toBe(false);
      expect((await read((r) => r.widgets.list(b.id, { limit: 100 }))).items).toEqual([]);
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual(w);
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const a = await newAccount();
      const w = await newWidget(a.id, { agentIds: [newId(), newId()].sort() });
      const changed: Widget = {
        ...w,
        name: 'Renamed',
        agentIds: [],
        settings: { ...w.settings, offlineForm: { enabled: false, alwaysOffline: true }, maxConcurrentChats: 1 },
        updatedAt: instant(60_000),
      };
      await expect(tx((r) => r.widgets.update(changed, w.version))).resolves.toBe(true);
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual({ ...changed, version: w.version + 1 });
      await expect(tx((r) => r.widgets.update({ ...changed, name: 'Stale' }, w.version))).resolves.toBe(false);
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual({ ...changed, version: w.version + 1 });
      await expect(tx((r) => r.widgets.update(buildWidget(a.id), 1))).resolves.toBe(false);
    });

    it('deletes a widget once, answering true and then false', async () => {
      const a = await newAccount();
      const w = await newWidget(a.id);
      const other = await newWidget(a.id);
      await expect(tx((r) => r.widgets.delete(a.id, w.id))).resolves.toBe(true);
      await expect(read((r) => r.widgets.get(a.id, w.id))).resolves.toBeNull();
      await expect(tx((r) => r.widgets.delete(a.id, w.id))).resolves.toBe(false);
      expect(await read((r) => r.widgets.get(a.id, other.id))).toEqual(other);
    });

    it('lists an account’s widgets by id ascending, one page after another', async () => {
      const a = await newAccount();
      const b = await newAccount();
      await newWidget(b.id);
      const widgets = await Promise.all(range(5).map(() => newWidget(a.id)));
      const sorted = [...widgets].sort(byId);
      const p1 = await read((r) => r.widgets.list(a.id, { limit: 3 }));
      expect(p1).toEqual({ items: sorted.slice(0, 3), nextCursor: sorted[2]!.id });
      const p2 = await read((r) => r.widgets.list(a.id, { cursor: p1.nextCursor, limit: 3 }));
      expect(p2).toEqual({ items: sorted.slice(3), nextCursor: null });
      const exact = await read((r) => r.widgets.list(a.id, { limit: 5 }));
      expect(exact).toEqual({ items: sorted, nextCursor: null });
      const empty = await read((r) => r.widgets.list(newId(), { limit: 5 }));
      expect(empty).toEqual({ items: [], nextCursor: null });
    });

    it('lists the widgets an agent serves, within the account', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const agent = await newUser(a.id);
      const colleague = await newUser(a.id);
      const served = await Promise.all([
        newWidget(a.id, { agentIds: [agent.id, colleague.id].sort() }),
        newWidget(a.id, { agentIds: [agent.id] }),
      ]);
      await newWidget(a.id, { agentIds: [colleague.id] });
      await newWidget(a.id, { agentIds: [] });
      await newWidget(b.id, { agentIds: [agent.id] });
      const found = await read((r) => r.widgets.listByAgent(a.id, agent.id));
      expect([...found].sort(byId)).toEqual([...served].sort(byId));
      await expect(read((r) => r.widgets.listByAgent(a.id, newId()))).resolves.toEqual([]);
    });
  });

  describe('audit log', () => {
    it('round-trips entries with nested changes, nulls, missing values and redactions', async () => {
      const a = await newAccount();
      const [reverted] = await appendEntries(a.id, [{}]);
      const rich: Partial<AuditEntry> = {
        type: 'account',
        action: 'audit.reverted',
        targetType: 'account',
        targetId: a.id,
        widgetId: null,
        actor: { kind: 'user', userId: newId(), email: uniqueEmail(), ip: '2001:db8::1', userAgent: 'Agent/1.0 “quoted”' },
        changes: [
          { path: '/name', from: 'Old', to: 'Nëw 日本 😀' },
          { path: '/settings/offlineForm', from: { enabled: true, alwaysOffline: false }, to: { enabled: false, alwaysOffline: false } },
          { path: '/agentIds', from: [], to: ['a', 'b'] },
          { path: '/settings/greeting', to: 'Hello' },
          { path: '/settings/language', from: 'en' },
          { path: '/settings/auditRetentionDays', from: null, to: 30 },
          { path: '/ratio', from: 0.25, to: -1.5 },
          { path: '/flag', from: false, to: true },
          { path: '/secret', redacted: true },
        ],
        revertOf: reverted!.id,
        revertible: false,
      };
      const system: Partial<AuditEntry> = {
        type: 'monitor',
        action: 'monitor.checked',
        actor: { kind: 'system', userId: null, email: null, ip: null, userAgent: null },
        changes: [],
      };
      const [e2, e3] = await appendEntries(a.id, [rich, system]);
      expect(await read((r) => r.audit.get(a.id, e2!.id))).toEqual(e2);
      expect(await read((r) => r.audit.get(a.id, e3!.id))).toEqual(e3);
      expect(await read((r) => r.audit.scan(a.id, 0, 10))).toEqual([reverted, e2, e3]);
    });

    it('answers null for an unknown entry and hides entries from other accounts', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const [e] = await appendEntries(a.id, [{}]);
      await expect(read((r) => r.audit.get(a.id, newId()))).resolves.toBeNull();
      await expect(read((r) => r.audit.get(b.id, e!.id))).resolves.toBeNull();
      await expect(read((r) => r.audit.list(b.id, {}, null, 10))).resolves.toEqual([]);
      await expect(read((r) => r.audit.scan(b.id, 0, 10))).resolves.toEqual([]);
    });

    it('answers null for the head of an unknown account', async () => {
      const ghost = newId();
      await expect(headOf(ghost)).resolves.toBeNull();
      await expect(tx((r) => r.audit.lockHead(ghost))).resolves.toBeNull();
    });

    it('moves the head to each appended entry and leaves the anchor alone', async () => {
      const a = await newAccount();
      const [e1] = await appendEntries(a.id, [{}]);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 1, hash: e1!.hash, anchorSeq: 0, anchorHash: GENESIS_HASH });
      const [, e3] = await appendEntries(a.id, [{}, {}]);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 3, hash: e3!.hash, anchorSeq: 0, anchorHash: GENESIS_HASH });
      expect(await tx((r) => r.audit.lockHead(a.id))).toEqual(await headOf(a.id));
    });

    it('refuses an entry whose seq does not follow the head, and keeps nothing of that transaction', async () => {
      const a = await newAccount();
      const [e1] = await appendEntries(a.id, [{}]);
      const headBefore = await headOf(a.id);
      const widget = buildWidget(a.id);
      for (const seq of [1, 3, 0]) {
        const bad = buildAuditEntry(e1!, { seq });
        await expect(
          tx(async (r) => {
            await r.widgets.insert(widget);
            await r.audit.append(bad);
          }),
        ).rejects.toThrow();
        await expect(read((r) => r.audit.get(a.id, bad.id))).resolves.toBeNull();
      }
      expect(await headOf(a.id)).toEqual(headBefore);
      await expect(read((r) => r.widgets.get(a.id, widget.id))).resolves.toBeNull();
      expect(seqs(await read((r) => r.audit.scan(a.id, 0, 10)))).toEqual([1]);
    });

    it('lists newest first, up to the limit', async () => {
      const a = await newAccount();
      const entries = await appendEntries(a.id, range(5).map(() => ({})));
      expect(await read((r) => r.audit.list(a.id, {}, null, 100))).toEqual([...entries].reverse());
      expect(seqs(await read((r) => r.audit.list(a.id, {}, null, 2)))).toEqual([5, 4]);
    });

    it('lists only entries below beforeSeq (exclusive)', async () => {
      const a = await newAccount();
      await appendEntries(a.id, range(5).map(() => ({})));
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 4, 100)))).toEqual([3, 2, 1]);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 4, 2)))).toEqual([3, 2]);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 1, 100)))).toEqual([]);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 99, 100)))).toEqual([5, 4, 3, 2, 1]);
    });

    it('pages with beforeSeq without skipping or repeating while new entries arrive', async () => {
      const a = await newAccount();
      await appendEntries(a.id, range(7).map(() => ({})));
      const seen: number[] = [];
      let before: number | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page: AuditEntry[] = await read((r) => r.audit.list(a.id, {}, before, 3));
        if (page.length === 0) break;
        seen.push(...seqs(page));
        before = page[page.length - 1]!.seq;
        await appendEntries(a.id, [{}, {}]);
      }
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    });

    describe('filters', () => {
      // Six entries a minute apart; types, widgets and actors vary so each filter picks a different set.
      const setUp = async () => {
        const a = await newAccount();
        const [w1, w2, u1, u2] = [newId(), newId(), newId(), newId()];
        const base = Date.UTC(2031, 4, 1, 10, 0, 0, 0) + Math.floor(Math.random() * 1000) * 86_400_000;
        const at = (minute: number) => instant(minute * 60_000, base);
        const actor = (userId: Id | null) =>
          userId === null
            ? { kind: 'system' as const, userId: null, email: null, ip: null, userAgent: null }
            : { kind: 'user' as const, userId, email: uniqueEmail(), ip: null, userAgent: null };
        await appendEntries(a.id, [
          { type: 'widget', widgetId: w1, actor: actor(u1), createdAt: at(1) },
          { type: 'account', widgetId: null, actor: actor(u2), createdAt: at(2) },
          { type: 'widget', widgetId: w2, actor: actor(u1), createdAt: at(3) },
          { type: 'security', widgetId: null, actor: actor(null), createdAt: at(4) },
          { type: 'widget', widgetId: w1, actor: actor(u2), createdAt: at(5) },
          { type: 'permissions', widgetId: w1, actor: actor(u1), createdAt: at(6) },
        ]);
        const list = async (filter: AuditFilter, beforeSeq: number | null = null, limit = 100) =>
          seqs(await read((r) => r.audit.list(a.id, filter, beforeSeq, limit)));
        return { w1, w2, u1, u2, at, list };
      };

      it('applies no condition for an empty filter', async () => {
        const { list } = await setUp();
        expect(await list({})).toEqual([6, 5, 4, 3, 2, 1]);
      });

      it('keeps entries of any of the given types', async () => {
        const { list } = await setUp();
        expect(await list({ types: ['widget'] })).toEqual([5, 3, 1]);
        expect(await list({ types: ['account', 'security'] })).toEqual([4, 2]);
        expect(await list({ types: ['integration'] })).toEqual([]);
      });

      it('keeps entries of one widget', async () => {
        const { list, w1, w2 } = await setUp();
        expect(await list({ widgetId: w1 })).toEqual([6, 5, 1]);
        expect(await list({ widgetId: w2 })).toEqual([3]);
        expect(await list({ widgetId: newId() })).toEqual([]);
      });

      it('keeps entries by one actor user', async () => {
        const { list, u1, u2 } = await setUp();
        expect(await list({ actorId: u1 })).toEqual([6, 3, 1]);
        expect(await list({ actorId: u2 })).toEqual([5, 2]);
      });

      it('treats from and to as inclusive bounds on createdAt', async () => {
        const { list, at } = await setUp();
        expect(await list({ from: at(3) })).toEqual([6, 5, 4, 3]);
        expect(await list({ to: at(3) })).toEqual([3, 2, 1]);
        expect(await list({ from: at(2), to: at(5) })).toEqual([5, 4, 3, 2]);
        expect(await list({ from: at(4), to: at(4) })).toEqual([4]);
        expect(await list({ from: instant(1, at(4)), to: instant(-1, at(5)) })).toEqual([]);
        expect(await list({ from: instant(-1, at(1)), to: instant(1, at(6)) })).toEqual([6, 5, 4, 3, 2, 1]);
      });

      it('requires every given condition at once', async () => {
        const { list, at, w1, u1, u2 } = await setUp();
        expect(await list({ types: ['widget'], widgetId: w1, actorId: u2 })).toEqual([5]);
        expect(await list({ types: ['widget', 'permissions'], widgetId: w1, from: at(1), to: at(5) })).toEqual([5, 1]);
        expect(await list({ actorId: u1, from: at(2) })).toEqual([6, 3]);
        expect(await list({ types: ['security'], actorId: u1 })).toEqual([]);
      });

      it('combines filters with beforeSeq and limit', async () => {
        const { list, w1, u1 } = await setUp();
        expect(await list({ actorId: u1 }, 6)).toEqual([3, 1]);
        expect(await list({ types: ['widget'] }, null, 2)).toEqual([5, 3]);
        expect(await list({ widgetId: w1 }, 6, 1)).toEqual([5]);
      });
    });

    it('scans oldest first after a seq, up to the limit', async () => {
      const a = await newAccount();
      const entries = await appendEntries(a.id, range(6).map(() => ({})));
      expect(await read((r) => r.audit.scan(a.id, 0, 100))).toEqual(entries);
      expect(seqs(await read((r) => r.audit.scan(a.id, 2, 3)))).toEqual([3, 4, 5]);
      expect(seqs(await read((r) => r.audit.scan(a.id, 5, 100)))).toEqual([6]);
      expect(seqs(await read((r) => r.audit.scan(a.id, 6, 100)))).toEqual([]);
    });

    it('purges only entries created before the cutoff and anchors the chain at the last one purged', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const base = Date.UTC(2032, 0, 1) + Math.floor(Math.random() * 1000) * 86_400_000;
      const at = (minute: number) => instant(minute * 60_000, base);
      const entries = await appendEntries(a.id, range(6).map((i) => ({ createdAt: at(i + 1) })));
      const others = await appendEntries(b.id, range(3).map((i) => ({ createdAt: at(i) })));
      const [e1, , e3, e4, , e6] = entries;

      await expect(tx((r) => r.audit.purgeBefore(a.id, at(4)))).resolves.toBe(3);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 6, hash: e6!.hash, anchorSeq: 3, anchorHash: e3!.hash });
      expect(await read((r) => r.audit.scan(a.id, 0, 100))).toEqual(entries.slice(3));
      expect(seqs(await read((r) => r.audit.list(a.id, {}, null, 100)))).toEqual([6, 5, 4]);
      await expect(read((r) => r.audit.get(a.id, e1!.id))).resolves.toBeNull();
      expect(await read((r) => r.audit.get(a.id, e4!.id))).toEqual(e4);
      expect(await read((r) => r.audit.scan(b.id, 0, 100))).toEqual(others);

      // Nothing older left: nothing purged, and the anchor never moves back.
      await expect(tx((r) => r.audit.purgeBefore(a.id, at(4)))).resolves.toBe(0);
      await expect(tx((r) => r.audit.purgeBefore(a.id, at(2)))).resolves.toBe(0);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 6, hash: e6!.hash, anchorSeq: 3, anchorHash: e3!.hash });

      await expect(tx((r) => r.audit.purgeBefore(a.id, at(60)))).resolves.toBe(3);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 6, hash: e6!.hash, anchorSeq: 6, anchorHash: e6!.hash });
      await expect(read((r) => r.audit.scan(a.id, 0, 100))).resolves.toEqual([]);

      // The chain goes on from the head.
      const [e7] = await appendEntries(a.id, [{}]);
      expect(e7!.seq).toBe(7);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 7, hash: e7!.hash, anchorSeq: 6, anchorHash: e6!.hash });
      expect(await read((r) => r.audit.scan(a.id, 6, 100))).toEqual([e7]);
    });

    it('purges only the oldest run of entries, never leaving a hole when times are out of order', async () => {
      const a = await newAccount();
      const base = Date.UTC(2033, 0, 1) + Math.floor(Math.random() * 1000) * 86_400_000;
      const at = (minute: number) => instant(minute * 60_000, base);
      // seq 3 was stamped later than seq 4 (a clock step back): the purge must stop at seq 3.
      const entries = await appendEntries(a.id, [1, 2, 10, 3, 4].map((m) => ({ createdAt: at(m) })));
      await expect(tx((r) => r.audit.purgeBefore(a.id, at(5)))).resolves.toBe(2);
      expect(seqs(await read((r) => r.audit.scan(a.id, 0, 100)))).toEqual([3, 4, 5]);
      expect(await headOf(a.id)).toMatchObject({ anchorSeq: 2, anchorHash: entries[1]!.hash });
    });

    it('purges nothing from an empty chain and leaves its head at genesis', async () => {
      const a = await newAccount();
      await expect(tx((r) => r.audit.purgeBefore(a.id, instant(86_400_000)))).resolves.toBe(0);
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 0, hash: GENESIS_HASH, anchorSeq: 0, anchorHash: GENESIS_HASH });
    });
  });

  describe('transactions', () => {
    it('rolls back an account insert together with its audit head', async () => {
      const account = buildAccount();
      await rolledBack(async (r) => {
        await r.accounts.insert(account);
      });
      await expect(read((r) => r.accounts.get(account.id))).resolves.toBeNull();
      await expect(headOf(account.id)).resolves.toBeNull();
      expect(await read((r) => r.accounts.listIds())).not.toContain(account.id);
    });

    it('rolls back account updates', async () => {
      const a = await newAccount();
      await rolledBack(async (r) => {
        expect(await r.accounts.update({ ...a, name: 'Rolled back' }, a.version)).toBe(true);
      });
      expect(await read((r) => r.accounts.get(a.id))).toEqual(a);
    });

    it('rolls back user inserts, updates, deletes and login-state changes', async () => {
      const a = await newAccount();
      const updated = await newUser(a.id);
      const deleted = await newUser(a.id);
      const counted = await newUser(a.id);
      const inserted = buildUser(a.id);
      await rolledBack(async (r) => {
        await r.users.insert(inserted);
        expect(await r.users.update({ ...updated, name: 'Rolled back', email: uniqueEmail() }, updated.version)).toBe(true);
        expect(await r.users.delete(a.id, deleted.id)).toBe(true);
        expect(await r.users.incrementFailedLogins(a.id, counted.id)).toBe(1);
        await r.users.setLoginState(a.id, updated.id, { failedLoginCount: 9, lockedUntil: instant(1000), lastLoginAt: instant() });
      });
      await expect(read((r) => r.users.get(a.id, inserted.id))).resolves.toBeNull();
      await expect(read((r) => r.users.listByEmail(inserted.email, 10))).resolves.toEqual([]);
      expect(await read((r) => r.users.get(a.id, updated.id))).toEqual(updated);
      expect(await read((r) => r.users.getByEmail(a.id, updated.email))).toEqual(updated);
      expect(await read((r) => r.users.get(a.id, deleted.id))).toEqual(deleted);
      expect(await read((r) => r.users.get(a.id, counted.id))).toEqual(counted);
      expect((await read((r) => r.users.list(a.id, {}, { limit: 10 }))).items).toEqual([updated, deleted, counted].sort(byId));
      await expect(read((r) => r.users.countByRole(a.id, deleted.role))).resolves.toBe(3);
      // The rolled-back insert did not keep its email.
      await newUser(a.id, { email: inserted.email });
    });

    it('rolls back widget inserts, updates and deletes', async () => {
      const a = await newAccount();
      const updated = await newWidget(a.id);
      const deleted = await newWidget(a.id);
      const inserted = buildWidget(a.id);
      await rolledBack(async (r) => {
        await r.widgets.insert(inserted);
        expect(await r.widgets.update({ ...updated, agentIds: [newId()] }, updated.version)).toBe(true);
        expect(await r.widgets.delete(a.id, deleted.id)).toBe(true);
      });
      await expect(read((r) => r.widgets.get(a.id, inserted.id))).resolves.toBeNull();
      expect(await read((r) => r.widgets.get(a.id, updated.id))).toEqual(updated);
      expect(await read((r) => r.widgets.get(a.id, deleted.id))).toEqual(deleted);
      expect((await read((r) => r.widgets.list(a.id, { limit: 10 }))).items).toEqual([updated, deleted].sort(byId));
    });

    it('rolls back session inserts and deletes', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const kept = buildSession(u);
      const byUser = buildSession(u);
      await tx(async (r) => {
        await r.sessions.insert(kept);
        await r.sessions.insert(byUser);
      });
      const inserted = buildSession(u);
      await rolledBack(async (r) => {
        await r.sessions.insert(inserted);
        await r.sessions.delete(kept.tokenHash);
        expect(await r.sessions.deleteByUser(u.id)).toBe(2);
      });
      await expect(read((r) => r.sessions.get(inserted.tokenHash))).resolves.toBeNull();
      expect(await read((r) => r.sessions.get(kept.tokenHash))).toEqual(kept);
      expect(await read((r) => r.sessions.get(byUser.tokenHash))).toEqual(byUser);
      await expect(tx((r) => r.sessions.deleteByUser(u.id))).resolves.toBe(2);
    });

    it('rolls back audit appends, leaving the head where it was', async () => {
      const a = await newAccount();
      const [e1] = await appendEntries(a.id, [{}]);
      const headBefore = await headOf(a.id);
      const drafts = range(3).map(() => newId());
      await rolledBack(async (r) => {
        let previous: Pick<AuditEntry, 'accountId' | 'seq' | 'hash'> = (await r.audit.lockHead(a.id))!;
        for (const id of drafts) {
          const entry = buildAuditEntry(previous, { id });
          await r.audit.append(entry);
          previous = entry;
        }
      });
      expect(await headOf(a.id)).toEqual(headBefore);
      expect(await read((r) => r.audit.scan(a.id, 0, 100))).toEqual([e1]);
      for (const id of drafts) await expect(read((r) => r.audit.get(a.id, id))).resolves.toBeNull();
      // The seqs the rolled-back transaction used are free again.
      const [e2] = await appendEntries(a.id, [{}]);
      expect(e2!.seq).toBe(2);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, null, 100)))).toEqual([2, 1]);
    });

    it('rolls back a purge, restoring the entries and the anchor', async () => {
      const a = await newAccount();
      const base = Date.UTC(2033, 0, 1);
      const entries = await appendEntries(a.id, range(4).map((i) => ({ createdAt: instant(i * 1000, base) })));
      const headBefore = await headOf(a.id);
      await rolledBack(async (r) => {
        expect(await r.audit.purgeBefore(a.id, instant(2500, base))).toBe(3);
      });
      expect(await headOf(a.id)).toEqual(headBefore);
      expect(await read((r) => r.audit.scan(a.id, 0, 100))).toEqual(entries);
      expect(await read((r) => r.audit.get(a.id, entries[0]!.id))).toEqual(entries[0]);
    });

    it('rolls back every write of a transaction that touches every repository', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const w = await newWidget(a.id, { agentIds: [u.id] });
      const s = buildSession(u);
      await tx((r) => r.sessions.insert(s));
      const [e1] = await appendEntries(a.id, [{}]);
      const headBefore = await headOf(a.id);
      const newAcc = buildAccount();
      const newU = buildUser(a.id);
      const newW = buildWidget(a.id);
      const newS = buildSession(u);
      let appended: AuditEntry | undefined;
      await rolledBack(async (r) => {
        await r.accounts.insert(newAcc);
        expect(await r.accounts.update({ ...a, plan: 'enterprise' }, a.version)).toBe(true);
        await r.users.insert(newU);
        expect(await r.users.update({ ...u, role: 'owner' }, u.version)).toBe(true);
        await r.widgets.insert(newW);
        expect(await r.widgets.update({ ...w, agentIds: [] }, w.version)).toBe(true);
        await r.sessions.insert(newS);
        await r.sessions.delete(s.tokenHash);
        appended = buildAuditEntry((await r.audit.lockHead(a.id))!);
        await r.audit.append(appended);
      });
      const after = await read(async (r) => ({
        newAcc: await r.accounts.get(newAcc.id),
        newAccHead: await r.audit.head(newAcc.id),
        a: await r.accounts.get(a.id),
        newU: await r.users.get(a.id, newU.id),
        u: await r.users.get(a.id, u.id),
        newW: await r.widgets.get(a.id, newW.id),
        w: await r.widgets.get(a.id, w.id),
        byAgent: await r.widgets.listByAgent(a.id, u.id),
        newS: await r.sessions.get(newS.tokenHash),
        s: await r.sessions.get(s.tokenHash),
        appended: await r.audit.get(a.id, appended!.id),
        head: await r.audit.head(a.id),
        entries: await r.audit.list(a.id, {}, null, 100),
        owners: await r.users.countByRole(a.id, 'owner'),
      }));
      expect(after).toEqual({
        newAcc: null,
        newAccHead: null,
        a,
        newU: null,
        u,
        newW: null,
        w,
        byAgent: [w],
        newS: null,
        s,
        appended: null,
        head: headBefore,
        entries: [e1],
        owners: 0,
      });
    });

    it('keeps the writes of a transaction that catches an error from its own code', async () => {
      const a = await newAccount();
      const w = buildWidget(a.id);
      await tx(async (r) => {
        await r.widgets.insert(w);
        try {
          throw new Error('handled inside');
        } catch {
          // handled; the transaction goes on and commits
        }
      });
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual(w);
    });
  });

  describe('concurrency', () => {
    it('loses no update when 25 transactions increment one widget at once, retrying on a failed compare-and-set', async () => {
      const a = await newAccount();
      const w = await newWidget(a.id, { name: 'counter:0' });
      const increment = async (): Promise<number> => {
        for (let attempt = 1; attempt <= 500; attempt++) {
          const done = await tx(async (r) => {
            const cur = await r.widgets.get(a.id, w.id);
            if (!cur) throw new Error('widget vanished');
            await pause();
            const n = Number(cur.name.split(':')[1]);
            return r.widgets.update({ ...cur, name: `counter:${n + 1}` }, cur.version);
          });
          if (done) return attempt;
        }
        throw new Error('gave up after 500 attempts');
      };
      await Promise.all(range(25).map(() => increment()));
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual({ ...w, name: 'counter:25', version: w.version + 25 });
    });

    it('lets exactly one of several writers holding the same version win the compare-and-set', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const results = await Promise.all(
        range(10).map((i) =>
          tx(async (r) => {
            await pause();
            return r.users.update({ ...u, name: `writer ${i}` }, u.version);
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...u, name: `writer ${winner}`, version: u.version + 1 });
    });

    it('gives 20 concurrent failed-login increments the distinct counts 1 to 20', async () => {
      const a = await newAccount();
      const u = await newUser(a.id);
      const counts = await Promise.all(range(20).map(() => tx((r) => r.users.incrementFailedLogins(a.id, u.id))));
      expect([...counts].sort((x, y) => x - y)).toEqual(range(20).map((i) => i + 1));
      expect(await read((r) => r.users.get(a.id, u.id))).toEqual({ ...u, failedLoginCount: 20 });
    });

    it('serialises 20 concurrent audit appends into one unbroken chain', async () => {
      const a = await newAccount();
      const appended = await Promise.all(
        range(20).map(() =>
          tx(async (r) => {
            const head = await r.audit.lockHead(a.id);
            if (!head) throw new Error('no head');
            await pause();
            const entry = buildAuditEntry(head);
            await r.audit.append(entry);
            return entry;
          }),
        ),
      );
      expect(new Set(appended.map((e) => e.seq)).size).toBe(20);
      const chain = await read((r) => r.audit.scan(a.id, 0, 100));
      expect(seqs(chain)).toEqual(range(20).map((i) => i + 1));
      let prevHash = GENESIS_HASH;
      for (const e of chain) {
        expect(e.prevHash).toBe(prevHash);
        prevHash = e.hash;
      }
      expect([...chain].sort(byId)).toEqual([...appended].sort(byId));
      expect(await headOf(a.id)).toEqual({ accountId: a.id, seq: 20, hash: prevHash, anchorSeq: 0, anchorHash: GENESIS_HASH });
    });

    it('keeps concurrent appends to different accounts in separate chains', async () => {
      const accounts = await Promise.all(range(3).map(() => newAccount()));
      await Promise.all(
        accounts.flatMap((acc) =>
          range(5).map(() =>
            tx(async (r) => {
              const head = (await r.audit.lockHead(acc.id))!;
              await pause();
              await r.audit.append(buildAuditEntry(head));
            }),
          ),
        ),
      );
      for (const acc of accounts) {
        const chain = await read((r) => r.audit.scan(acc.id, 0, 100));
        expect(seqs(chain)).toEqual([1, 2, 3, 4, 5]);
        expect(chain.every((e) => e.accountId === acc.id)).toBe(true);
        expect((await headOf(acc.id))?.seq).toBe(5);
      }
    });
  });
}
