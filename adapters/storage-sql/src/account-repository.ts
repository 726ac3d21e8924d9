import { GENESIS_HASH, type Account, type AccountRepository, type Id } from '@parley/core';
import { sql } from 'kysely';
import { guardUnique } from './errors.js';
import { atomically, type RepositoryContext } from './repository-context.js';
import { accountFromRow, accountToRow } from './rows.js';

export const accountRepository = ({ db, traits }: RepositoryContext): AccountRepository => ({
  /**
   * MySQL: writes the `signup` row of `installation_locks`, which takes its exclusive row lock until
   * commit whether the row existed or not. SQLite's single connection already runs one transaction at
   * a time.
   */
  async lockSignups() {
    if (!traits.supportsForUpdate || !db.isTransaction) return;
    await sql`insert into installation_locks (name) values ('signup') on duplicate key update name = name`.execute(db);
  },

  /** The account and the start of its audit chain, together. */
  async insert(account: Account) {
    await atomically(db, async (t) => {
      await guardUnique('accounts', () => t.insertInto('accounts').values(accountToRow(account)).execute());
      await guardUnique('audit_heads', () =>
        t
          .insertInto('audit_heads')
          .values({ account_id: account.id, seq: 0, hash: GENESIS_HASH, anchor_seq: 0, anchor_hash: GENESIS_HASH })
          .execute(),
      );
    });
  },

  async get(id: Id) {
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? accountFromRow(row) : null;
  },

  async update(account: Account, expectedVersion: number) {
    const { id, version: _v, ...rest } = accountToRow(account);
    const result = await db
      .updateTable('accounts')
      .set({ ...rest, version: expectedVersion + 1 })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async count() {
    const row = await db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async listIds() {
    const rows = await db.selectFrom('accounts').select('id').orderBy('id').execute();
    return rows.map((r) => r.id);
  },
});
