import { describe, expect, it } from 'vitest';
import type { AuditEntry, Storage } from '@parley/core';
import { buildAccount, buildAuditEntry, buildSession, buildUser, buildWidget, instant, newId, uniqueEmail } from './fixtures.js';
import { range, byId, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of all-or-nothing transactions across every repository.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineTransactionTests(storage: () => Storage): void {
  const { tx, read, rolledBack, newAccount, newUser, newWidget, appendEntries, headOf, seqs } = storageHelpers(storage);

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
      const entries = await appendEntries(
        a.id,
        range(4).map((i) => ({ createdAt: instant(i * 1000, base) })),
      );
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
}
