import { sql } from 'kysely';
import { labelNameKey, type CannedResponse, type CannedResponseRepository, type Label, type LabelRepository } from '@parley/core';
import { guardUnique } from './errors.js';
import { pageOf, type RepositoryContext } from './repository-context.js';
import type { CannedResponsesTable, LabelsTable } from './schema.js';

const cannedToRow = (r: CannedResponse): CannedResponsesTable => ({
  id: r.id,
  account_id: r.accountId,
  scope: r.widgetId ?? '',
  widget_id: r.widgetId,
  shortcut: r.shortcut,
  title: r.title,
  text: r.text,
  search_text: [r.shortcut, r.title, r.text].join('\n').toLowerCase(),
  created_at: r.createdAt,
  updated_at: r.updatedAt,
  version: r.version,
});

const cannedFromRow = (r: CannedResponsesTable): CannedResponse => ({
  id: r.id,
  accountId: r.account_id,
  shortcut: r.shortcut,
  title: r.title,
  text: r.text,
  widgetId: r.widget_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

const labelToRow = (l: Label): LabelsTable => ({
  id: l.id,
  account_id: l.accountId,
  name: l.name,
  name_key: labelNameKey(l.name),
  color: l.color,
  created_at: l.createdAt,
  updated_at: l.updatedAt,
  version: l.version,
});

const labelFromRow = (r: LabelsTable): Label => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  color: r.color,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: Number(r.version),
});

export const cannedResponseRepository = ({ db }: RepositoryContext): CannedResponseRepository => ({
  async insert(response) {
    await guardUnique('canned_responses', () => db.insertInto('canned_responses').values(cannedToRow(response)).execute());
  },

  async get(accountId, id) {
    const row = await db
      .selectFrom('canned_responses')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? cannedFromRow(row) : null;
  },

  async update(response, expectedVersion) {
    const { id, account_id, created_at: _c, version: _v, ...rest } = cannedToRow(response);
    const result = await guardUnique('canned_responses', () =>
      db
        .updateTable('canned_responses')
        .set({ ...rest, version: expectedVersion + 1 })
        .where('id', '=', id)
        .where('account_id', '=', account_id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  },

  async delete(accountId, id) {
    const result = await db.deleteFrom('canned_responses').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  async list(accountId, filter, page) {
    const limit = Math.max(0, page.limit);
    let q = db.selectFrom('canned_responses').selectAll().where('account_id', '=', accountId);
    const scope = filter.scope;
    if (scope) {
      const scopes = [...(scope.accountWide ? [''] : []), ...scope.widgetIds];
      if (scopes.length === 0) return { items: [], nextCursor: null };
      q = q.where('scope', 'in', scopes);
    }
    // instr, not LIKE: no wildcard to escape, and the same (case-sensitive) comparison on both dialects.
    if (filter.q) q = q.where(sql<number>`instr(search_text, ${filter.q.toLowerCase()})`, '>', 0);
    if (page.cursor) q = q.where('id', '>', page.cursor);
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return pageOf(rows.map(cannedFromRow), limit, (r) => r.id);
  },
});

export const labelRepository = ({ db }: RepositoryContext): LabelRepository => ({
  async insert(label) {
    await guardUnique('labels', () => db.insertInto('labels').values(labelToRow(label)).execute());
  },

  async get(accountId, id) {
    const row = await db.selectFrom('labels').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return row ? labelFromRow(row) : null;
  },

  async update(label, expectedVersion) {
    const { id, account_id, created_at: _c, version: _v, ...rest } = labelToRow(label);
    const result = await guardUnique('labels', () =>
      db
        .updateTable('labels')
        .set({ ...rest, version: expectedVersion + 1 })
        .where('id', '=', id)
        .where('account_id', '=', account_id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  },

  async delete(accountId, id) {
    const result = await db.deleteFrom('labels').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },

  async list(accountId) {
    const rows = await db.selectFrom('labels').selectAll().where('account_id', '=', accountId).orderBy('name_key').orderBy('id').execute();
    return rows.map(labelFromRow);
  },
});
