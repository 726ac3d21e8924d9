import { StorageConflictError, type Id, type Instant, type Session, type SessionRepository } from '@parley/core';
import { copy, type WriteScope } from './scope.js';

/** The session table of the memory store, keyed by token hash, and its index by user. */
export interface SessionTables {
  readonly sessions: Map<string, Session>;
  readonly sessionsByUser: Map<Id, Set<string>>;
}

/** The session repository over the memory store's tables. */
export const sessionRepository = (s: WriteScope, t: SessionTables): SessionRepository => {
  const remove = (tokenHash: string): boolean => {
    const cur = t.sessions.get(tokenHash);
    if (!cur) return false;
    s.mapDelete(t.sessions, tokenHash);
    s.indexDelete(t.sessionsByUser, cur.userId, tokenHash);
    return true;
  };
  return {
    async insert(session) {
      s.checkWrite('sessions.insert');
      if (t.sessions.has(session.tokenHash)) throw new StorageConflictError('sessions.tokenHash');
      s.mapSet(t.sessions, session.tokenHash, copy(session));
      s.indexAdd(t.sessionsByUser, session.userId, session.tokenHash);
    },
    async get(tokenHash) {
      s.check();
      const cur = t.sessions.get(tokenHash);
      return cur ? copy(cur) : null;
    },
    async delete(tokenHash) {
      s.checkWrite('sessions.delete');
      remove(tokenHash);
    },
    async deleteByUser(userId) {
      s.checkWrite('sessions.deleteByUser');
      let n = 0;
      for (const tokenHash of [...(t.sessionsByUser.get(userId) ?? [])]) if (remove(tokenHash)) n++;
      return n;
    },
    async deleteExpired(now: Instant) {
      s.checkWrite('sessions.deleteExpired');
      const expired: string[] = [];
      for (const [tokenHash, session] of t.sessions) if (session.expiresAt <= now) expired.push(tokenHash);
      for (const tokenHash of expired) remove(tokenHash);
      return expired.length;
    },
  };
};
