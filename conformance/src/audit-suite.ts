import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type AuditEntry, type AuditFilter, type Id, type Storage } from '@parley/core';
import { buildAuditEntry, buildWidget, instant, newId, uniqueEmail } from './fixtures.js';
import { range, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of the audit repository: round-trips, the hash chain head, paging, filters, scans and purges.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineAuditTests(storage: () => Storage): void {
  const { tx, read, newAccount, appendEntries, headOf, seqs } = storageHelpers(storage);

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
      const entries = await appendEntries(
        a.id,
        range(5).map(() => ({})),
      );
      expect(await read((r) => r.audit.list(a.id, {}, null, 100))).toEqual([...entries].reverse());
      expect(seqs(await read((r) => r.audit.list(a.id, {}, null, 2)))).toEqual([5, 4]);
    });

    it('lists only entries below beforeSeq (exclusive)', async () => {
      const a = await newAccount();
      await appendEntries(
        a.id,
        range(5).map(() => ({})),
      );
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 4, 100)))).toEqual([3, 2, 1]);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 4, 2)))).toEqual([3, 2]);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 1, 100)))).toEqual([]);
      expect(seqs(await read((r) => r.audit.list(a.id, {}, 99, 100)))).toEqual([5, 4, 3, 2, 1]);
    });

    it('pages with beforeSeq without skipping or repeating while new entries arrive', async () => {
      const a = await newAccount();
      await appendEntries(
        a.id,
        range(7).map(() => ({})),
      );
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

      it('keeps entries by one kind of actor: people, Parley itself, or API tokens', async () => {
        const a = await newAccount();
        const system = { kind: 'system' as const, userId: null, email: null, ip: null, userAgent: null };
        // A user agent that spells out another kind is still a person's (or a token's) value, not its kind.
        const user = { kind: 'user' as const, userId: newId(), email: uniqueEmail(), ip: null, userAgent: '"kind":"system"' };
        const token = { kind: 'api_token' as const, userId: null, email: null, ip: '192.0.2.1', userAgent: null, apiTokenId: newId() };
        const systemWithIp = { kind: 'system' as const, userId: null, email: null, ip: '192.0.2.9', userAgent: null };
        await appendEntries(a.id, [{ actor: user }, { actor: system }, { actor: token }, { actor: systemWithIp }, { actor: user }]);
        const list = async (filter: AuditFilter, beforeSeq: number | null = null, limit = 100) =>
          seqs(await read((r) => r.audit.list(a.id, filter, beforeSeq, limit)));
        expect(await list({ actorKind: 'system' })).toEqual([4, 2]);
        expect(await list({ actorKind: 'user' })).toEqual([5, 1]);
        expect(await list({ actorKind: 'api_token' })).toEqual([3]);
        expect(await list({ actorKind: 'system' }, 4, 1)).toEqual([2]);
        expect(await list({ actorKind: 'system', actorId: user.userId })).toEqual([]);
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
      const entries = await appendEntries(
        a.id,
        range(6).map(() => ({})),
      );
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
      const entries = await appendEntries(
        a.id,
        range(6).map((i) => ({ createdAt: at(i + 1) })),
      );
      const others = await appendEntries(
        b.id,
        range(3).map((i) => ({ createdAt: at(i) })),
      );
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
      const entries = await appendEntries(
        a.id,
        [1, 2, 10, 3, 4].map((m) => ({ createdAt: at(m) })),
      );
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
}
