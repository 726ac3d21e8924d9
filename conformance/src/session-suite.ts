import { describe, expect, it } from 'vitest';
import type { Storage } from '@parley/core';
import { buildSession, instant, randomHash } from './fixtures.js';
import { range, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of the session repository: round-trips and deletion by token, user and expiry.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineSessionTests(storage: () => Storage): void {
  const { tx, read, newAccount, newUser } = storageHelpers(storage);

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
}
