import type { Id, Instant, Session, SessionRepository } from '@parley/core';
import { guardUnique } from './errors.js';
import type { RepositoryContext } from './repository-context.js';
import { sessionFromRow, sessionToRow } from './rows.js';

export const sessionRepository = ({ db }: RepositoryContext): SessionRepository => ({
  async insert(session: Session) {
    await guardUnique('sessions', () => db.insertInto('sessions').values(sessionToRow(session)).execute());
  },

  async get(tokenHash: string) {
    const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? sessionFromRow(row) : null;
  },

  async delete(tokenHash: string) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  },

  async deleteByUser(userId: Id) {
    const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** Sessions whose `expiresAt` is at or before `now`. */
  async deleteExpired(now: Instant) {
    const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
});
