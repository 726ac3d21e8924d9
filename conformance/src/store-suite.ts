import { describe, expect, it } from 'vitest';
import type { Account, Storage } from '@parley/core';
import { buildAccount, buildUser } from './fixtures.js';
import { pause, Rollback, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of the store itself: name, ping, transaction results and isolation of read() from open transactions.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineStoreTests(storage: () => Storage): void {
  const { tx, read } = storageHelpers(storage);

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
}
