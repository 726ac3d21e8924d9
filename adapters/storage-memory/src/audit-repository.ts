import { StorageConflictError, type AuditEntry, type AuditFilter, type AuditHead, type AuditRepository, type Id } from '@parley/core';
import { copy, firstAfter, type WriteScope } from './scope.js';

/** One account's audit chain: its head and its remaining entries, in `seq` order. */
export interface AuditLog {
  head: AuditHead;
  /** Sorted by `seq` ascending (appends always go to the end). */
  entries: AuditEntry[];
  byId: Map<Id, AuditEntry>;
}

/** The audit table of the memory store: one chain per account. */
export interface AuditTables {
  readonly audit: Map<Id, AuditLog>;
}

const matches = (e: AuditEntry, f: AuditFilter): boolean =>
  (f.from === undefined || e.createdAt >= f.from) &&
  (f.to === undefined || e.createdAt <= f.to) &&
  (f.types === undefined || f.types.includes(e.type)) &&
  (f.widgetId === undefined || e.widgetId === f.widgetId) &&
  (f.actorId === undefined || e.actor.userId === f.actorId) &&
  (f.actorKind === undefined || e.actor.kind === f.actorKind);

/** The audit repository over the memory store's tables. */
export const auditRepository = (s: WriteScope, t: AuditTables): AuditRepository => {
  const setHead = (log: AuditLog, head: AuditHead): void => {
    const previous = log.head;
    log.head = head;
    s.onUndo(() => (log.head = previous));
  };
  return {
    async lockHead(accountId) {
      // Transactions already run one at a time, so reading the head is enough to "lock" it.
      s.check();
      const log = t.audit.get(accountId);
      return log ? { ...log.head } : null;
    },
    async append(entry) {
      s.checkWrite('audit.append');
      const log = t.audit.get(entry.accountId);
      if (!log) throw new Error(`MemoryStorage: audit.append for unknown account ${entry.accountId}`);
      if (entry.seq !== log.head.seq + 1) throw new Error(`MemoryStorage: audit.append expected seq ${log.head.seq + 1}, got ${entry.seq}`);
      if (log.byId.has(entry.id)) throw new StorageConflictError('audit.id');
      const stored = copy(entry);
      log.entries.push(stored);
      log.byId.set(stored.id, stored);
      s.onUndo(() => {
        log.entries.pop();
        log.byId.delete(stored.id);
      });
      setHead(log, { ...log.head, seq: stored.seq, hash: stored.hash });
    },
    async get(accountId, id) {
      s.check();
      const e = t.audit.get(accountId)?.byId.get(id);
      return e ? copy(e) : null;
    },
    async list(accountId, filter, beforeSeq, limit) {
      s.check();
      const entries = t.audit.get(accountId)?.entries ?? [];
      const out: AuditEntry[] = [];
      // Entries are seq-sorted: start just below `beforeSeq` and walk down.
      let i = beforeSeq === null ? entries.length - 1 : firstAfter(entries, beforeSeq - 1) - 1;
      for (; i >= 0 && out.length < limit; i--) {
        const e = entries[i]!;
        if (matches(e, filter)) out.push(copy(e));
      }
      return out;
    },
    async scan(accountId, afterSeq, limit) {
      s.check();
      const entries = t.audit.get(accountId)?.entries ?? [];
      const start = firstAfter(entries, afterSeq);
      return entries.slice(start, start + Math.max(0, limit)).map(copy);
    },
    async purgeBefore(accountId, cutoff) {
      s.checkWrite('audit.purgeBefore');
      const log = t.audit.get(accountId);
      if (!log) return 0;
      const kept: AuditEntry[] = [];
      const purged: AuditEntry[] = [];
      // Only the oldest run (by seq) created before the cutoff: the chain never gets a hole.
      for (const e of log.entries) (kept.length === 0 && e.createdAt < cutoff ? purged : kept).push(e);
      if (purged.length === 0) return 0;
      const previousEntries = log.entries;
      log.entries = kept;
      for (const e of purged) log.byId.delete(e.id);
      s.onUndo(() => {
        log.entries = previousEntries;
        for (const e of purged) log.byId.set(e.id, e);
      });
      const last = purged[purged.length - 1]!;
      if (last.seq > log.head.anchorSeq) setHead(log, { ...log.head, anchorSeq: last.seq, anchorHash: last.hash });
      return purged.length;
    },
    async head(accountId) {
      s.check();
      const log = t.audit.get(accountId);
      return log ? { ...log.head } : null;
    },
  };
};
