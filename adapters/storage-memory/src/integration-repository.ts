import {
  isFinalDelivery,
  StorageConflictError,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryRepository,
  type Id,
  type Integration,
  type IntegrationKind,
  type IntegrationRepository,
} from '@parley/core';
import { type WriteScope, copy, cmp } from './scope.js';

/** The integration tables of the memory store. */
export class IntegrationTables {
  /** Keyed `<widgetId>/<kind>`. */
  readonly integrations = new Map<string, Integration>();
  readonly deliveries = new Map<Id, Delivery>();
  readonly deliveryIdsByWidget = new Map<Id, Set<Id>>();
  /** Per delivery, its tries in insertion order. */
  readonly attempts = new Map<Id, DeliveryAttempt[]>();
}

const keyOf = (widgetId: Id, kind: IntegrationKind) => `${widgetId}/${kind}`;

const integrationsRepo = (s: WriteScope, t: IntegrationTables): IntegrationRepository => ({
  async get(accountId, widgetId, kind) {
    s.check();
    const i = t.integrations.get(keyOf(widgetId, kind));
    return i && i.accountId === accountId ? copy(i) : null;
  },
  async listByWidget(accountId, widgetId) {
    s.check();
    const out: Integration[] = [];
    for (const kind of ['open_api', 'salesforce'] as const) {
      const i = t.integrations.get(keyOf(widgetId, kind));
      if (i && i.accountId === accountId) out.push(copy(i));
    }
    return out;
  },
  async put(integration, expectedVersion) {
    s.checkWrite('integrations.put');
    const key = keyOf(integration.widgetId, integration.kind);
    const cur = t.integrations.get(key);
    if (expectedVersion === null) {
      if (cur) throw new StorageConflictError('integrations.widget_kind');
      s.mapSet(t.integrations, key, copy(integration));
      return true;
    }
    if (!cur || cur.accountId !== integration.accountId || cur.version !== expectedVersion) return false;
    s.mapSet(t.integrations, key, { ...copy(integration), version: expectedVersion + 1 });
    return true;
  },
  async delete(accountId, widgetId, kind, expectedVersion) {
    s.checkWrite('integrations.delete');
    const key = keyOf(widgetId, kind);
    const cur = t.integrations.get(key);
    if (!cur || cur.accountId !== accountId || cur.version !== expectedVersion) return false;
    s.mapDelete(t.integrations, key);
    return true;
  },
});

