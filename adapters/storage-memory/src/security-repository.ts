import {
  StorageConflictError,
  type Id,
  type PasswordHistoryEntry,
  type PasswordHistoryRepository,
  type PasswordTicket,
  type PasswordTicketRepository,
  type SecurityRecord,
  type SecurityRepository,
} from '@parley/core';
import { type WriteScope, copy } from './scope.js';

/** The security tables of the memory store. */
export class SecurityTables {
  readonly settings = new Map<Id, SecurityRecord>();
  /** Per user, newest first. Replaced whole on every write, so undo is one map entry. */
  readonly history = new Map<Id, readonly PasswordHistoryEntry[]>();
  readonly tickets = new Map<string, PasswordTicket>();
  readonly ticketsByUser = new Map<Id, Set<string>>();
}

/** Newest first: by `setAt`, then by id, both descending. */
const newestFirst = (a: PasswordHistoryEntry, b: PasswordHistoryEntry): number =>
  a.setAt !== b.setAt ? (a.setAt < b.setAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

const securityRepo = (s: WriteScope, t: SecurityTables): SecurityRepository => ({
  async get(accountId) {
    s.check();
    const r = t.settings.get(accountId);
    return r ? copy(r) : null;
  },
  async save(record, expectedVersion) {
    s.checkWrite('security.save');
    const cur = t.settings.get(record.accountId);
    if (expectedVersion === 0 ? cur !== undefined : cur?.version !== expectedVersion) return false;
    s.mapSet(t.settings, record.accountId, { ...copy(record), version: expectedVersion + 1 });
    return true;
  },
});

const historyRepo = (s: WriteScope, t: SecurityTables): PasswordHistoryRepository => {
  const of = (accountId: Id, userId: Id) => (t.history.get(userId) ?? []).filter((e) => e.accountId === accountId);
  return {
    async add(entry) {
      s.checkWrite('passwordHistory.add');
      const cur = t.history.get(entry.userId) ?? [];
      if (cur.some((e) => e.id === entry.id)) throw new StorageConflictError('password_history.id');
      s.mapSet(t.history, entry.userId, [...cur, copy(entry)].sort(newestFirst));
    },
    async recent(accountId, userId, limit) {
      s.check();
      return of(accountId, userId).slice(0, Math.max(0, limit)).map(copy);
    },
    async prune(accountId, userId, keep) {
      s.checkWrite('passwordHistory.prune');
      const mine = of(accountId, userId);
      const gone = new Set(mine.slice(Math.max(0, keep)).map((e) => e.id));
      if (gone.size === 0) return 0;
      s.mapSet(
        t.history,
        userId,
        (t.history.get(userId) ?? []).filter((e) => !gone.has(e.id)),
      );
      return gone.size;
    },
    async deleteByUser(accountId, userId) {
      s.checkWrite('passwordHistory.deleteByUser');
      const all = t.history.get(userId) ?? [];
      const kept = all.filter((e) => e.accountId !== accountId);
      if (kept.length === all.length) return 0;
      if (kept.length) s.mapSet(t.history, userId, kept);
      else s.mapDelete(t.history, userId);
      return all.length - kept.length;
    },
  };
};

const ticketsRepo = (s: WriteScope, t: SecurityTables): PasswordTicketRepository => {
  const remove = (tokenHash: string): boolean => {
    const cur = t.tickets.get(tokenHash);
    if (!cur) return false;
    s.mapDelete(t.tickets, tokenHash);
    s.indexDelete(t.ticketsByUser, cur.userId, tokenHash);
    return true;
  };
  return {
    async insert(ticket) {
      s.checkWrite('passwordTickets.insert');
      if (t.tickets.has(ticket.tokenHash)) throw new StorageConflictError('password_tickets.token_hash');
      s.mapSet(t.tickets, ticket.tokenHash, copy(ticket));
      s.indexAdd(t.ticketsByUser, ticket.userId, ticket.tokenHash);
    },
    async get(tokenHash) {
      s.check();
      const cur = t.tickets.get(tokenHash);
      return cur ? copy(cur) : null;
    },
    async delete(tokenHash) {
      s.checkWrite('passwordTickets.delete');
      return remove(tokenHash);
    },
    async deleteByUser(userId) {
      s.checkWrite('passwordTickets.deleteByUser');
      let n = 0;
      for (const h of [...(t.ticketsByUser.get(userId) ?? [])]) if (remove(h)) n++;
      return n;
    },
    async deleteExpired(now) {
      s.checkWrite('passwordTickets.deleteExpired');
      const expired = [...t.tickets.values()].filter((x) => x.expiresAt <= now).map((x) => x.tokenHash);
      for (const h of expired) remove(h);
      return expired.length;
    },
    async pendingInvitations(accountId, now) {
      s.check();
      const latest = new Map<string, string>();
      for (const x of t.tickets.values())
        if (x.accountId === accountId && x.purpose === 'invitation' && x.expiresAt > now && x.expiresAt > (latest.get(x.userId) ?? ''))
          latest.set(x.userId, x.expiresAt);
      return [...latest].map(([userId, expiresAt]) => ({ userId, expiresAt }));
    },
  };
};

/** The security repositories over the memory store's tables. */
export const securityRepositories = (s: WriteScope, t: SecurityTables) => ({
  security: securityRepo(s, t),
  passwordHistory: historyRepo(s, t),
  passwordTickets: ticketsRepo(s, t),
});
