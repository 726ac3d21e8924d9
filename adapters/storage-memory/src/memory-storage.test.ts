import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conformanceFixtures as F, describeStorageConformance } from '@parley/conformance';
import { StorageConflictError, type User } from '@parley/core';
import { createMemoryStorage, MemoryStorage } from './memory-storage.js';

describeStorageConformance('memory', { create: async () => createMemoryStorage() });

describe('MemoryStorage', () => {
  it('describes itself as memory, not durable', () => {
    expect(createMemoryStorage()).toBeInstanceOf(MemoryStorage);
    expect(createMemoryStorage().capabilities).toEqual({ name: 'memory', durable: false });
  });

  it('throws instead of deadlocking when transaction() or read() is called inside a transaction', async () => {
    const storage = createMemoryStorage();
    await expect(storage.transaction(() => storage.transaction(async () => 1))).rejects.toThrow(/inside another transaction/);
    await expect(storage.transaction(() => storage.read(async () => 1))).rejects.toThrow(/inside another transaction/);
    await expect(storage.read(() => storage.read(async () => 1))).rejects.toThrow(/inside another transaction/);
    // The store is still usable afterwards.
    await expect(storage.transaction(async () => 'ok')).resolves.toBe('ok');
  });

  it('does not mistake a transaction started after another one finished for a nested one', async () => {
    const storage = createMemoryStorage();
    let later: Promise<unknown> | undefined;
    await storage.transaction(async () => {
      // Started from inside, but only runs once the outer transaction has ended.
      later = new Promise((resolve) => setTimeout(resolve, 5)).then(() => storage.transaction(async () => 'later'));
    });
    await expect(later).resolves.toBe('later');
  });

  it('refuses writes inside read() and keeps none of them', async () => {
    const storage = createMemoryStorage();
    const account = F.account();
    await expect(storage.read((r) => r.accounts.insert(account))).rejects.toThrow(/inside storage.transaction/);
    await expect(storage.read((r) => r.accounts.get(account.id))).resolves.toBeNull();
  });

  it('refuses repositories used after their transaction ended', async () => {
    const storage = createMemoryStorage();
    const leaked = await storage.transaction(async (tx) => tx);
    await expect(leaked.accounts.get(F.newId())).rejects.toThrow(/after their transaction/);
    await expect(leaked.accounts.insert(F.account())).rejects.toThrow(/after their transaction/);
  });

  it('rejects every call once closed', async () => {
    const storage = createMemoryStorage();
    await storage.ping();
    await storage.close();
    await expect(storage.ping()).rejects.toThrow(/closed/);
    await expect(storage.transaction(async () => 1)).rejects.toThrow(/closed/);
    await expect(storage.read(async () => 1)).rejects.toThrow(/closed/);
  });

  it('rejects a second row with the same primary key with StorageConflictError', async () => {
    const storage = createMemoryStorage();
    const account = await F.seedAccount(storage);
    const user = await F.seedUser(storage, account.id);
    const widget = await F.seedWidget(storage, account.id);
    const session = F.session(user);
    await storage.transaction((tx) => tx.sessions.insert(session));
    const [entry] = await F.seedAudit(storage, account.id, [{}]);
    const head = (await storage.read((r) => r.audit.head(account.id)))!;
    const attempts: [string, Promise<unknown>][] = [
      ['accounts.id', storage.transaction((tx) => tx.accounts.insert(F.account({ id: account.id })))],
      ['users.id', storage.transaction((tx) => tx.users.insert(F.user(account.id, { id: user.id })))],
      ['widgets.id', storage.transaction((tx) => tx.widgets.insert(F.widget(account.id, { id: widget.id })))],
      ['sessions.tokenHash', storage.transaction((tx) => tx.sessions.insert(F.session(user, { tokenHash: session.tokenHash })))],
      ['audit.id', storage.transaction((tx) => tx.audit.append(F.auditEntry(head, { id: entry!.id })))],
    ];
    for (const [constraint, attempt] of attempts) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe(constraint);
    }
    expect(await storage.read((r) => r.accounts.get(account.id))).toEqual(account);
    expect(await storage.read((r) => r.audit.head(account.id))).toEqual(head);
  });

  it('answers 0 and writes nothing when incrementing failed logins of an unknown user', async () => {
    const storage = createMemoryStorage();
    const account = await F.seedAccount(storage);
    await expect(storage.transaction((tx) => tx.users.incrementFailedLogins(account.id, F.newId()))).resolves.toBe(0);
  });

  it('stays fast with tens of thousands of audit entries: rollbacks cost what they wrote, not the store size', async () => {
    const storage = createMemoryStorage();
    const account = await F.seedAccount(storage);
    const base = Date.UTC(2030, 0, 1);
    for (let batch = 0; batch < 20; batch++)
      await F.seedAudit(
        storage,
        account.id,
        Array.from({ length: 1000 }, (_, i) => ({ createdAt: F.instant((batch * 1000 + i) * 1000, base) })),
      );
    const head = (await storage.read((r) => r.audit.head(account.id)))!;
    expect(head.seq).toBe(20_000);

    const started = performance.now();
    for (let i = 0; i < 300; i++) {
      await storage
        .transaction(async (tx) => {
          await tx.audit.append(F.auditEntry((await tx.audit.lockHead(account.id))!));
          throw new Error('roll back');
        })
        .catch(() => undefined);
    }
    // Copying the whole store per transaction would take seconds here; an undo log takes milliseconds.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await storage.read((r) => r.audit.head(account.id))).toEqual(head);

    const page = await storage.read((r) => r.audit.list(account.id, {}, 10_001, 3));
    expect(page.map((e) => e.seq)).toEqual([10_000, 9_999, 9_998]);
    await expect(storage.transaction((tx) => tx.audit.purgeBefore(account.id, F.instant(5_000_000, base)))).resolves.toBe(5000);
    const scanned = await storage.read((r) => r.audit.scan(account.id, 0, 2));
    expect(scanned.map((e) => e.seq)).toEqual([5001, 5002]);
    expect(await storage.read((r) => r.audit.head(account.id))).toMatchObject({ seq: 20_000, anchorSeq: 5000 });
  });

  describe('against a reference model (property-based)', () => {
    type Op =
      | { kind: 'insert'; email: number }
      | { kind: 'update'; user: number; email: number; name: string }
      | { kind: 'delete'; user: number }
      | { kind: 'increment'; user: number };
    const emails = Array.from({ length: 4 }, (_, i) => `pool-${i}@example.test`);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), email: fc.nat(3) }),
      fc.record({ kind: fc.constant('update' as const), user: fc.nat(7), email: fc.nat(3), name: fc.string({ maxLength: 5 }) }),
      fc.record({ kind: fc.constant('delete' as const), user: fc.nat(7) }),
      fc.record({ kind: fc.constant('increment' as const), user: fc.nat(7) }),
    );
    const txn = fc.record({ ops: fc.array(op, { maxLength: 6 }), fail: fc.boolean() });

    it('commits exactly the transactions that did not throw, indexes included', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(txn, { maxLength: 12 }), async (txns) => {
          const storage = createMemoryStorage();
          const account = await F.seedAccount(storage);
          const ids = Array.from({ length: 8 }, () => F.newId());
          let model = new Map<string, User>();
          let nextId = 0;

          for (const t of txns) {
            const draft = new Map(model);
            try {
              await storage.transaction(async (tx) => {
                for (const o of t.ops) {
                  if (o.kind === 'insert') {
                    if (nextId >= ids.length) continue;
                    const user = F.user(account.id, { id: ids[nextId++]!, email: emails[o.email]! });
                    const taken = [...draft.values()].some((u) => u.email === user.email);
                    await tx.users.insert(user); // throws on a taken email, rolling everything back
                    expect(taken).toBe(false);
                    draft.set(user.id, user);
                  } else {
                    const id = ids[o.user]!;
                    const cur = draft.get(id);
                    if (o.kind === 'update') {
                      if (!cur) continue;
                      const next = { ...cur, email: emails[o.email]!, name: o.name };
                      const taken = [...draft.values()].some((u) => u.id !== id && u.email === next.email);
                      const ok = await tx.users.update(next, cur.version);
                      expect(taken).toBe(false);
                      expect(ok).toBe(true);
                      draft.set(id, { ...next, version: cur.version + 1 });
                    } else if (o.kind === 'delete') {
                      expect(await tx.users.delete(account.id, id)).toBe(cur !== undefined);
                      draft.delete(id);
                    } else if (cur) {
                      expect(await tx.users.incrementFailedLogins(account.id, id)).toBe(cur.failedLoginCount + 1);
                      draft.set(id, { ...cur, failedLoginCount: cur.failedLoginCount + 1 });
                    }
                  }
                }
                if (t.fail) throw new Error('fail');
              });
              model = draft;
            } catch (err) {
              if (!(err instanceof StorageConflictError) && !(err instanceof Error && err.message === 'fail')) throw err;
            }
          }

          const listed = await storage.read((r) => r.users.list(account.id, {}, { limit: 100 }));
          expect(listed.items).toEqual([...model.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));
          for (const email of emails) {
            const expected = [...model.values()].find((u) => u.email === email) ?? null;
            expect(await storage.read((r) => r.users.getByEmail(account.id, email))).toEqual(expected);
          }
          for (const id of ids) expect(await storage.read((r) => r.users.get(account.id, id))).toEqual(model.get(id) ?? null);
        }),
        { numRuns: 200 },
      );
    });
  });
});
