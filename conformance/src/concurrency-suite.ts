import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type Storage } from '@parley/core';
import { buildAuditEntry } from './fixtures.js';
import { pause, range, byId, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of concurrent writers: compare-and-set retries, serialised counters and audit appends.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineConcurrencyTests(storage: () => Storage): void {
  const { tx, read, newAccount, newUser, newWidget, headOf, seqs } = storageHelpers(storage);

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
