import { describe, expect, it } from 'vitest';
import { StorageConflictError, type Id, type MonitorLayout, type MonitorShareLink, type Repositories, type Storage } from '@parley/core';
import { instant, newId, randomHash, seedAccount } from './fixtures.js';

/** A share link of `accountId` with a fresh id and token hash, for every widget, never expiring. */
export const buildShareLink = (accountId: Id, overrides: Partial<MonitorShareLink> = {}): MonitorShareLink => ({
  id: newId(),
  accountId,
  tokenHash: randomHash(),
  label: 'Office screen ✓',
  widgetIds: null,
  createdAt: instant(),
  createdBy: newId(),
  expiresAt: null,
  revokedAt: null,
  revokedBy: null,
  ...overrides,
});

const layoutOf = (accountId: Id, userId: Id, widgetIds: Id[], overrides: Partial<MonitorLayout> = {}): MonitorLayout => ({
  accountId,
  userId,
  widgetIds,
  updatedAt: instant(),
  version: 1,
  ...overrides,
});

class Rollback extends Error {}

/**
 * The monitor repositories' guarantees (share links and layouts), registered inside the storage
 * conformance suite. Independent tests: each creates its own account.
 */
export function defineMonitorTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const newAccount = () => seedAccount(storage());

  describe('monitor share links', () => {
    it('round-trips a link, with a widget list or for every widget, by id and by token hash', async () => {
      const a = await newAccount();
      const some = buildShareLink(a.id, { widgetIds: [newId(), newId()], expiresAt: instant(3_600_000), label: 'Écran ✓' });
      const all = buildShareLink(a.id);
      await tx(async (r) => {
        await r.monitorShareLinks.insert(some);
        await r.monitorShareLinks.insert(all);
      });
      expect(await read((r) => r.monitorShareLinks.get(a.id, some.id))).toEqual(some);
      expect(await read((r) => r.monitorShareLinks.get(a.id, all.id))).toEqual(all);
      expect(await read((r) => r.monitorShareLinks.findByTokenHash(some.tokenHash))).toEqual(some);
      expect(await read((r) => r.monitorShareLinks.findByTokenHash(randomHash()))).toBeNull();
    });

    it('keeps accounts apart: another account’s link is not found by id, listed or revoked', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const link = buildShareLink(a.id);
      await tx((r) => r.monitorShareLinks.insert(link));
      expect(await read((r) => r.monitorShareLinks.get(b.id, link.id))).toBeNull();
      expect(await read((r) => r.monitorShareLinks.list(b.id, 10))).toEqual([]);
      expect(await tx((r) => r.monitorShareLinks.revoke(b.id, link.id, instant(), newId()))).toBe(false);
      expect((await read((r) => r.monitorShareLinks.get(a.id, link.id)))!.revokedAt).toBeNull();
    });

    it('refuses a second link with the same id or the same token hash', async () => {
      const a = await newAccount();
      const link = buildShareLink(a.id);
      await tx((r) => r.monitorShareLinks.insert(link));
      const sameId = tx((r) => r.monitorShareLinks.insert(buildShareLink(a.id, { id: link.id })));
      await expect(sameId).rejects.toBeInstanceOf(StorageConflictError);
      await expect(sameId).rejects.toMatchObject({ constraint: 'monitor_share_links.id' });
      const sameToken = tx((r) => r.monitorShareLinks.insert(buildShareLink(a.id, { tokenHash: link.tokenHash })));
      await expect(sameToken).rejects.toMatchObject({ constraint: 'monitor_share_links.token_hash' });
      expect(await read((r) => r.monitorShareLinks.list(a.id, 10))).toHaveLength(1);
    });

    it('lists newest first, at most `limit`', async () => {
      const a = await newAccount();
      const links = [0, 1, 2, 3].map((i) => buildShareLink(a.id, { createdAt: instant(i * 1000) }));
      await tx(async (r) => {
        for (const l of [links[2]!, links[0]!, links[3]!, links[1]!]) await r.monitorShareLinks.insert(l);
      });
      expect((await read((r) => r.monitorShareLinks.list(a.id, 10))).map((l) => l.id)).toEqual([3, 2, 1, 0].map((i) => links[i]!.id));
      expect((await read((r) => r.monitorShareLinks.list(a.id, 2))).map((l) => l.id)).toEqual([links[3]!.id, links[2]!.id]);
    });

    it('revokes once: the first revocation wins and records when and by whom, later ones answer false', async () => {
      const a = await newAccount();
      const link = buildShareLink(a.id);
      await tx((r) => r.monitorShareLinks.insert(link));
      const at = instant(1000);
      const by = newId();
      expect(await tx((r) => r.monitorShareLinks.revoke(a.id, link.id, at, by))).toBe(true);
      expect(await tx((r) => r.monitorShareLinks.revoke(a.id, link.id, instant(2000), newId()))).toBe(false);
      expect(await read((r) => r.monitorShareLinks.get(a.id, link.id))).toEqual({ ...link, revokedAt: at, revokedBy: by });
      expect(await tx((r) => r.monitorShareLinks.revoke(a.id, newId(), at, by))).toBe(false);
    });

    it('gives exactly one of concurrent revocations `true`', async () => {
      const a = await newAccount();
      const link = buildShareLink(a.id);
      await tx((r) => r.monitorShareLinks.insert(link));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => tx((r) => r.monitorShareLinks.revoke(a.id, link.id, instant(i), `by-${i}`))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await read((r) => r.monitorShareLinks.get(a.id, link.id));
      expect(stored!.revokedBy).toBe(`by-${results.indexOf(true)}`);
    });

    it('forgets a link inserted or revoked in a transaction that rolled back', async () => {
      const a = await newAccount();
      const kept = buildShareLink(a.id);
      await tx((r) => r.monitorShareLinks.insert(kept));
      const dropped = buildShareLink(a.id);
      await expect(
        tx(async (r) => {
          await r.monitorShareLinks.insert(dropped);
          expect(await r.monitorShareLinks.revoke(a.id, kept.id, instant(), newId())).toBe(true);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await read((r) => r.monitorShareLinks.get(a.id, dropped.id))).toBeNull();
      expect(await read((r) => r.monitorShareLinks.findByTokenHash(dropped.tokenHash))).toBeNull();
      expect((await read((r) => r.monitorShareLinks.get(a.id, kept.id)))!.revokedAt).toBeNull();
    });
  });

  describe('monitor layouts', () => {
    it('stores a layout per user with compare-and-set versions', async () => {
      const a = await newAccount();
      const [u1, u2] = [newId(), newId()];
      expect(await read((r) => r.monitorLayouts.get(a.id, u1))).toBeNull();
      const first = layoutOf(a.id, u1, ['w2', 'w1']);
      expect(await tx((r) => r.monitorLayouts.put(first, 0))).toBe(true);
      expect(await read((r) => r.monitorLayouts.get(a.id, u1))).toEqual({ ...first, version: 1 });
      expect(await tx((r) => r.monitorLayouts.put(layoutOf(a.id, u1, ['x']), 0))).toBe(false);
      const second = layoutOf(a.id, u1, ['w1', 'w3', 'w2'], { updatedAt: instant(5000) });
      expect(await tx((r) => r.monitorLayouts.put(second, 1))).toBe(true);
      expect(await tx((r) => r.monitorLayouts.put(layoutOf(a.id, u1, []), 1))).toBe(false);
      expect(await read((r) => r.monitorLayouts.get(a.id, u1))).toEqual({ ...second, version: 2 });
      expect(await read((r) => r.monitorLayouts.get(a.id, u2))).toBeNull();
      const other = await newAccount();
      expect(await read((r) => r.monitorLayouts.get(other.id, u1))).toBeNull();
    });

    it('lets exactly one of concurrent first writers win', async () => {
      const a = await newAccount();
      const user = newId();
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => tx((r) => r.monitorLayouts.put(layoutOf(a.id, user, [`w${i}`]), 0))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await read((r) => r.monitorLayouts.get(a.id, user));
      expect(stored).toMatchObject({ version: 1, widgetIds: [`w${results.indexOf(true)}`] });
    });

    it('forgets a layout written in a transaction that rolled back', async () => {
      const a = await newAccount();
      const user = newId();
      await expect(
        tx(async (r) => {
          await r.monitorLayouts.put(layoutOf(a.id, user, ['w1']), 0);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await read((r) => r.monitorLayouts.get(a.id, user))).toBeNull();
    });
  });
}
