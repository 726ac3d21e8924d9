import type {
  Id,
  Instant,
  PasswordHistoryEntry,
  PasswordHistoryRepository,
  PasswordTicket,
  PasswordTicketRepository,
  SecurityRecord,
  SecurityRepository,
} from '@parley/core';
import { guardUnique } from './errors.js';
import { insertOrCompareAndSet } from './insert-or-compare-and-set.js';
import type { RepositoryContext } from './repository-context.js';
import type { PasswordHistoryTable, PasswordTicketsTable, SecuritySettingsTable } from './schema.js';

const recordToRow = (r: SecurityRecord, version: number): SecuritySettingsTable => ({
  account_id: r.accountId,
  settings: JSON.stringify(r.settings),
  passwords_expired_at: r.passwordsExpiredAt,
  updated_at: r.updatedAt,
  version,
});

const recordFromRow = (r: SecuritySettingsTable): SecurityRecord => ({
  accountId: r.account_id,
  settings: JSON.parse(r.settings) as SecurityRecord['settings'],
  passwordsExpiredAt: r.passwords_expired_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

const historyFromRow = (r: PasswordHistoryTable): PasswordHistoryEntry => ({
  id: r.id,
  accountId: r.account_id,
  userId: r.user_id,
  passwordHash: r.password_hash,
  setAt: r.set_at,
});

const ticketFromRow = (r: PasswordTicketsTable): PasswordTicket => ({
  tokenHash: r.token_hash,
  purpose: r.purpose as PasswordTicket['purpose'],
  userId: r.user_id,
  accountId: r.account_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export const securityRepository = ({ db }: RepositoryContext): SecurityRepository => ({
  async get(accountId: Id) {
    const row = await db.selectFrom('security_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row ? recordFromRow(row) : null;
  },

  /** Version 0 inserts (a duplicate key means someone else did first: false); otherwise compare-and-set. */
  async save(record: SecurityRecord, expectedVersion: number) {
    const row = recordToRow(record, expectedVersion + 1);
    const { account_id, ...rest } = row;
    return insertOrCompareAndSet('security_settings', expectedVersion, {
      insert: () => db.insertInto('security_settings').values(row).execute(),
      update: () =>
        db
          .updateTable('security_settings')
          .set(rest)
          .where('account_id', '=', account_id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
    });
  },
});

export const passwordHistoryRepository = ({ db }: RepositoryContext): PasswordHistoryRepository => {
  const newest = (accountId: Id, userId: Id) =>
    db
      .selectFrom('password_history')
      .where('user_id', '=', userId)
      .where('account_id', '=', accountId)
      .orderBy('set_at', 'desc')
      .orderBy('id', 'desc');
  return {
    async add(entry: PasswordHistoryEntry) {
      await guardUnique('password_history', () =>
        db
          .insertInto('password_history')
          .values({
            id: entry.id,
            account_id: entry.accountId,
            user_id: entry.userId,
            password_hash: entry.passwordHash,
            set_at: entry.setAt,
          })
          .execute(),
      );
    },

    async recent(accountId: Id, userId: Id, limit: number) {
      const rows = await newest(accountId, userId).selectAll().limit(Math.max(0, limit)).execute();
      return rows.map(historyFromRow);
    },

    async prune(accountId: Id, userId: Id, keep: number) {
      // The ids beyond the newest `keep`, read first: MySQL cannot LIMIT a subquery of the table it deletes from.
      const rows = await newest(accountId, userId).select('id').execute();
      const gone = rows.slice(Math.max(0, keep)).map((r) => r.id);
      if (gone.length === 0) return 0;
      const result = await db.deleteFrom('password_history').where('account_id', '=', accountId).where('id', 'in', gone).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteByUser(accountId: Id, userId: Id) {
      const result = await db
        .deleteFrom('password_history')
        .where('user_id', '=', userId)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
};

export const passwordTicketRepository = ({ db }: RepositoryContext): PasswordTicketRepository => ({
  async insert(ticket: PasswordTicket) {
    await guardUnique('password_tickets', () =>
      db
        .insertInto('password_tickets')
        .values({
          token_hash: ticket.tokenHash,
          purpose: ticket.purpose,
          user_id: ticket.userId,
          account_id: ticket.accountId,
          created_at: ticket.createdAt,
          expires_at: ticket.expiresAt,
        })
        .execute(),
    );
  },

  async get(tokenHash: string) {
    const row = await db.selectFrom('password_tickets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? ticketFromRow(row) : null;
  },

  /** The row lock taken by the delete makes a concurrent delete of the same ticket find nothing. */
  async delete(tokenHash: string) {
    const result = await db.deleteFrom('password_tickets').where('token_hash', '=', tokenHash).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  async deleteByUser(userId: Id) {
    const result = await db.deleteFrom('password_tickets').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async deleteExpired(now: Instant) {
    const result = await db.deleteFrom('password_tickets').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async pendingInvitations(accountId: Id, now: Instant) {
    const rows = await db
      .selectFrom('password_tickets')
      .select(['user_id', (eb) => eb.fn.max('expires_at').as('expires_at')])
      .where('account_id', '=', accountId)
      .where('purpose', '=', 'invitation')
      .where('expires_at', '>', now)
      .groupBy('user_id')
      .execute();
    return rows.map((r) => ({ userId: r.user_id, expiresAt: r.expires_at }));
  },
});
