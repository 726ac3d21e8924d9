import { StorageConflictError, type Id, type Widget, type WidgetRepository } from '@parley/core';
import { type IntegrationTables, dropWidgetIntegrations } from './integration-repository.js';
import { copy, manyById, pageById, type WriteScope } from './scope.js';

/** The widget table of the memory store; a widget's delete also drops its integrations. */
export interface WidgetTables {
  readonly widgets: Map<Id, Widget>;
  readonly widgetIdsByAccount: Map<Id, Set<Id>>;
  readonly integration: IntegrationTables;
}

/** The widget repository over the memory store's tables. */
export const widgetRepository = (s: WriteScope, t: WidgetTables): WidgetRepository => {
  const find = (accountId: Id, id: Id): Widget | null => {
    const w = t.widgets.get(id);
    return w && w.accountId === accountId ? w : null;
  };
  const ofAccount = (accountId: Id): Widget[] => {
    const rows: Widget[] = [];
    for (const id of t.widgetIdsByAccount.get(accountId) ?? []) {
      const w = t.widgets.get(id);
      if (w) rows.push(w);
    }
    return rows;
  };
  return {
    async insert(widget) {
      s.checkWrite('widgets.insert');
      if (t.widgets.has(widget.id)) throw new StorageConflictError('widgets.id');
      s.mapSet(t.widgets, widget.id, copy(widget));
      s.indexAdd(t.widgetIdsByAccount, widget.accountId, widget.id);
    },
    async get(accountId, id) {
      s.check();
      const w = find(accountId, id);
      return w ? copy(w) : null;
    },
    async getMany(accountId, ids) {
      s.check();
      return manyById(ids, (id) => find(accountId, id));
    },
    async list(accountId, page) {
      s.check();
      return pageById(ofAccount(accountId), page);
    },
    async update(widget, expectedVersion) {
      s.checkWrite('widgets.update');
      const cur = find(widget.accountId, widget.id);
      if (!cur || cur.version !== expectedVersion) return false;
      s.mapSet(t.widgets, widget.id, { ...copy(widget), version: expectedVersion + 1 });
      return true;
    },
    async delete(accountId, id) {
      s.checkWrite('widgets.delete');
      if (!find(accountId, id)) return false;
      s.mapDelete(t.widgets, id);
      s.indexDelete(t.widgetIdsByAccount, accountId, id);
      dropWidgetIntegrations(s, t.integration, id); // a widget's integrations go with it (SQL: on delete cascade)
      return true;
    },
    async findById(id) {
      s.check();
      const w = t.widgets.get(id);
      return w ? copy(w) : null;
    },
    async listByAgent(accountId, userId) {
      s.check();
      return pageById(
        ofAccount(accountId).filter((w) => w.agentIds.includes(userId)),
        { limit: Number.MAX_SAFE_INTEGER },
      ).items.slice();
    },
  };
};
