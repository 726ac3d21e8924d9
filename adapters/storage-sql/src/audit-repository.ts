import { StorageConflictError, type AuditEntry, type AuditFilter, type AuditRepository, type Id, type Instant } from '@parley/core';
import { sql } from 'kysely';
import { guardUnique } from './errors.js';
import { atomically, type RepositoryContext } from './repository-context.js';
import { auditEntryFromRow, auditEntryToRow, auditHeadFromRow } from './rows.js';

export const auditRepository = ({ db, traits }: RepositoryContext): AuditRepository => {
  const headQuery = (accountId: Id) => db.selectFrom('audit_heads').selectAll().where('account_id', '=', accountId);

  /**
   * `audit_entries`, with the index named on MySQL (see {@link auditIndexFor}). The index name is one
   * of our constants; every value in the query is still a bound parameter.
   */
  const tableFor = (index: string) =>
    traits.name === 'mysql'
      ? db.selectFrom(sql.raw(`audit_entries force index (${index})`) as unknown as 'audit_entries')
      : db.selectFrom('audit_entries');

  /**
   * The seq range a date filter covers: `atLeast` = the first seq created at or after `from`, `below` =
   * one past the last seq created at or before `to` (null when unbounded). Null when nothing is in range.
   */
  const seqBounds = async (accountId: Id, filter: AuditFilter): Promise<{ atLeast: number | null; below: number | null } | null> => {
    /** The seq of the first (`asc`) or last (`desc`) entry on the given side of an instant. */
    const edge = async (op: '>=' | '<=', at: Instant, dir: 'asc' | 'desc') => {
      const row = await tableFor('audit_entries_created_idx')
        .select('seq')
        .where('account_id', '=', accountId)
        .where('created_at', op, at)
        .orderBy('created_at', dir)
        .orderBy('seq', dir)
        .limit(1)
        .executeTakeFirst();
      return row ? Number(row.seq) : null;
    };
    const first = filter.from === undefined ? undefined : await edge('>=', filter.from, 'asc');
    const last = filter.to === undefined ? undefined : await edge('<=', filter.to, 'desc');
    if (first === null || last === null) return null;
    return { atLeast: first ?? null, below: last === undefined ? null : last + 1 };
  };

  return {
    /** `SELECT ... FOR UPDATE` inside a MySQL transaction; SQLite's single connection already serialises. */
    async lockHead(accountId: Id) {
      const q = headQuery(accountId);
      const row = await (traits.supportsForUpdate && db.isTransaction ? q.forUpdate() : q).executeTakeFirst();
      return row ? auditHeadFromRow(row) : null;
    },

    /**
     * Moves the head with a compare-and-set on its `seq` (which also locks it on MySQL), then inserts the
     * entry. An entry that does not follow the head throws, and nothing is written.
     */
    async append(entry: AuditEntry) {
      await atomically(db, async (t) => {
        const moved = await t
          .updateTable('audit_heads')
          .set({ seq: entry.seq, hash: entry.hash })
          .where('account_id', '=', entry.accountId)
          .where('seq', '=', entry.seq - 1)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) {
          const head = await t.selectFrom('audit_heads').select('seq').where('account_id', '=', entry.accountId).executeTakeFirst();
          if (!head) throw new Error(`Cannot append audit entry ${entry.id}: account ${entry.accountId} has no audit chain.`);
          const headSeq = Number(head.seq);
          if (entry.seq <= headSeq) throw new StorageConflictError('audit_entries.seq');
          throw new Error(`Cannot append audit entry ${entry.id}: seq ${entry.seq} does not follow the head's seq ${headSeq}.`);
        }
        await guardUnique('audit_entries', () => t.insertInto('audit_entries').values(auditEntryToRow(entry)).execute());
      });
    },

    async get(accountId: Id, id: Id) {
      const row = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row ? auditEntryFromRow(row) : null;
    },

    async list(accountId: Id, filter: AuditFilter, beforeSeq: number | null, limit: number) {
      // "Any of no types" matches nothing.
      if (filter.types !== undefined && filter.types.length === 0) return [];
      if (limit <= 0) return [];
      // Appends never go back in time, so a date range is also a seq range: two index probes find its
      // ends, and the page query below becomes a short range scan whatever the window.
      const bounds = await seqBounds(accountId, filter);
      if (bounds === null) return [];
      const below = beforeSeq === null ? bounds.below : bounds.below === null ? beforeSeq : Math.min(beforeSeq, bounds.below);
      let q = tableFor(auditIndexFor(filter)).selectAll().where('account_id', '=', accountId);
      if (below !== null) q = q.where('seq', '<', below);
      if (bounds.atLeast !== null) q = q.where('seq', '>=', bounds.atLeast);
      if (filter.from !== undefined) q = q.where('created_at', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('created_at', '<=', filter.to);
      if (filter.types !== undefined) q = q.where('type', 'in', [...filter.types]);
      if (filter.widgetId !== undefined) q = q.where('widget_id', '=', filter.widgetId);
      if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
      if (filter.actorKind !== undefined) {
        // Only people have a user id. The kind itself is in the actor's JSON, written by JSON.stringify (no spaces,
        // and a quote inside a value is escaped), so the pair `"kind":"…"` appears nowhere else.
        q = q.where('actor_id', filter.actorKind === 'user' ? 'is not' : 'is', null);
        q = q.where('actor', 'like', `%"kind":"${filter.actorKind}"%`);
      }
      const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(auditEntryFromRow);
    },

    async scan(accountId: Id, afterSeq: number, limit: number) {
      if (limit <= 0) return [];
      const rows = await tableFor('audit_entries_seq_uq')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map(auditEntryFromRow);
    },

    /**
     * Deletes the oldest run of entries (by seq) created before `cutoff`: the run ends at the first entry
     * created at or after it, so an entry stamped late by a clock step back keeps every later one. The
     * anchor moves to the newest entry deleted, and never backwards. On MySQL the head is locked first,
     * so a purge and an append to one account never interleave, and the reads are locking reads (which
     * see the latest committed rows, not the transaction's snapshot).
     */
    async purgeBefore(accountId: Id, cutoff: Instant) {
      return atomically(db, async (t) => {
        const lock = traits.supportsForUpdate;
        if (lock) await t.selectFrom('audit_heads').select('seq').where('account_id', '=', accountId).forUpdate().execute();
        const firstKeptQuery = t
          .selectFrom('audit_entries')
          .select('seq')
          .where('account_id', '=', accountId)
          .where('created_at', '>=', cutoff)
          .orderBy('seq', 'asc')
          .limit(1);
        const firstKept = await (lock ? firstKeptQuery.forUpdate() : firstKeptQuery).executeTakeFirst();
        let lastQuery = t.selectFrom('audit_entries').select(['seq', 'hash']).where('account_id', '=', accountId);
        if (firstKept) lastQuery = lastQuery.where('seq', '<', firstKept.seq);
        lastQuery = lastQuery.orderBy('seq', 'desc').limit(1);
        const last = await (lock ? lastQuery.forUpdate() : lastQuery).executeTakeFirst();
        if (!last) return 0;
        const deleted = await t
          .deleteFrom('audit_entries')
          .where('account_id', '=', accountId)
          .where('seq', '<=', last.seq)
          .executeTakeFirst();
        await t
          .updateTable('audit_heads')
          .set({ anchor_seq: last.seq, anchor_hash: last.hash })
          .where('account_id', '=', accountId)
          .where('anchor_seq', '<', last.seq)
          .execute();
        return Number(deleted.numDeletedRows);
      });
    },

    async head(accountId: Id) {
      const row = await headQuery(accountId).executeTakeFirst();
      return row ? auditHeadFromRow(row) : null;
    },
  };
};

/**
 * The index that serves an audit page on MySQL. Paging walks `seq` downwards from a cursor; left to
 * itself, MariaDB picks a `ref` scan on `account_id` and reads every newer row before reaching the
 * cursor, which makes deep pages (and a full export) quadratic. Naming the index makes it a range scan
 * that starts at the cursor. Each index ends in `(seq, created_at)`, so a date range is filtered in the
 * index without reading rows.
 */
export const auditIndexFor = (filter: Pick<AuditFilter, 'types' | 'widgetId' | 'actorId' | 'actorKind'>): string => {
  const oneType = filter.types?.length === 1;
  if (filter.widgetId !== undefined) return oneType ? 'audit_entries_widget_type_idx' : 'audit_entries_widget_idx';
  // Parley's own entries and API tokens' have no user id: the index's null range holds them, newest first.
  if (filter.actorId !== undefined || filter.actorKind === 'system' || filter.actorKind === 'api_token') return 'audit_entries_actor_idx';
  if (oneType) return 'audit_entries_type_idx';
  return 'audit_entries_seq_uq';
};
