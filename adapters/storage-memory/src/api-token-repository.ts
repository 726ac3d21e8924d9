import { StorageConflictError, type ApiToken, type ApiTokenRepository, type Id } from '@parley/core';
import { type WriteScope, copy, cmp } from './scope.js';

/** The API token table of the memory store. */
export class ApiTokenTables {
  readonly tokens = new Map<Id, ApiToken>();
  readonly idByTokenHash = new Map<string, Id>();
  readonly idsByAccount = new Map<Id, Set<Id>>();
}

/** The API token repository over the memory store's tables. */
export const apiTokenRepository = (s: WriteScope, t: ApiTokenTables): ApiTokenRepository => {
  const find = (accountId: Id, id: Id): ApiToken | null => {
    const token = t.tokens.get(id);
    return token && token.accountId === accountId ? token : null;
  };
  return {
    async insert(token) {
      s.checkWrite('apiTokens.insert');
      if (t.tokens.has(token.id)) throw new StorageConflictError('api_tokens.id');
      if (t.idByTokenHash.has(token.tokenHash)) throw new StorageConflictError('api_tokens.token_hash');
      s.mapSet(t.tokens, token.id, copy(token));
      s.mapSet(t.idByTokenHash, token.tokenHash, token.id);
      s.indexAdd(t.idsByAccount, token.accountId, token.id);
    },
    async get(accountId, id) {
      s.check();
      const token = find(accountId, id);
      return token ? copy(token) : null;
    },
    async findByTokenHash(tokenHash) {
      s.check();
      const id = t.idByTokenHash.get(tokenHash);
      const token = id === undefined ? undefined : t.tokens.get(id);
      return token ? copy(token) : null;
    },
    async list(accountId, limit) {
      s.check();
      const rows: ApiToken[] = [];
      for (const id of t.idsByAccount.get(accountId) ?? []) {
        const token = t.tokens.get(id);
        if (token) rows.push(token);
      }
      rows.sort((a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id));
      return rows.slice(0, Math.max(0, Math.floor(limit))).map(copy);
    },
    async delete(accountId, id) {
      s.checkWrite('apiTokens.delete');
      const token = find(accountId, id);
      if (!token) return false;
      s.mapDelete(t.tokens, id);
      s.mapDelete(t.idByTokenHash, token.tokenHash);
      s.indexDelete(t.idsByAccount, accountId, id);
      return true;
    },
    async touch(accountId, id, at) {
      s.checkWrite('apiTokens.touch');
      const token = find(accountId, id);
      if (!token || (token.lastUsedAt !== null && token.lastUsedAt >= at)) return;
      s.mapSet(t.tokens, id, { ...token, lastUsedAt: at });
    },
  };
};
