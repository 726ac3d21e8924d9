import type {
  Delivery,
  DeliveryAttempt,
  DeliveryLease,
  DeliveryListFilter,
  DeliveryOutcome,
  DeliveryRepository,
  Id,
  Instant,
  Integration,
  IntegrationKind,
  IntegrationRepository,
  PageRequest,
} from '@parley/core';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { guardUnique } from './errors.js';
import { atomically, pageOf, type RepositoryContext } from './repository-context.js';
import type { Database, DeliveriesTable, DeliveryAttemptsTable, IntegrationsTable } from './schema.js';

const json = (text: string): unknown => JSON.parse(text);

/** Deliveries deleted by one statement of a purge. */
const PURGE_BATCH = 500;

export const integrationToRow = (i: Integration): IntegrationsTable => ({
  widget_id: i.widgetId,
  kind: i.kind,
  account_id: i.accountId,
  settings: JSON.stringify(i.settings),
  created_at: i.createdAt,
  updated_at: i.updatedAt,
  version: i.version,
});

export const integrationFromRow = (r: IntegrationsTable): Integration =>
  ({
    kind: r.kind as IntegrationKind,
    accountId: r.account_id,
    widgetId: r.widget_id,
    settings: json(r.settings),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  }) as Integration;

export const deliveryToRow = (d: Delivery): DeliveriesTable => ({
  id: d.id,
  account_id: d.accountId,
  widget_id: d.widgetId,
  target: d.target,
  event_type: d.eventType,
  payload: JSON.stringify(d.payload),
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  last_error: d.lastError,
  last_status: d.lastStatus,
  claimed_by: d.claimedBy,
  claim_until: d.claimUntil,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
});

