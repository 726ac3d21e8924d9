import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type Account, type AuditHead, type Storage } from '@parley/core';
import { buildAccount, instant, newId } from './fixtures.js';
import { storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of the account repository: sign-up lock, round-trips, compare-and-set, listing.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineAccountTests(storage: () => Storage): void {
  const { tx, read, newAccount, headOf } = storageHelpers(storage);

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
        settings: { timezone: 'Europe/Berlin', auditRetentionDays: 90, chatRetentionDays: 365 },
      });
      const a2 = buildAccount({
        plan: 'free',
        settings: { timezone: 'UTC', auditRetentionDays: null, chatRetentionDays: null },
        version: 7,
      });
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
        settings: { timezone: 'America/New_York', auditRetentionDays: 30, chatRetentionDays: 30 },
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
      const a = buildAccount({ settings: { timezone: 'UTC', auditRetentionDays: 10, chatRetentionDays: null } });
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
}
