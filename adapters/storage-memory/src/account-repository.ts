import { GENESIS_HASH, StorageConflictError, type Account, type AccountRepository, type AuditHead, type Id } from '@parley/core';
import type { AuditTables } from './audit-repository.js';
import { copy, type WriteScope } from './scope.js';

/** The account table of the memory store; an account's insert also starts its audit chain. */
export interface AccountTables extends AuditTables {
  readonly accounts: Map<Id, Account>;
}

/** The account repository over the memory store's tables. */
export const accountRepository = (s: WriteScope, t: AccountTables): AccountRepository => ({
  /** Transactions already run one at a time here. */
  async lockSignups() {
    s.check();
  },
  async insert(account) {
    s.checkWrite('accounts.insert');
    if (t.accounts.has(account.id)) throw new StorageConflictError('accounts.id');
    s.mapSet(t.accounts, account.id, copy(account));
    const head: AuditHead = { accountId: account.id, seq: 0, hash: GENESIS_HASH, anchorSeq: 0, anchorHash: GENESIS_HASH };
    s.mapSet(t.audit, account.id, { head, entries: [], byId: new Map() });
  },
  async get(id) {
    s.check();
    const a = t.accounts.get(id);
    return a ? copy(a) : null;
  },
  async update(account, expectedVersion) {
    s.checkWrite('accounts.update');
    const cur = t.accounts.get(account.id);
    if (!cur || cur.version !== expectedVersion) return false;
    s.mapSet(t.accounts, account.id, { ...copy(account), version: expectedVersion + 1 });
    return true;
  },
  async count() {
    s.check();
    return t.accounts.size;
  },
  async listIds() {
    s.check();
    return [...t.accounts.keys()];
  },
});
