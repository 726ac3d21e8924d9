/**
 * Tests of this adapter's own choices that the conformance suite does not pin down (the name of every
 * violated constraint, multi-statement writes made under `read`, repeated migrations), shared by
 * `sqlite.test.ts` and `mysql.test.ts`.
 */
import { StorageConflictError } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceFixtures as f, defineChatSearchTests } from '@parley/conformance';
import type { SqlStorage } from '../src/sql-storage.js';

export const describeSqlAdapter = (
  name: string,
  setup: { create(): Promise<SqlStorage>; destroy(s: SqlStorage): Promise<void>; skip?: string | false },
): void => {
  describe.skipIf(Boolean(setup.skip))(`storage-sql (${name})`, () => {
    let s: SqlStorage;
    beforeAll(async () => {
      s = await setup.create();
    });
    afterAll(async () => {
      if (s) await setup.destroy(s);
    });

    it('names the violated constraint', async () => {
      const account = await f.seedAccount(s);
      const user = await f.seedUser(s, account.id);
      const conflict = async (fn: () => Promise<unknown>) => {
        const e = await fn().then(
          () => null,
          (err: unknown) => err,
        );
        expect(e).toBeInstanceOf(StorageConflictError);
        return (e as StorageConflictError).constraint;
      };
      expect(await conflict(() => s.transaction((tx) => tx.users.insert(f.user(account.id, { email: user.email }))))).toBe('users.email');
      expect(await conflict(() => s.transaction((tx) => tx.users.insert(f.user(account.id, { id: user.id }))))).toBe('users.id');
      expect(await conflict(() => s.transaction((tx) => tx.accounts.insert(f.account({ id: account.id }))))).toBe('accounts.id');
      const other = await f.seedUser(s, account.id);
      expect(await conflict(() => s.transaction((tx) => tx.users.update({ ...other, email: user.email }, other.version)))).toBe(
        'users.email',
      );
      const widget = await f.seedWidget(s, account.id);
      expect(await conflict(() => s.transaction((tx) => tx.widgets.insert(f.widget(account.id, { id: widget.id }))))).toBe('widgets.id');
      const session = f.session(user);
      await s.transaction((tx) => tx.sessions.insert(session));
      expect(await conflict(() => s.transaction((tx) => tx.sessions.insert(f.session(other, { tokenHash: session.tokenHash }))))).toBe(
        'sessions.token_hash',
      );
      const [first] = await f.seedAudit(s, account.id, [{}]);
      expect(await conflict(() => f.seedAudit(s, account.id, [{ id: first!.id }]))).toBe('audit_entries.id');
      expect(
        await conflict(() =>
          s.transaction((tx) => tx.audit.append(f.auditEntry({ accountId: account.id, seq: 0, hash: first!.prevHash }))),
        ),
      ).toBe('audit_entries.seq');
    });

    it('keeps multi-statement writes atomic outside a transaction', async () => {
      const account = f.account();
      await s.read((r) => r.accounts.insert(account));
      expect(await s.read((r) => r.audit.head(account.id))).toMatchObject({ seq: 0 });
      const user = await f.seedUser(s, account.id);
      expect(await s.read((r) => r.users.incrementFailedLogins(account.id, user.id))).toBe(1);
    });

    it('compares emails and ids exactly, trailing spaces and case included', async () => {
      const account = await f.seedAccount(s);
      const user = await f.seedUser(s, account.id);
      await s.read(async (r) => {
        expect(await r.users.getByEmail(account.id, `${user.email} `)).toBeNull();
        expect(await r.users.listByEmail(user.email.toUpperCase(), 10)).toEqual([]);
        expect(await r.users.get(account.id, `${user.id} `)).toBeNull();
      });
      const spaced = await f.seedUser(s, account.id, { email: `${user.email} ` });
      expect(await s.read((r) => r.users.listByEmail(`${user.email} `, 10))).toEqual([spaced]);
    });

    it('migrates idempotently', async () => {
      await s.migrate();
      await s.migrate();
    });
  });
};

/**
 * The conformance suite's search tests again with the full-text index alone (`searchScanChats: 0`) and with
 * the index taking over after two chats read directly (`2`): with the default, the suite's few chats are all
 * matched by the scan, and the indexes (SQLite's FTS5 tables and triggers, MySQL's word index) would go unchecked.
 */
export const describeSqlSearchPaths = (
  name: string,
  setup: {
    create(options: { searchScanChats: number }): Promise<SqlStorage>;
    destroy(s: SqlStorage): Promise<void>;
    skip?: string | false;
  },
): void => {
  for (const searchScanChats of [0, 2]) {
    describe.skipIf(Boolean(setup.skip))(
      `storage-sql (${name}): search through the index after ${searchScanChats} chats read directly`,
      () => {
        let s: SqlStorage;
        beforeAll(async () => {
          s = await setup.create({ searchScanChats });
        });
        afterAll(async () => {
          if (s) await setup.destroy(s);
        });
        defineChatSearchTests(() => s);
      },
    );
  }
};
