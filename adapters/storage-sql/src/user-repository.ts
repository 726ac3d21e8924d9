import type { Id, Instant, PageRequest, User, UserListFilter, UserRepository } from '@parley/core';
import { guardUnique } from './errors.js';
import { atomically, pageOf, type RepositoryContext } from './repository-context.js';
import { userFromRow, userToRow } from './rows.js';

export const userRepository = ({ db }: RepositoryContext): UserRepository => ({
  async insert(user: User) {
    await guardUnique('users', () => db.insertInto('users').values(userToRow(user)).execute());
  },

  async get(accountId: Id, id: Id) {
    const row = await db.selectFrom('users').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return row ? userFromRow(row) : null;
  },

  async getMany(accountId: Id, ids: readonly Id[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await db
      .selectFrom('users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', 'in', unique)
      .orderBy('id')
      .execute();
    return rows.map(userFromRow);
  },

  async getByEmail(accountId: Id, email: string) {
    const row = await db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('email', '=', email).executeTakeFirst();
    return row ? userFromRow(row) : null;
  },

  async listByEmail(email: string, limit: number) {
    const rows = await db.selectFrom('users').selectAll().where('email', '=', email).orderBy('id').limit(Math.max(0, limit)).execute();
    return rows.map(userFromRow);
  },

  async list(accountId: Id, filter: UserListFilter, page: PageRequest) {
    let q = db.selectFrom('users').selectAll().where('account_id', '=', accountId);
    if (filter.role !== undefined) q = q.where('role', '=', filter.role);
    if (page.cursor) q = q.where('id', '>', page.cursor);
    const limit = Math.max(0, page.limit);
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return pageOf(rows.map(userFromRow), limit, (u) => u.id);
  },

  /** Writes everything but the login state, which only `incrementFailedLogins` and `setLoginState` change. */
  async update(user: User, expectedVersion: number) {
    const {
      id,
      account_id,
      version: _version,
      failed_login_count: _failed,
      locked_until: _locked,
      last_login_at: _lastLogin,
      ...rest
    } = userToRow(user);
    const result = await guardUnique('users', () =>
      db
        .updateTable('users')
        .set({ ...rest, version: expectedVersion + 1 })
        .where('id', '=', id)
        .where('account_id', '=', account_id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  },

  async delete(accountId: Id, id: Id) {
    const result = await db.deleteFrom('users').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async maxConcurrentChats(accountId: Id, ids: readonly Id[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return {};
    const rows = await db
      .selectFrom('users')
      .select(['id', 'max_concurrent_chats'])
      .where('account_id', '=', accountId)
      .where('id', 'in', unique)
      .where('max_concurrent_chats', 'is not', null)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.id, Number(r.max_concurrent_chats)]));
  },

  async countByRole(accountId: Id, role: User['role']) {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('role', '=', role)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /**
   * The increment happens in the database (`count = count + 1`) and the new value is read back in the
   * same transaction, whose row lock keeps concurrent increments apart.
   */
  async incrementFailedLogins(accountId: Id, id: Id) {
    return atomically(db, async (t) => {
      await t
        .updateTable('users')
        .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .execute();
      const row = await t
        .selectFrom('users')
        .select('failed_login_count')
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row ? Number(row.failed_login_count) : 0;
    });
  },

  async setLoginState(accountId: Id, id: Id, state: { failedLoginCount: number; lockedUntil: Instant | null; lastLoginAt?: Instant }) {
    await db
      .updateTable('users')
      .set({
        failed_login_count: state.failedLoginCount,
        locked_until: state.lockedUntil,
        ...(state.lastLoginAt !== undefined ? { last_login_at: state.lastLoginAt } : {}),
      })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .execute();
  },

  /** One conditional update: of concurrent callers, only the first still finds the lock to clear. */
  async clearEndedLock(accountId: Id, id: Id, now: Instant) {
    const result = await db
      .updateTable('users')
      .set({ failed_login_count: 0, locked_until: null })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('locked_until', 'is not', null)
      .where('locked_until', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
});
