import type { Id, MonitorLayout, MonitorLayoutRepository, MonitorShareLink, MonitorShareLinkRepository } from '@parley/core';
import { guardUnique } from './errors.js';
import { insertOrCompareAndSet } from './insert-or-compare-and-set.js';
import type { RepositoryContext } from './repository-context.js';
import type { MonitorLayoutsTable, MonitorShareLinksTable } from './schema.js';

const shareLinkToRow = (l: MonitorShareLink): MonitorShareLinksTable => ({
  id: l.id,
  account_id: l.accountId,
  token_hash: l.tokenHash,
  label: l.label,
  widget_ids: l.widgetIds === null ? null : JSON.stringify(l.widgetIds),
  created_at: l.createdAt,
  created_by: l.createdBy,
  expires_at: l.expiresAt,
  revoked_at: l.revokedAt,
  revoked_by: l.revokedBy,
});

const shareLinkFromRow = (r: MonitorShareLinksTable): MonitorShareLink => ({
  id: r.id,
  accountId: r.account_id,
  tokenHash: r.token_hash,
  label: r.label,
  widgetIds: r.widget_ids === null ? null : (JSON.parse(r.widget_ids) as Id[]),
  createdAt: r.created_at,
  createdBy: r.created_by,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

const layoutFromRow = (r: MonitorLayoutsTable): MonitorLayout => ({
  accountId: r.account_id,
  userId: r.user_id,
  widgetIds: JSON.parse(r.widget_ids) as Id[],
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const monitorShareLinkRepository = ({ db }: RepositoryContext): MonitorShareLinkRepository => ({
  async insert(link) {
    await guardUnique('monitor_share_links', () => db.insertInto('monitor_share_links').values(shareLinkToRow(link)).execute());
  },

  async get(accountId, id) {
    const row = await db
      .selectFrom('monitor_share_links')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? shareLinkFromRow(row) : null;
  },

  async findByTokenHash(tokenHash) {
    const row = await db.selectFrom('monitor_share_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? shareLinkFromRow(row) : null;
  },

  async list(accountId, limit) {
    const rows = await db
      .selectFrom('monitor_share_links')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows.map(shareLinkFromRow);
  },

  async revoke(accountId, id, at, by) {
    // One conditional UPDATE: of concurrent revocations only one matches `revoked_at IS NULL`.
    const result = await db
      .updateTable('monitor_share_links')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
});

export const monitorLayoutRepository = ({ db }: RepositoryContext): MonitorLayoutRepository => ({
  async get(accountId, userId) {
    const row = await db
      .selectFrom('monitor_layouts')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? layoutFromRow(row) : null;
  },

  async put(layout, expectedVersion) {
    const values = { widget_ids: JSON.stringify(layout.widgetIds), updated_at: layout.updatedAt, version: expectedVersion + 1 };
    return insertOrCompareAndSet('monitor_layouts', expectedVersion, {
      insert: () =>
        db
          .insertInto('monitor_layouts')
          .values({ account_id: layout.accountId, user_id: layout.userId, ...values })
          .execute(),
      update: () =>
        db
          .updateTable('monitor_layouts')
          .set(values)
          .where('account_id', '=', layout.accountId)
          .where('user_id', '=', layout.userId)
          .where('version', '=', expectedVersion)
          .executeTakeFirst(),
    });
  },
});
