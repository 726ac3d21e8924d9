import { expect } from 'vitest';
import type { Account, AuditEntry, Id, Repositories, Storage, User, Widget } from '@parley/core';
import { seedAccount, seedAudit, seedUser, seedWidget } from './fixtures.js';

/** Lets other promises run, so that concurrent transactions get a chance to interleave. */
export const pause = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export const byId = (a: { id: Id }, b: { id: Id }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An error that a test throws to make its transaction roll back. */
export class Rollback extends Error {
  constructor() {
    super('deliberate rollback');
    this.name = 'Rollback';
  }
}

/** The shorthands the per-area storage suites share, bound to the store under test. */
export function storageHelpers(storage: () => Storage) {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  return {
    tx,
    read,
    /** Runs `fn` in a transaction, then throws so that it rolls back; asserts that the throw came through. */
    rolledBack: async (fn: (r: Repositories) => Promise<void>): Promise<void> => {
      await expect(
        tx(async (r) => {
          await fn(r);
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
    },
    newAccount: (o: Partial<Account> = {}) => seedAccount(storage(), o),
    newUser: (accountId: Id, o: Partial<User> = {}) => seedUser(storage(), accountId, o),
    newWidget: (accountId: Id, o: Partial<Widget> = {}) => seedWidget(storage(), accountId, o),
    appendEntries: (accountId: Id, o: readonly Partial<AuditEntry>[]) => seedAudit(storage(), accountId, o),
    headOf: (accountId: Id) => read((r) => r.audit.head(accountId)),
    seqs: (entries: readonly AuditEntry[]) => entries.map((e) => e.seq),
  };
}
