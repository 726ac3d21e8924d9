import { describe, expect, it } from 'vitest';
import { StorageConflictError, type CannedResponse, type Id, type Label, type Repositories, type Storage } from '@parley/core';
import { instant, newId, seedAccount } from './fixtures.js';

/** An account-wide canned response of `accountId` with a fresh id and shortcut. */
export const buildCannedResponse = (accountId: Id, overrides: Partial<CannedResponse> = {}): CannedResponse => {
  const now = instant();
  return {
    id: newId(),
    accountId,
    shortcut: `s-${newId().slice(0, 8)}`,
    title: 'Refunds ✓',
    text: 'Hello {visitor.name}, refunds take 5 days.\nRegards, {agent.name} — 日本 😀 100% _done_',
    widgetId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

/** A label of `accountId` with a fresh id and name. */
export const buildLabel = (accountId: Id, overrides: Partial<Label> = {}): Label => {
  const now = instant();
  return {
    id: newId(),
    accountId,
    name: `Label ${newId().slice(0, 8)} ✓`,
    color: '#12ab9f',
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
};

/**
 * The console repositories' guarantees (canned responses, labels), registered inside the storage
 * conformance suite. Independent tests: each creates its own account.
 */
export function defineConsoleTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const newAccount = () => seedAccount(storage());

  describe('canned responses', () => {
    it('round-trips account-wide and widget responses, and keeps accounts apart', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const wide = buildCannedResponse(a.id);
      const forWidget = buildCannedResponse(a.id, { widgetId: newId(), text: 'x'.repeat(5000) });
      await tx(async (r) => {
        await r.cannedResponses.insert(wide);
        await r.cannedResponses.insert(forWidget);
      });
      expect(await read((r) => r.cannedResponses.get(a.id, wide.id))).toEqual(wide);
      expect(await read((r) => r.cannedResponses.get(a.id, forWidget.id))).toEqual(forWidget);
      expect(await read((r) => r.cannedResponses.get(b.id, wide.id))).toBeNull();
      expect((await read((r) => r.cannedResponses.list(b.id, {}, { limit: 10 }))).items).toEqual([]);
      expect(await tx((r) => r.cannedResponses.update({ ...wide, accountId: b.id, title: 'x' }, 1))).toBe(false);
      expect(await tx((r) => r.cannedResponses.delete(b.id, wide.id))).toBe(false);
      expect(await read((r) => r.cannedResponses.get(a.id, wide.id))).toEqual(wide);
    });

    it('refuses a shortcut twice in one scope, but allows it in another scope or account, storing nothing of the refused transaction', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const widgetId = newId();
      const first = buildCannedResponse(a.id, { shortcut: 'refund' });
      await tx((r) => r.cannedResponses.insert(first));
      const other = buildCannedResponse(a.id);
      const twice = tx(async (r) => {
        await r.cannedResponses.insert(other);
        await r.cannedResponses.insert(buildCannedResponse(a.id, { shortcut: 'refund' }));
      });
      await expect(twice).rejects.toBeInstanceOf(StorageConflictError);
      await expect(twice).rejects.toMatchObject({ constraint: 'canned_responses.shortcut' });
      expect(await read((r) => r.cannedResponses.get(a.id, other.id))).toBeNull();
      await tx((r) => r.cannedResponses.insert(buildCannedResponse(a.id, { shortcut: 'refund', widgetId })));
      await tx((r) => r.cannedResponses.insert(buildCannedResponse(b.id, { shortcut: 'refund' })));
      await expect(tx((r) => r.cannedResponses.insert(buildCannedResponse(a.id, { shortcut: 'refund', widgetId })))).rejects.toMatchObject({
        constraint: 'canned_responses.shortcut',
      });
      await expect(tx((r) => r.cannedResponses.insert(buildCannedResponse(a.id, { id: first.id })))).rejects.toMatchObject({
        constraint: 'canned_responses.id',
      });
    });

    it('updates with compare-and-set, and refuses an update onto a taken shortcut, keeping the stored one', async () => {
      const a = await newAccount();
      const one = buildCannedResponse(a.id, { shortcut: 'one' });
      const two = buildCannedResponse(a.id, { shortcut: 'two' });
      await tx(async (r) => {
        await r.cannedResponses.insert(one);
        await r.cannedResponses.insert(two);
      });
      const next = { ...one, shortcut: 'uno', title: 'Eins', widgetId: newId(), updatedAt: instant(5), version: 42 };
      expect(await tx((r) => r.cannedResponses.update(next, 1))).toBe(true);
      expect(await read((r) => r.cannedResponses.get(a.id, one.id))).toEqual({ ...next, version: 2 });
      expect(await tx((r) => r.cannedResponses.update({ ...next, title: 'stale' }, 1))).toBe(false);
      const onto = tx((r) => r.cannedResponses.update({ ...two, shortcut: 'uno', widgetId: next.widgetId }, 1));
      await expect(onto).rejects.toMatchObject({ constraint: 'canned_responses.shortcut' });
      expect(await read((r) => r.cannedResponses.get(a.id, two.id))).toEqual(two);
      // The old shortcut is free again once moved away from.
      await tx((r) => r.cannedResponses.insert(buildCannedResponse(a.id, { shortcut: 'one' })));
      expect(await tx((r) => r.cannedResponses.delete(a.id, one.id))).toBe(true);
      expect(await read((r) => r.cannedResponses.get(a.id, one.id))).toBeNull();
      await tx((r) => r.cannedResponses.insert(buildCannedResponse(a.id, { shortcut: 'uno', widgetId: next.widgetId })));
    });

    it('lists by id with a cursor, by scope, and finds text in the shortcut, title or text without regard to case', async () => {
      const a = await newAccount();
      const w1 = newId();
      const w2 = newId();
      const ids = [0, 1, 2, 3, 4].map(() => newId()).sort();
      const made = [
        buildCannedResponse(a.id, { id: ids[0], shortcut: 'refund', title: 'Money back', text: 'We refund within 5 days.' }),
        buildCannedResponse(a.id, { id: ids[1], shortcut: 'hello', title: 'Greeting', text: 'Hello {visitor.name}!', widgetId: w1 }),
        buildCannedResponse(a.id, { id: ids[2], shortcut: 'bye', title: 'REFUND policy', text: 'Bye.', widgetId: w2 }),
        buildCannedResponse(a.id, { id: ids[3], shortcut: 'pct', title: 'Percent', text: 'Save 100% today_only' }),
        buildCannedResponse(a.id, { id: ids[4], shortcut: 'uml', title: 'Ümlaut', text: 'Grüße' }),
      ];
      await tx(async (r) => {
        for (const m of made) await r.cannedResponses.insert(m);
      });
      const list = (filter: Parameters<Repositories['cannedResponses']['list']>[1], limit = 10, cursor: string | null = null) =>
        read((r) => r.cannedResponses.list(a.id, filter, { limit, cursor }));
      const first = await list({}, 2);
      expect(first.items).toEqual(made.slice(0, 2));
      const second = await list({}, 2, first.nextCursor);
      expect(second.items.map((m) => m.id)).toEqual(ids.slice(2, 4));
      expect(await list({}, 2, second.nextCursor)).toEqual({ items: [made[4]], nextCursor: null });
      const idsOf = async (filter: Parameters<typeof list>[0]) => (await list(filter)).items.map((m) => m.id);
      expect(await idsOf({ scope: { accountWide: true, widgetIds: [w1] } })).toEqual([ids[0], ids[1], ids[3], ids[4]]);
      expect(await idsOf({ scope: { accountWide: false, widgetIds: [w2] } })).toEqual([ids[2]]);
      expect(await idsOf({ scope: { accountWide: false, widgetIds: [] } })).toEqual([]);
      expect(await idsOf({ q: 'refund' })).toEqual([ids[0], ids[2]]);
      expect(await idsOf({ q: 'Refund', scope: { accountWide: true, widgetIds: [] } })).toEqual([ids[0]]);
      expect(await idsOf({ q: '{VISITOR.name}' })).toEqual([ids[1]]);
      // Wildcards of LIKE are plain characters.
      expect(await idsOf({ q: '0%' })).toEqual([ids[3]]);
      expect(await idsOf({ q: '_' })).toEqual([ids[3]]);
      expect(await idsOf({ q: '%' })).toEqual([ids[3]]);
      expect(await idsOf({ q: 'üm' })).toEqual([ids[4]]);
      expect(await idsOf({ q: 'nothing like it' })).toEqual([]);
      // The fields are searched as one text, a line apart.
      expect(await idsOf({ q: 'uml\nümlaut\ngrü' })).toEqual([ids[4]]);
    });
  });

  describe('labels', () => {
    it('round-trips labels, lists them by name without regard to case, and keeps accounts apart', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const labels = [
        buildLabel(a.id, { name: 'billing' }),
        buildLabel(a.id, { name: 'Bug' }),
        buildLabel(a.id, { name: 'VIP ✓', color: '#000000' }),
      ];
      await tx(async (r) => {
        for (const l of labels) await r.labels.insert(l);
      });
      expect(await read((r) => r.labels.list(a.id))).toEqual(labels);
      expect(await read((r) => r.labels.get(a.id, labels[2]!.id))).toEqual(labels[2]);
      expect(await read((r) => r.labels.get(b.id, labels[2]!.id))).toBeNull();
      expect(await read((r) => r.labels.list(b.id))).toEqual([]);
      expect(await tx((r) => r.labels.delete(b.id, labels[0]!.id))).toBe(false);
      expect(await tx((r) => r.labels.update({ ...labels[0]!, accountId: b.id, name: 'x' }, 1))).toBe(false);
    });

    it('refuses a name the account already has in any case, but not in another account', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const vip = buildLabel(a.id, { name: 'VIP' });
      await tx((r) => r.labels.insert(vip));
      const again = tx((r) => r.labels.insert(buildLabel(a.id, { name: 'vip' })));
      await expect(again).rejects.toBeInstanceOf(StorageConflictError);
      await expect(again).rejects.toMatchObject({ constraint: 'labels.name' });
      await tx((r) => r.labels.insert(buildLabel(b.id, { name: 'vip' })));
      const other = buildLabel(a.id, { name: 'Other' });
      await tx((r) => r.labels.insert(other));
      await expect(tx((r) => r.labels.update({ ...other, name: 'Vip' }, 1))).rejects.toMatchObject({ constraint: 'labels.name' });
      expect(await read((r) => r.labels.get(a.id, other.id))).toEqual(other);
      expect(await read((r) => r.labels.list(a.id))).toHaveLength(2);
    });

    it('updates with compare-and-set (also a change of case of its own name), and frees a deleted label’s name', async () => {
      const a = await newAccount();
      const l = buildLabel(a.id, { name: 'bug' });
      await tx((r) => r.labels.insert(l));
      const next = { ...l, name: 'Bug', color: '#ffffff', updatedAt: instant(5), version: 7 };
      expect(await tx((r) => r.labels.update(next, 1))).toBe(true);
      expect(await read((r) => r.labels.get(a.id, l.id))).toEqual({ ...next, version: 2 });
      expect(await tx((r) => r.labels.update({ ...next, color: '#000000' }, 1))).toBe(false);
      expect(await tx((r) => r.labels.delete(a.id, l.id))).toBe(true);
      expect(await read((r) => r.labels.get(a.id, l.id))).toBeNull();
      await tx((r) => r.labels.insert(buildLabel(a.id, { name: 'BUG' })));
    });

    it('lets exactly one of two concurrent transactions create a name', async () => {
      const a = await newAccount();
      const results = await Promise.allSettled([0, 1].map(() => tx((r) => r.labels.insert(buildLabel(a.id, { name: 'Race' })))));
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toBeInstanceOf(StorageConflictError);
      expect(await read((r) => r.labels.list(a.id))).toHaveLength(1);
    });
  });
}
