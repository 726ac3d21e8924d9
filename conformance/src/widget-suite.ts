import { describe, expect, it } from 'vitest';
import type { Storage, Widget } from '@parley/core';
import { buildWidget, instant, newId } from './fixtures.js';
import { range, byId, storageHelpers } from './storage-suite-support.js';

/**
 * Guarantees of the widget repository: round-trips, tenant isolation, compare-and-set, paging, agent lists.
 * Registered inside the storage conformance suite; independent tests, each creating its own account.
 */
export function defineWidgetTests(storage: () => Storage): void {
  const { tx, read, newAccount, newUser, newWidget } = storageHelpers(storage);

  describe('widgets', () => {
    it('round-trips widgets with nested settings and agent lists', async () => {
      const a = await newAccount();
      const agents = [newId(), newId(), newId()].sort();
      const w1 = buildWidget(a.id, {
        name: 'Support — 日本 😀',
        agentIds: agents,
        settings: {
          maxConcurrentChats: 7,
          maxQueueSize: 0,
          businessHours: {
            timezone: 'Europe/Berlin',
            days: {
              mon: [
                { from: '09:00', to: '12:30' },
                { from: '13:30', to: '24:00' },
              ],
              sat: [{ from: '10:00', to: '14:00' }],
            },
            holidays: ['2026-12-25', '2026-12-26'],
          },
          offlineForm: { enabled: false, alwaysOffline: true },
          preChat: { askName: 'required', askEmail: 'off' },
          greeting: 'Hallo! "Wie" können wir \\ helfen?\n',
          language: 'de-DE',
          appearance: { color: '#0f766e', position: 'left', launcherText: 'Fragen? Schreiben Sie uns' },
          allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'],
          requireLabelToClose: true,
          closeInactiveAfterMinutes: 30,
          notifyEmails: ['team@example.com', 'sales@example.com'],
          transcriptToTeam: true,
          blockedVisitors: ['198.51.100.23', '203.0.113.*', '2001:db8::/32'],
          proactiveRules: [
            {
              id: 'pricing',
              message: 'Fragen zum Preis? "Wir" helfen \\ gern.\n✓',
              delaySeconds: 30,
              minPagesViewed: 2,
              urlPattern: 'https://shop.example.com/preise*',
              referrerPattern: null,
              onlyWhenAgentsOnline: false,
            },
          ],
        },
        version: 9,
      });
      const w2 = buildWidget(a.id, { agentIds: [] });
      await tx(async (r) => {
        await r.widgets.insert(w1);
        await r.widgets.insert(w2);
      });
      expect(await read((r) => r.widgets.get(a.id, w1.id))).toEqual(w1);
      expect(await read((r) => r.widgets.get(a.id, w2.id))).toEqual(w2);
    });

    it('answers null for an unknown widget and hides widgets from other accounts', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const w = await newWidget(a.id);
      await expect(read((r) => r.widgets.get(a.id, newId()))).resolves.toBeNull();
      await expect(read((r) => r.widgets.get(b.id, w.id))).resolves.toBeNull();
      await expect(tx((r) => r.widgets.delete(b.id, w.id))).resolves.toBe(false);
      await expect(tx((r) => r.widgets.update({ ...w, accountId: b.id, name: 'Hijacked' }, w.version))).resolves.toBe(false);
      expect((await read((r) => r.widgets.list(b.id, { limit: 100 }))).items).toEqual([]);
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual(w);
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const a = await newAccount();
      const w = await newWidget(a.id, { agentIds: [newId(), newId()].sort() });
      const changed: Widget = {
        ...w,
        name: 'Renamed',
        agentIds: [],
        settings: { ...w.settings, offlineForm: { enabled: false, alwaysOffline: true }, maxConcurrentChats: 1 },
        updatedAt: instant(60_000),
      };
      await expect(tx((r) => r.widgets.update(changed, w.version))).resolves.toBe(true);
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual({ ...changed, version: w.version + 1 });
      await expect(tx((r) => r.widgets.update({ ...changed, name: 'Stale' }, w.version))).resolves.toBe(false);
      expect(await read((r) => r.widgets.get(a.id, w.id))).toEqual({ ...changed, version: w.version + 1 });
      await expect(tx((r) => r.widgets.update(buildWidget(a.id), 1))).resolves.toBe(false);
    });

    it('deletes a widget once, answering true and then false', async () => {
      const a = await newAccount();
      const w = await newWidget(a.id);
      const other = await newWidget(a.id);
      await expect(tx((r) => r.widgets.delete(a.id, w.id))).resolves.toBe(true);
      await expect(read((r) => r.widgets.get(a.id, w.id))).resolves.toBeNull();
      await expect(tx((r) => r.widgets.delete(a.id, w.id))).resolves.toBe(false);
      expect(await read((r) => r.widgets.get(a.id, other.id))).toEqual(other);
    });

    it('lists an account’s widgets by id ascending, one page after another', async () => {
      const a = await newAccount();
      const b = await newAccount();
      await newWidget(b.id);
      const widgets = await Promise.all(range(5).map(() => newWidget(a.id)));
      const sorted = [...widgets].sort(byId);
      const p1 = await read((r) => r.widgets.list(a.id, { limit: 3 }));
      expect(p1).toEqual({ items: sorted.slice(0, 3), nextCursor: sorted[2]!.id });
      const p2 = await read((r) => r.widgets.list(a.id, { cursor: p1.nextCursor, limit: 3 }));
      expect(p2).toEqual({ items: sorted.slice(3), nextCursor: null });
      const exact = await read((r) => r.widgets.list(a.id, { limit: 5 }));
      expect(exact).toEqual({ items: sorted, nextCursor: null });
      const empty = await read((r) => r.widgets.list(newId(), { limit: 5 }));
      expect(empty).toEqual({ items: [], nextCursor: null });
    });

    it('lists the widgets an agent serves, within the account', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const agent = await newUser(a.id);
      const colleague = await newUser(a.id);
      const served = await Promise.all([
        newWidget(a.id, { agentIds: [agent.id, colleague.id].sort() }),
        newWidget(a.id, { agentIds: [agent.id] }),
      ]);
      await newWidget(a.id, { agentIds: [colleague.id] });
      await newWidget(a.id, { agentIds: [] });
      await newWidget(b.id, { agentIds: [agent.id] });
      const found = await read((r) => r.widgets.listByAgent(a.id, agent.id));
      expect([...found].sort(byId)).toEqual([...served].sort(byId));
      await expect(read((r) => r.widgets.listByAgent(a.id, newId()))).resolves.toEqual([]);
    });

    it('reads several widgets at once, each once, by id, within the account', async () => {
      const a = await newAccount();
      const b = await newAccount();
      const mine = await Promise.all([newWidget(a.id, { name: 'Sales' }), newWidget(a.id, { name: 'Support' }), newWidget(a.id)]);
      const theirs = await newWidget(b.id);
      const asked = [mine[1]!.id, theirs.id, newId(), mine[0]!.id, mine[1]!.id];
      expect(await read((r) => r.widgets.getMany(a.id, asked))).toEqual([mine[0]!, mine[1]!].sort(byId));
      expect(await read((r) => r.widgets.getMany(a.id, []))).toEqual([]);
      expect(await read((r) => r.widgets.getMany(b.id, asked))).toEqual([theirs]);
    });
  });
}
