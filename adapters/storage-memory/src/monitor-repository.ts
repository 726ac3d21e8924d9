import {
  StorageConflictError,
  type Id,
  type MonitorLayout,
  type MonitorLayoutRepository,
  type MonitorShareLink,
  type MonitorShareLinkRepository,
} from '@parley/core';
import { type WriteScope, copy, cmp } from './scope.js';

/** The monitor tables of the memory store. */
export class MonitorTables {
  readonly shareLinks = new Map<Id, MonitorShareLink>();
  readonly shareLinkIdByToken = new Map<string, Id>();
  readonly shareLinkIdsByAccount = new Map<Id, Set<Id>>();
  /** Keyed `<accountId>/<userId>`. */
  readonly layouts = new Map<string, MonitorLayout>();
}

const shareLinksRepo = (s: WriteScope, t: MonitorTables): MonitorShareLinkRepository => {
  const find = (accountId: Id, id: Id): MonitorShareLink | null => {
    const l = t.shareLinks.get(id);
    return l && l.accountId === accountId ? l : null;
  };
  return {
    async insert(link) {
      s.checkWrite('monitorShareLinks.insert');
      if (t.shareLinks.has(link.id)) throw new StorageConflictError('monitor_share_links.id');
      if (t.shareLinkIdByToken.has(link.tokenHash)) throw new StorageConflictError('monitor_share_links.token_hash');
      s.mapSet(t.shareLinks, link.id, copy(link));
      s.mapSet(t.shareLinkIdByToken, link.tokenHash, link.id);
      s.indexAdd(t.shareLinkIdsByAccount, link.accountId, link.id);
    },
    async get(accountId, id) {
      s.check();
      const l = find(accountId, id);
      return l ? copy(l) : null;
    },
    async findByTokenHash(tokenHash) {
      s.check();
      const id = t.shareLinkIdByToken.get(tokenHash);
      const l = id === undefined ? undefined : t.shareLinks.get(id);
      return l ? copy(l) : null;
    },
    async list(accountId, limit) {
      s.check();
      const rows: MonitorShareLink[] = [];
      for (const id of t.shareLinkIdsByAccount.get(accountId) ?? []) {
        const l = t.shareLinks.get(id);
        if (l) rows.push(l);
      }
      rows.sort((a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id));
      return rows.slice(0, Math.max(0, Math.floor(limit))).map(copy);
    },
    async revoke(accountId, id, at, by) {
      s.checkWrite('monitorShareLinks.revoke');
      const cur = find(accountId, id);
      if (!cur || cur.revokedAt !== null) return false;
      s.mapSet(t.shareLinks, id, { ...cur, revokedAt: at, revokedBy: by });
      return true;
    },
  };
};

const layoutsRepo = (s: WriteScope, t: MonitorTables): MonitorLayoutRepository => ({
  async get(accountId, userId) {
    s.check();
    const l = t.layouts.get(`${accountId}/${userId}`);
    return l ? copy(l) : null;
  },
  async put(layout, expectedVersion) {
    s.checkWrite('monitorLayouts.put');
    const key = `${layout.accountId}/${layout.userId}`;
    const cur = t.layouts.get(key);
    if ((cur?.version ?? 0) !== expectedVersion) return false;
    s.mapSet(t.layouts, key, { ...copy(layout), version: expectedVersion + 1 });
    return true;
  },
});

/** The monitor repositories over the memory store's tables. */
export const monitorRepositories = (s: WriteScope, t: MonitorTables) => ({
  monitorShareLinks: shareLinksRepo(s, t),
  monitorLayouts: layoutsRepo(s, t),
});
