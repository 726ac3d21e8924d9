import { describe, expect, it } from 'vitest';
import { StorageConflictError, type ApiToken, type Id, type Repositories, type Storage } from '@parley/core';
import { instant, newId, randomHash, seedAccount } from './fixtures.js';

/** An API token of `accountId` with a fresh id and token hash, never used. */
export const buildApiToken = (accountId: Id, overrides: Partial<ApiToken> = {}): ApiToken => ({
  id: newId(),
  accountId,
  tokenHash: randomHash(),
  label: 'Reporting script ✓',
  createdAt: instant(),
  createdBy: newId(),
  lastUsedAt: null,
  scope: 'read',
  expiresAt: null,
  ...overrides,
});

class Rollback extends Error {}

/**
 * The API token repository's guarantees, registered inside the storage conformance suite. Independent
 * tests: each creates its own account.
 */
export function defineApiTokenTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const newAccount = () => seedAccount(storage());

  describe('api tokens', () => {
    it('round-trips a token by id and by token hash, and finds nothing for an unknown hash', async () => {
      const a = await newAccount();
      const token = buildApiToken(a.id, { label: 'Überwachung ✓' });
      await tx((r) => r.apiTokens.insert(token));
      expect(await read((r) => r.apiTokens.get(a.id, token.id))).toEqual(token);
      expect(await read((r) => r.apiTokens.findByTokenHash(token.tokenHash))).toEqual(token);
      expect(await read((r) => r.apiTokens.findByTokenHash(randomHash()))).toBeNull();
    });

    it('keeps each scope and the expiry as given', async () => {
      const a = await newAccount();
      const full = buildApiToken(a.id, { scope: 'full', expiresAt: instant(86_400_000) });
      const read1 = buildApiToken(a.id, { scope: 'read', expiresAt: null });
      await tx(async (r) => {
        await r.apiTokens.insert(full);
        await r.apiTokens.insert(read1);
      });
      expect(await read((r) => r.apiTokens.get(a.id, full.id))).toEqual(full);
      expect(await read((r) => r.apiTokens.findByTokenHash(read1.tokenHash))).toEqual(read1);
    });

    it('keeps a token to its account: another account neither gets, lists, touches nor deletes it', async () => {
      const [a, b] = [await newAccount(), await newAccount()];
      const token = buildApiToken(a.id);
      await tx((r) => r.apiTokens.insert(token));
      expect(await read((r) => r.apiTokens.get(b.id, token.id))).toBeNull();
      expect(await read((r) => r.apiTokens.list(b.id, 10))).toEqual([]);
      await tx((r) => r.apiTokens.touch(b.id, token.id, instant(1000, token.createdAt)));
      expect(await tx((r) => r.apiTokens.delete(b.id, token.id))).toBe(false);
      expect(await read((r) => r.apiTokens.get(a.id, token.id))).toEqual(token);
    });

    it('refuses a second token with the same id or the same hash', async () => {
      const a = await newAccount();
      const token = buildApiToken(a.id);
      await tx((r) => r.apiTokens.insert(token));
      const sameId = tx((r) => r.apiTokens.insert(buildApiToken(a.id, { id: token.id })));
      await expect(sameId).rejects.toBeInstanceOf(StorageConflictError);
      await expect(sameId).rejects.toMatchObject({ constraint: 'api_tokens.id' });
      const sameHash = tx((r) => r.apiTokens.insert(buildApiToken(a.id, { tokenHash: token.tokenHash })));
      await expect(sameHash).rejects.toMatchObject({ constraint: 'api_tokens.token_hash' });
      expect(await read((r) => r.apiTokens.list(a.id, 10))).toHaveLength(1);
    });

    it('lists newest first, then by id descending, at most `limit`', async () => {
      const a = await newAccount();
      const at = instant();
      const tokens = [0, 1, 2, 3].map((i) => buildApiToken(a.id, { id: `tok-${i}-${newId()}`, createdAt: i < 2 ? at : instant(i * 1000) }));
      await tx(async (r) => {
        for (const t of [tokens[2]!, tokens[0]!, tokens[3]!, tokens[1]!]) await r.apiTokens.insert(t);
      });
      expect((await read((r) => r.apiTokens.list(a.id, 10))).map((t) => t.id)).toEqual([3, 2, 1, 0].map((i) => tokens[i]!.id));
      expect((await read((r) => r.apiTokens.list(a.id, 2))).map((t) => t.id)).toEqual([tokens[3]!.id, tokens[2]!.id]);
    });

    it('moves lastUsedAt forward only', async () => {
      const a = await newAccount();
      const token = buildApiToken(a.id);
      await tx((r) => r.apiTokens.insert(token));
      const later = instant(5000, token.createdAt);
      await tx((r) => r.apiTokens.touch(a.id, token.id, later));
      expect((await read((r) => r.apiTokens.get(a.id, token.id)))!.lastUsedAt).toBe(later);
      await tx((r) => r.apiTokens.touch(a.id, token.id, instant(1000, token.createdAt)));
      expect((await read((r) => r.apiTokens.get(a.id, token.id)))!.lastUsedAt).toBe(later);
    });

    it('deletes once: of concurrent deletions exactly one answers true, and the hash finds nothing after', async () => {
      const a = await newAccount();
      const token = buildApiToken(a.id);
      await tx((r) => r.apiTokens.insert(token));
      const results = await Promise.all(Array.from({ length: 6 }, () => tx((r) => r.apiTokens.delete(a.id, token.id))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await read((r) => r.apiTokens.get(a.id, token.id))).toBeNull();
      expect(await read((r) => r.apiTokens.findByTokenHash(token.tokenHash))).toBeNull();
      expect(await tx((r) => r.apiTokens.delete(a.id, newId()))).toBe(false);
    });

    it('forgets a token inserted or deleted in a transaction that rolled back', async () => {
      const a = await newAccount();
      const kept = buildApiToken(a.id);
      await tx((r) => r.apiTokens.insert(kept));
      const dropped = buildApiToken(a.id);
      await expect(
        tx(async (r) => {
          await r.apiTokens.insert(dropped);
          expect(await r.apiTokens.delete(a.id, kept.id)).toBe(true);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      expect(await read((r) => r.apiTokens.findByTokenHash(dropped.tokenHash))).toBeNull();
      expect(await read((r) => r.apiTokens.get(a.id, kept.id))).toEqual(kept);
    });
  });
}
