import type { Kysely } from 'kysely';
import type { Id, PageRequest, Widget, WidgetRepository } from '@parley/core';
import { guardUnique } from './errors.js';
import { atomically, pageOf, type RepositoryContext } from './repository-context.js';
import { widgetFromRow, widgetToRow } from './rows.js';
import type { Database } from './schema.js';

/** Rewrites the `widget_agents` rows of one widget to match `agentIds`. */
const writeAgents = async (db: Kysely<Database>, widget: Widget, replace: boolean): Promise<void> => {
  if (replace) await db.deleteFrom('widget_agents').where('widget_id', '=', widget.id).execute();
  const ids = [...new Set(widget.agentIds)];
  if (ids.length === 0) return;
  await db
    .insertInto('widget_agents')
    .values(ids.map((userId) => ({ widget_id: widget.id, user_id: userId, account_id: widget.accountId })))
    .execute();
};

export const widgetRepository = ({ db }: RepositoryContext): WidgetRepository => ({
  async insert(widget: Widget) {
    await atomically(db, async (t) => {
      await guardUnique('widgets', () => t.insertInto('widgets').values(widgetToRow(widget)).execute());
      await writeAgents(t, widget, false);
    });
  },

  async get(accountId: Id, id: Id) {
    const row = await db.selectFrom('widgets').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    return row ? widgetFromRow(row) : null;
  },

  async getMany(accountId: Id, ids: readonly Id[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await db
      .selectFrom('widgets')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', 'in', unique)
      .orderBy('id')
      .execute();
    return rows.map(widgetFromRow);
  },

  async list(accountId: Id, page: PageRequest) {
    let q = db.selectFrom('widgets').selectAll().where('account_id', '=', accountId);
    if (page.cursor) q = q.where('id', '>', page.cursor);
    const limit = Math.max(0, page.limit);
    const rows = await q
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return pageOf(rows.map(widgetFromRow), limit, (w) => w.id);
  },

  async update(widget: Widget, expectedVersion: number) {
    return atomically(db, async (t) => {
      const { id, account_id, version: _version, ...rest } = widgetToRow(widget);
      const result = await t
        .updateTable('widgets')
        .set({ ...rest, version: expectedVersion + 1 })
        .where('id', '=', id)
        .where('account_id', '=', account_id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await writeAgents(t, widget, true);
      return true;
    });
  },

  async delete(accountId: Id, id: Id) {
    return atomically(db, async (t) => {
      await t.deleteFrom('widget_agents').where('widget_id', '=', id).where('account_id', '=', accountId).execute();
      const result = await t.deleteFrom('widgets').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  },

  async findById(id: Id) {
    const row = await db.selectFrom('widgets').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? widgetFromRow(row) : null;
  },

  /** Ordered by widget id. */
  async listByAgent(accountId: Id, userId: Id) {
    const rows = await db
      .selectFrom('widget_agents')
      .innerJoin('widgets', 'widgets.id', 'widget_agents.widget_id')
      .selectAll('widgets')
      .where('widget_agents.account_id', '=', accountId)
      .where('widget_agents.user_id', '=', userId)
      .orderBy('widgets.id')
      .execute();
    return rows.map(widgetFromRow);
  },
});
