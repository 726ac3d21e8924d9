import {
  labelNameKey,
  StorageConflictError,
  type CannedResponse,
  type CannedResponseRepository,
  type Id,
  type Label,
  type LabelRepository,
} from '@parley/core';
import { type WriteScope, copy, cmp } from './scope.js';

/** The agent console's tables of the memory store: canned responses and labels, with their unique keys. */
export class ConsoleTables {
  readonly canned = new Map<Id, CannedResponse>();
  /** `<accountId>/<widgetId or empty>/<shortcut>` → id: the unique shortcut per scope. */
  readonly cannedIdByShortcut = new Map<string, Id>();
  readonly cannedIdsByAccount = new Map<Id, Set<Id>>();
  readonly labels = new Map<Id, Label>();
  /** `<accountId>/<labelNameKey(name)>` → id: the unique name per account. */
  readonly labelIdByName = new Map<string, Id>();
  readonly labelIdsByAccount = new Map<Id, Set<Id>>();
}

/** What `q` is looked for in (see `CannedResponseFilter.q`). */
const searchText = (r: CannedResponse) => [r.shortcut, r.title, r.text].join('\n').toLowerCase();
const shortcutKey = (r: CannedResponse) => `${r.accountId}/${r.widgetId ?? ''}/${r.shortcut}`;
const nameKey = (l: Label) => `${l.accountId}/${labelNameKey(l.name)}`;

const cannedRepo = (s: WriteScope, t: ConsoleTables): CannedResponseRepository => {
  const find = (accountId: Id, id: Id) => {
    const r = t.canned.get(id);
    return r && r.accountId === accountId ? r : null;
  };
  return {
    async insert(response) {
      s.checkWrite('cannedResponses.insert');
      if (t.canned.has(response.id)) throw new StorageConflictError('canned_responses.id');
      if (t.cannedIdByShortcut.has(shortcutKey(response))) throw new StorageConflictError('canned_responses.shortcut');
      s.mapSet(t.canned, response.id, copy(response));
      s.mapSet(t.cannedIdByShortcut, shortcutKey(response), response.id);
      s.indexAdd(t.cannedIdsByAccount, response.accountId, response.id);
    },
    async get(accountId, id) {
      s.check();
      const r = find(accountId, id);
      return r ? copy(r) : null;
    },
    async update(response, expectedVersion) {
      s.checkWrite('cannedResponses.update');
      const cur = find(response.accountId, response.id);
      if (!cur || cur.version !== expectedVersion) return false;
      const holder = t.cannedIdByShortcut.get(shortcutKey(response));
      if (holder !== undefined && holder !== response.id) throw new StorageConflictError('canned_responses.shortcut');
      s.mapDelete(t.cannedIdByShortcut, shortcutKey(cur));
      s.mapSet(t.cannedIdByShortcut, shortcutKey(response), response.id);
      s.mapSet(t.canned, response.id, { ...copy(response), version: expectedVersion + 1 });
      return true;
    },
    async delete(accountId, id) {
      s.checkWrite('cannedResponses.delete');
      const cur = find(accountId, id);
      if (!cur) return false;
      s.mapDelete(t.canned, id);
      s.mapDelete(t.cannedIdByShortcut, shortcutKey(cur));
      s.indexDelete(t.cannedIdsByAccount, accountId, id);
      return true;
    },
    async list(accountId, filter, page) {
      s.check();
      const scope = filter.scope ? { accountWide: filter.scope.accountWide, widgetIds: new Set(filter.scope.widgetIds) } : null;
      const q = filter.q?.toLowerCase();
      const cursor = page.cursor ?? null;
      const rows: CannedResponse[] = [];
      for (const id of t.cannedIdsByAccount.get(accountId) ?? []) {
        const r = t.canned.get(id);
        if (!r || (cursor !== null && r.id <= cursor)) continue;
        if (scope && !(r.widgetId === null ? scope.accountWide : scope.widgetIds.has(r.widgetId))) continue;
        if (q && !searchText(r).includes(q)) continue;
        rows.push(r);
      }
      rows.sort((a, b) => cmp(a.id, b.id));
      const limit = Math.max(0, page.limit);
      const items = rows.slice(0, limit).map(copy);
      return { items, nextCursor: rows.length > limit && items.length ? items[items.length - 1]!.id : null };
    },
  };
};

const labelsRepo = (s: WriteScope, t: ConsoleTables): LabelRepository => {
  const find = (accountId: Id, id: Id) => {
    const l = t.labels.get(id);
    return l && l.accountId === accountId ? l : null;
  };
  return {
    async insert(label) {
      s.checkWrite('labels.insert');
      if (t.labels.has(label.id)) throw new StorageConflictError('labels.id');
      if (t.labelIdByName.has(nameKey(label))) throw new StorageConflictError('labels.name');
      s.mapSet(t.labels, label.id, copy(label));
      s.mapSet(t.labelIdByName, nameKey(label), label.id);
      s.indexAdd(t.labelIdsByAccount, label.accountId, label.id);
    },
    async get(accountId, id) {
      s.check();
      const l = find(accountId, id);
      return l ? copy(l) : null;
    },
    async update(label, expectedVersion) {
      s.checkWrite('labels.update');
      const cur = find(label.accountId, label.id);
      if (!cur || cur.version !== expectedVersion) return false;
      const holder = t.labelIdByName.get(nameKey(label));
      if (holder !== undefined && holder !== label.id) throw new StorageConflictError('labels.name');
      s.mapDelete(t.labelIdByName, nameKey(cur));
      s.mapSet(t.labelIdByName, nameKey(label), label.id);
      s.mapSet(t.labels, label.id, { ...copy(label), version: expectedVersion + 1 });
      return true;
    },
    async delete(accountId, id) {
      s.checkWrite('labels.delete');
      const cur = find(accountId, id);
      if (!cur) return false;
      s.mapDelete(t.labels, id);
      s.mapDelete(t.labelIdByName, nameKey(cur));
      s.indexDelete(t.labelIdsByAccount, accountId, id);
      return true;
    },
    async list(accountId) {
      s.check();
      const rows: Label[] = [];
      for (const id of t.labelIdsByAccount.get(accountId) ?? []) {
        const l = t.labels.get(id);
        if (l) rows.push(l);
      }
      rows.sort((a, b) => cmp(labelNameKey(a.name), labelNameKey(b.name)) || cmp(a.id, b.id));
      return rows.map(copy);
    },
  };
};

/** The console repositories over the memory store's tables. */
export const consoleRepositories = (s: WriteScope, t: ConsoleTables) => ({
  cannedResponses: cannedRepo(s, t),
  labels: labelsRepo(s, t),
});
