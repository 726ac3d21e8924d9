import type { ApiToken, ApiTokenRepository } from '@parley/core';
import { guardUnique } from './errors.js';
import type { RepositoryContext } from './repository-context.js';
import type { ApiTokensTable } from './schema.js';

const toRow = (t: ApiToken): ApiTokensTable => ({
  id: t.id,
  account_id: t.accountId,
  token_hash: t.tokenHash,
  label: t.label,
  created_at: t.createdAt,
  created_by: t.createdBy,
  last_used_at: t.lastUsedAt,
  scope: t.scope,
  expires_at: t.expiresAt,
});

const fromRow = (r: ApiTokensTable): ApiToken => ({
  id: r.id,
  accountId: r.account_id,
  tokenHash: r.token_hash,
  label: r.label,
  createdAt: r.created_at,
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at,
  scope: r.scope === 'read' ? 'read' : 'full',
  expiresAt: r.expires_at,
});

export const apiTokenRepository = ({ db }: RepositoryContext): ApiTokenRepository => ({
  async insert(token) {
    await guardUnique('api_tokens', () => db.insertInto('api_tokens').values(toRow(token)).execute());
  },

  async get(accountId, id) {
    const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return row ? fromRow(row) : null;
  },

  async findByTokenHash(tokenHash) {
    const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? fromRow(row) : null;
  },

  async list(accountId, limit) {
    const rows = await db
      .selectFrom('api_tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows.map(fromRow);
  },

  async delete(accountId, id) {
    // One DELETE: of concurrent deletions only one finds the row.
    const result = await db.deleteFrom('api_tokens').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  async touch(accountId, id, at) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
      .execute();
  },
});