export const deliveryFromRow = (r: DeliveriesTable): Delivery => ({
  id: r.id,
  accountId: r.account_id,
  widgetId: r.widget_id,
  target: r.target as Delivery['target'],
  eventType: r.event_type as Delivery['eventType'],
  payload: json(r.payload) as Delivery['payload'],
  status: r.status as Delivery['status'],
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  claimedBy: r.claimed_by,
  claimUntil: r.claim_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const attemptToRow = (a: DeliveryAttempt): DeliveryAttemptsTable => ({
  id: a.id,
  delivery_id: a.deliveryId,
  account_id: a.accountId,
  started_at: a.startedAt,
  latency_ms: a.latencyMs,
  status: a.status,
  ok: a.ok ? 1 : 0,
  error: a.error,
  response_snippet: a.responseSnippet,
  worker_id: a.workerId,
});

export const attemptFromRow = (r: DeliveryAttemptsTable): DeliveryAttempt => ({
  id: r.id,
  deliveryId: r.delivery_id,
  accountId: r.account_id,
  startedAt: r.started_at,
  latencyMs: Number(r.latency_ms),
  status: r.status === null ? null : Number(r.status),
  ok: Number(r.ok) === 1,
  error: r.error,
  responseSnippet: r.response_snippet,
  workerId: r.worker_id,
});

const KIND_ORDER: Record<string, number> = { open_api: 0, salesforce: 1 };

export const integrationRepository = ({ db }: RepositoryContext): IntegrationRepository => ({
  async get(accountId: Id, widgetId: Id, kind: IntegrationKind) {
    const row = await db
      .selectFrom('integrations')
      .selectAll()
      .where('widget_id', '=', widgetId)
      .where('kind', '=', kind)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? integrationFromRow(row) : null;
  },

  async listByWidget(accountId: Id, widgetId: Id) {
    const rows = await db
      .selectFrom('integrations')
      .selectAll()
      .where('widget_id', '=', widgetId)
      .where('account_id', '=', accountId)
      .execute();
    return rows.map(integrationFromRow).sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9));
  },

  async put(integration: Integration, expectedVersion: number | null) {
    const row = integrationToRow(integration);
    if (expectedVersion === null) {
      await guardUnique('integrations', () => db.insertInto('integrations').values(row).execute());
      return true;
    }
    const { widget_id, kind, account_id, created_at: _created, version: _version, ...rest } = row;
    const result = await db
      .updateTable('integrations')
      .set({ ...rest, version: expectedVersion + 1 })
      .where('widget_id', '=', widget_id)
      .where('kind', '=', kind)
      .where('account_id', '=', account_id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async delete(accountId: Id, widgetId: Id, kind: IntegrationKind, expectedVersion: number) {
    const result = await db
      .deleteFrom('integrations')
      .where('widget_id', '=', widgetId)
      .where('kind', '=', kind)
      .where('account_id', '=', accountId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  },
});

const DUE_STATUSES = ['pending', 'in_flight'];

/** Selects the rows a claim may take: due, earliest first. */
const dueQuery = (db: Kysely<Database>, now: Instant, limit: number) =>
  db
    .selectFrom('deliveries')
    .select('id')
    .where('next_attempt_at', '<=', now)
    .where('status', 'in', DUE_STATUSES)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);

export const deliveryRepository = ({ db, traits }: RepositoryContext): DeliveryRepository => {
  const claimed = (workerId: string, until: Instant) => ({
    status: 'in_flight',
    claimed_by: workerId,
    claim_until: until,
    next_attempt_at: until,
  });

  /**
   * MySQL/MariaDB: lock the due rows with `FOR UPDATE SKIP LOCKED` (rows another claimer holds are
   * passed over, not waited for), mark them, read them back — all in one transaction.
   */
  const claimLocking = (now: Instant, limit: number, workerId: string, until: Instant) =>
    atomically(db, async (t) => {
      const ids = (await dueQuery(t, now, limit).forUpdate().skipLocked().execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await t.updateTable('deliveries').set(claimed(workerId, until)).where('id', 'in', ids).execute();
      const rows = await t.selectFrom('deliveries').selectAll().where('id', 'in', ids).execute();
      return rows.map(deliveryFromRow);
    });

  /**
   * SQLite: one `UPDATE ... WHERE id IN (due rows) RETURNING *` statement. A statement holds the
   * database's write lock from start to end, so two claimers (even in two processes on one file) can
   * never both take a row.
   */
  const claimSingleStatement = async (now: Instant, limit: number, workerId: string, until: Instant) => {
    const rows = await db
      .updateTable('deliveries')
      .set(claimed(workerId, until))
      .where('id', 'in', dueQuery(db, now, limit))
      .returningAll()
      .execute();
    return rows.map(deliveryFromRow);
  };

  // Decided once, at construction: the dialect's way of claiming.
  const claim = traits.supportsForUpdate ? claimLocking : claimSingleStatement;

  const leaseHeld = (lease: DeliveryLease) => (eb: ExpressionBuilder<Database, 'deliveries'>) =>
    eb.and([eb('status', '=', 'in_flight'), eb('claimed_by', '=', lease.claimedBy), eb('claim_until', '=', lease.claimUntil)]);

  return {
    async insert(delivery: Delivery) {
      await guardUnique('deliveries', () => db.insertInto('deliveries').values(deliveryToRow(delivery)).execute());
    },

    async get(accountId: Id, id: Id) {
      const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return row ? deliveryFromRow(row) : null;
    },

    async listByWidget(accountId: Id, widgetId: Id, filter: DeliveryListFilter, page: PageRequest) {
      let q = db.selectFrom('deliveries').selectAll().where('account_id', '=', accountId).where('widget_id', '=', widgetId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (page.cursor) q = q.where('id', '<', page.cursor);
      const limit = Math.max(0, Math.floor(page.limit));
      const rows = await q
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return pageOf(rows.map(deliveryFromRow), limit, (d) => d.id);
    },

    async claimDue(now: Instant, limit: number, workerId: string, leaseMs: number) {
      const n = Math.max(0, Math.floor(limit));
      if (n === 0) return [];
      return claim(now, n, workerId, new Date(Date.parse(now) + leaseMs).toISOString());
    },

    async complete(id: Id, lease: DeliveryLease, outcome: DeliveryOutcome, attempt: DeliveryAttempt) {
      return atomically(db, async (t) => {
        const result = await t
          .updateTable('deliveries')
          .set({
            status: outcome.status,
            attempts: outcome.attempts,
            next_attempt_at: outcome.nextAttemptAt,
            last_error: outcome.lastError,
            last_status: outcome.lastStatus,
            updated_at: outcome.updatedAt,
            claimed_by: null,
            claim_until: null,
          })
          .where('id', '=', id)
          .where('account_id', '=', attempt.accountId)
          .where(leaseHeld(lease))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await guardUnique('delivery_attempts', () => t.insertInto('delivery_attempts').values(attemptToRow(attempt)).execute());
        return true;
      });
    },

    async release(ids: readonly Id[], lease: DeliveryLease, now: Instant) {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'pending', next_attempt_at: now, claimed_by: null, claim_until: null, updated_at: now })
        .where('id', 'in', [...ids])
        .where(leaseHeld(lease))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async requeue(accountId: Id, id: Id, now: Instant) {
      const result = await db
        .updateTable('deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claim_until: null, updated_at: now })
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('status', '!=', 'in_flight'), eb('claim_until', 'is', null), eb('claim_until', '<=', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async expedite(accountId: Id, widgetId: Id, target: IntegrationKind, now: Instant) {
      const result = await db
        .updateTable('deliveries')
        .set({ next_attempt_at: now })
        .where('account_id', '=', accountId)
        .where('widget_id', '=', widgetId)
        .where('target', '=', target)
        .where('status', '=', 'pending')
        .where('next_attempt_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async purgeBefore(accountId: Id, cutoff: Instant) {
      return atomically(db, async (t) => {
        const ids = (
          await t
            .selectFrom('deliveries')
            .select('id')
            .where('account_id', '=', accountId)
            .where('created_at', '<', cutoff)
            .where('status', 'not in', DUE_STATUSES)
            .execute()
        ).map((r) => r.id);
        for (let i = 0; i < ids.length; i += PURGE_BATCH) {
          const batch = ids.slice(i, i + PURGE_BATCH);
          await t.deleteFrom('delivery_attempts').where('delivery_id', 'in', batch).execute();
          await t.deleteFrom('deliveries').where('id', 'in', batch).execute();
        }
        return ids.length;
      });
    },

    async listAttempts(accountId: Id, deliveryId: Id) {
      const rows = await db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('delivery_id', '=', deliveryId)
        .where('account_id', '=', accountId)
        .orderBy('started_at')
        .orderBy('id')
        .execute();
      return rows.map(attemptFromRow);
    },
  };
};
