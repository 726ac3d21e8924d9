import { StorageConflictError, type Id, type User, type UserListFilter, type UserRepository } from '@parley/core';
import { copy, manyById, pageById, type WriteScope } from './scope.js';

/** The user table of the memory store and its indexes. */
export interface UserTables {
  readonly users: Map<Id, User>;
  /** Unique per account: `accountId` + NUL + email. */
  readonly userIdByAccountEmail: Map<string, Id>;
  readonly userIdsByEmail: Map<string, Set<Id>>;
  readonly userIdsByAccount: Map<Id, Set<Id>>;
}

/** The key of the per-account email index. */
const emailKey = (u: { accountId: Id; email: string }): string => `${u.accountId}\u0000${u.email}`;

/** The user repository over the memory store's tables. */
export const userRepository = (s: WriteScope, t: UserTables): UserRepository => {
  const find = (accountId: Id, id: Id): User | null => {
    const u = t.users.get(id);
    return u && u.accountId === accountId ? u : null;
  };
  return {
    async insert(user) {
      s.checkWrite('users.insert');
      if (t.users.has(user.id)) throw new StorageConflictError('users.id');
      if (t.userIdByAccountEmail.has(emailKey(user))) throw new StorageConflictError('users.email');
      s.mapSet(t.users, user.id, copy(user));
      s.mapSet(t.userIdByAccountEmail, emailKey(user), user.id);
      s.indexAdd(t.userIdsByEmail, user.email, user.id);
      s.indexAdd(t.userIdsByAccount, user.accountId, user.id);
    },
    async get(accountId, id) {
      s.check();
      const u = find(accountId, id);
      return u ? copy(u) : null;
    },
    async getMany(accountId, ids) {
      s.check();
      return manyById(ids, (id) => find(accountId, id));
    },
    async getByEmail(accountId, email) {
      s.check();
      const id = t.userIdByAccountEmail.get(emailKey({ accountId, email }));
      const u = id === undefined ? undefined : t.users.get(id);
      return u ? copy(u) : null;
    },
    async listByEmail(email, limit) {
      s.check();
      const ids = [...(t.userIdsByEmail.get(email) ?? [])].sort();
      return ids.slice(0, Math.max(0, limit)).map((id) => copy(t.users.get(id)!));
    },
    async list(accountId, filter: UserListFilter, page) {
      s.check();
      const rows: User[] = [];
      for (const id of t.userIdsByAccount.get(accountId) ?? []) {
        const u = t.users.get(id);
        if (u && (filter.role === undefined || u.role === filter.role)) rows.push(u);
      }
      return pageById(rows, page);
    },
    async update(user, expectedVersion) {
      s.checkWrite('users.update');
      const cur = find(user.accountId, user.id);
      if (!cur || cur.version !== expectedVersion) return false;
      if (user.email !== cur.email) {
        if (t.userIdByAccountEmail.has(emailKey(user))) throw new StorageConflictError('users.email');
        s.mapDelete(t.userIdByAccountEmail, emailKey(cur));
        s.mapSet(t.userIdByAccountEmail, emailKey(user), user.id);
        s.indexDelete(t.userIdsByEmail, cur.email, user.id);
        s.indexAdd(t.userIdsByEmail, user.email, user.id);
      }
      // Login state changes only through incrementFailedLogins/setLoginState, never through update.
      s.mapSet(t.users, user.id, {
        ...copy(user),
        failedLoginCount: cur.failedLoginCount,
        lockedUntil: cur.lockedUntil,
        lastLoginAt: cur.lastLoginAt,
        version: expectedVersion + 1,
      });
      return true;
    },
    async delete(accountId, id) {
      s.checkWrite('users.delete');
      const cur = find(accountId, id);
      if (!cur) return false;
      s.mapDelete(t.users, id);
      s.mapDelete(t.userIdByAccountEmail, emailKey(cur));
      s.indexDelete(t.userIdsByEmail, cur.email, id);
      s.indexDelete(t.userIdsByAccount, accountId, id);
      return true;
    },
    async maxConcurrentChats(accountId, ids) {
      s.check();
      const out: Record<Id, number> = {};
      for (const id of ids) {
        const u = t.users.get(id);
        if (u && u.accountId === accountId && u.maxConcurrentChats != null) out[id] = u.maxConcurrentChats;
      }
      return out;
    },
    async countByRole(accountId, role) {
      s.check();
      let n = 0;
      for (const id of t.userIdsByAccount.get(accountId) ?? []) if (t.users.get(id)?.role === role) n++;
      return n;
    },
    async incrementFailedLogins(accountId, id) {
      s.checkWrite('users.incrementFailedLogins');
      const cur = find(accountId, id);
      if (!cur) return 0;
      const failedLoginCount = cur.failedLoginCount + 1;
      s.mapSet(t.users, id, { ...cur, failedLoginCount });
      return failedLoginCount;
    },
    async setLoginState(accountId, id, state) {
      s.checkWrite('users.setLoginState');
      const cur = find(accountId, id);
      if (!cur) return;
      s.mapSet(t.users, id, {
        ...cur,
        failedLoginCount: state.failedLoginCount,
        lockedUntil: state.lockedUntil,
        lastLoginAt: state.lastLoginAt === undefined ? cur.lastLoginAt : state.lastLoginAt,
      });
    },
    async clearEndedLock(accountId, id, now) {
      s.checkWrite('users.clearEndedLock');
      const cur = find(accountId, id);
      if (!cur || cur.lockedUntil === null || cur.lockedUntil > now) return false;
      s.mapSet(t.users, id, { ...cur, failedLoginCount: 0, lockedUntil: null });
      return true;
    },
  };
};