const deliveriesRepo = (s: WriteScope, t: IntegrationTables): DeliveryRepository => {
  const find = (accountId: Id, id: Id): Delivery | null => {
    const d = t.deliveries.get(id);
    return d && d.accountId === accountId ? d : null;
  };
  const holds = (d: Delivery | undefined, lease: { claimedBy: string; claimUntil: string }): d is Delivery =>
    d !== undefined && d.status === 'in_flight' && d.claimedBy === lease.claimedBy && d.claimUntil === lease.claimUntil;
  return {
    async insert(delivery) {
      s.checkWrite('deliveries.insert');
      if (t.deliveries.has(delivery.id)) throw new StorageConflictError('deliveries.id');
      s.mapSet(t.deliveries, delivery.id, copy(delivery));
      s.indexAdd(t.deliveryIdsByWidget, delivery.widgetId, delivery.id);
    },
    async get(accountId, id) {
      s.check();
      const d = find(accountId, id);
      return d ? copy(d) : null;
    },
    async listByWidget(accountId, widgetId, filter, page) {
      s.check();
      const cursor = page.cursor ?? null;
      const rows: Delivery[] = [];
      for (const id of t.deliveryIdsByWidget.get(widgetId) ?? []) {
        const d = t.deliveries.get(id);
        if (!d || d.accountId !== accountId) continue;
        if (filter.status !== undefined && d.status !== filter.status) continue;
        if (cursor !== null && !(d.id < cursor)) continue;
        rows.push(d);
      }
      rows.sort((a, b) => cmp(b.id, a.id));
      const limit = Math.max(0, Math.floor(page.limit));
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(copy), nextCursor: rows.length > limit && last ? last.id : null };
    },
    async claimDue(now, limit, workerId, leaseMs) {
      // Transactions run one at a time, so no other claim can interleave with this one.
      s.checkWrite('deliveries.claimDue');
      const due: Delivery[] = [];
      for (const d of t.deliveries.values())
        if ((d.status === 'pending' || d.status === 'in_flight') && d.nextAttemptAt !== null && d.nextAttemptAt <= now) due.push(d);
      due.sort((a, b) => cmp(a.nextAttemptAt!, b.nextAttemptAt!) || cmp(a.id, b.id));
      const until = new Date(Date.parse(now) + leaseMs).toISOString();
      return due.slice(0, Math.max(0, Math.floor(limit))).map((d) => {
        const claimed: Delivery = { ...d, status: 'in_flight', claimedBy: workerId, claimUntil: until, nextAttemptAt: until };
        s.mapSet(t.deliveries, d.id, claimed);
        return copy(claimed);
      });
    },
    async complete(id, lease, outcome, attempt) {
      s.checkWrite('deliveries.complete');
      const d = t.deliveries.get(id);
      if (!holds(d, lease) || d.accountId !== attempt.accountId) return false;
      s.mapSet(t.deliveries, id, { ...d, ...outcome, claimedBy: null, claimUntil: null });
      const list = t.attempts.get(id) ?? [];
      if (!t.attempts.has(id)) s.mapSet(t.attempts, id, list);
      list.push(copy(attempt));
      s.onUndo(() => list.pop());
      return true;
    },
    async release(ids, lease, now) {
      s.checkWrite('deliveries.release');
      let n = 0;
      for (const id of ids) {
        const d = t.deliveries.get(id);
        if (!holds(d, lease)) continue;
        s.mapSet(t.deliveries, id, { ...d, status: 'pending', nextAttemptAt: now, claimedBy: null, claimUntil: null, updatedAt: now });
        n++;
      }
      return n;
    },
    async requeue(accountId, id, now) {
      s.checkWrite('deliveries.requeue');
      const d = find(accountId, id);
      if (!d) return false;
      if (d.status === 'in_flight' && d.claimUntil !== null && d.claimUntil > now) return false;
      s.mapSet(t.deliveries, id, {
        ...d,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        claimedBy: null,
        claimUntil: null,
        updatedAt: now,
      });
      return true;
    },
    async expedite(accountId, widgetId, target, now) {
      s.checkWrite('deliveries.expedite');
      let n = 0;
      for (const id of t.deliveryIdsByWidget.get(widgetId) ?? []) {
        const d = t.deliveries.get(id);
        if (!d || d.accountId !== accountId || d.target !== target || d.status !== 'pending') continue;
        if (d.nextAttemptAt === null || d.nextAttemptAt <= now) continue;
        s.mapSet(t.deliveries, id, { ...d, nextAttemptAt: now });
        n++;
      }
      return n;
    },
    async listAttempts(accountId, deliveryId) {
      s.check();
      if (!find(accountId, deliveryId)) return [];
      return (t.attempts.get(deliveryId) ?? []).map(copy);
    },
    async purgeBefore(accountId, cutoff) {
      s.checkWrite('deliveries.purgeBefore');
      let n = 0;
      for (const d of [...t.deliveries.values()]) {
        if (d.accountId !== accountId || !(d.createdAt < cutoff) || !isFinalDelivery(d)) continue;
        s.mapDelete(t.deliveries, d.id);
        s.mapDelete(t.attempts, d.id);
        s.indexDelete(t.deliveryIdsByWidget, d.widgetId, d.id);
        n++;
      }
      return n;
    },
  };
};

/** Deletes a widget's integrations (called when the widget is deleted); its deliveries stay, as history. */
export const dropWidgetIntegrations = (s: WriteScope, t: IntegrationTables, widgetId: Id): void => {
  for (const kind of ['open_api', 'salesforce'] as const) s.mapDelete(t.integrations, keyOf(widgetId, kind));
};

/** The integration repositories over the memory store's tables, within one transaction scope. */
export const integrationRepositories = (s: WriteScope, t: IntegrationTables) => ({
  integrations: integrationsRepo(s, t),
  deliveries: deliveriesRepo(s, t),
});
